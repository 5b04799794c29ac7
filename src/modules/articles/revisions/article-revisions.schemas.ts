import { z } from 'zod'
import {
  IdOrSlugParams,
  IsoDateTime,
  PageInfo,
  PaginationQuery,
  QueryInt,
} from '../../../schemas/common.js'
import { StoredArticleStatusSchema, BylineRoleSchema } from '../articles.schemas.js'

export const RevisionParams = IdOrSlugParams.extend({ version: QueryInt(1, 1e9) })

export const DiffQuery = z.strictObject({
  against: QueryInt(1, 1e9).describe('The version to compare with'),
})

export const RevisionSnapshotSchema = z
  .object({
    headline: z.string(),
    slug: z.string(),
    dek: z.string().nullable(),
    body: z.string(),
    section: z.string().nullable(),
    tags: z.array(z.string()),
    language: z.string(),
    heroImage: z
      .object({
        url: z.string(),
        alt: z.string(),
        caption: z.string().nullish(),
        credit: z.string().nullish(),
      })
      .nullable()
      .describe('As stored at that version: `caption` and `credit` may be absent'),
    canonicalUrl: z.string().nullable(),
    creditLine: z.string().nullable(),
    sponsorship: z
      .object({
        kind: z.enum(['sponsored', 'partner']),
        sponsor: z.string(),
        url: z.string().nullish(),
      })
      .nullable()
      .optional()
      .describe(
        'As stored at that version: null for editorial copy; absent in versions saved before sponsorships existed',
      ),
    status: StoredArticleStatusSchema,
    publishedAt: IsoDateTime.nullable(),
    trashedAt: IsoDateTime.nullable(),
    bylines: z.array(z.object({ bylineId: z.uuid(), role: BylineRoleSchema })),
  })
  .meta({
    id: 'RevisionSnapshot',
    description: 'The editable fields and credits of an article at one version',
  })

const revisionMeta = {
  version: z.number().int(),
  keyName: z.string().describe('The name of the key that made this version'),
  createdAt: IsoDateTime,
}

export const RevisionSchema = z
  .object({ ...revisionMeta, article: RevisionSnapshotSchema })
  .meta({ id: 'Revision' })
export type Revision = z.infer<typeof RevisionSchema>

export const RevisionListSchema = z
  .object({ items: z.array(z.object({ ...revisionMeta, headline: z.string() })), page: PageInfo })
  .meta({ id: 'RevisionList' })

export const ListRevisionsQuery = PaginationQuery

export const RevisionDiffSchema = z
  .object({
    version: z.number().int(),
    against: z.number().int(),
    changes: z.array(z.object({ field: z.string(), from: z.unknown(), to: z.unknown() })),
  })
  .meta({
    id: 'RevisionDiff',
    description: 'The fields that differ between two versions, with both values',
  })
export type RevisionDiff = z.infer<typeof RevisionDiffSchema>
