import { z } from 'zod'
import { IsoDateTime, PageInfo, PaginationQuery } from '../../schemas/common.js'

export const ApiKeyRoleSchema = z.enum(['admin', 'editor']).describe('admin: everything; editor: write articles and bylines')
export type ApiKeyRole = z.infer<typeof ApiKeyRoleSchema>

export const ApiKeySchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    role: ApiKeyRoleSchema,
    prefix: z.string().describe('The first characters of the key, to tell keys apart'),
    createdAt: IsoDateTime,
    lastUsedAt: IsoDateTime.nullable(),
  })
  .meta({ id: 'ApiKey' })
export type ApiKey = z.infer<typeof ApiKeySchema>

export const CreatedApiKeySchema = ApiKeySchema.extend({
  key: z.string().describe('The secret key. Shown once: only its hash is stored.'),
}).meta({ id: 'CreatedApiKey' })

export const CreateApiKeyBody = z.strictObject({
  name: z.string().trim().min(1).max(100).describe('Who or what uses the key, e.g. "night desk" or "ingest bot"'),
  role: ApiKeyRoleSchema,
})
export type CreateApiKeyBody = z.infer<typeof CreateApiKeyBody>

export const ListApiKeysQuery = PaginationQuery

export const ApiKeyListSchema = z.object({ items: z.array(ApiKeySchema), page: PageInfo }).meta({ id: 'ApiKeyList' })

export const ApiKeyIdParams = z.object({ id: z.uuid() })
