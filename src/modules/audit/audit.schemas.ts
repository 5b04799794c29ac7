import { z } from 'zod'
import { IsoDateTime, PageInfo, PaginationQuery } from '../../schemas/common.js'

export const AuditResourceSchema = z.enum([
  'article',
  'byline',
  'slot',
  'key',
  'webhook',
  'section',
  'tag',
  'import',
])
export type AuditResource = z.infer<typeof AuditResourceSchema>

export const AuditEntrySchema = z
  .object({
    id: z.uuid(),
    keyId: z
      .uuid()
      .nullable()
      .describe('The key that made the change; null for start-up and command-line tasks'),
    keyName: z.string(),
    action: z.string().describe('e.g. `article.update`, `article.publish`, `byline.delete`'),
    resourceType: AuditResourceSchema,
    resourceId: z.string(),
    requestId: z.string().describe('The x-request-id of the request, to match with logs'),
    createdAt: IsoDateTime,
  })
  .meta({ id: 'AuditEntry' })
export type AuditEntry = z.infer<typeof AuditEntrySchema>

export const ListAuditQuery = PaginationQuery.extend({
  resourceType: AuditResourceSchema.optional(),
  resourceId: z.string().max(200).optional(),
  keyId: z.uuid().optional(),
})
export type ListAuditQuery = z.infer<typeof ListAuditQuery>

export const AuditListSchema = z
  .object({ items: z.array(AuditEntrySchema), page: PageInfo })
  .meta({ id: 'AuditList' })
