import { z } from 'zod'
import { IsoDateTime, PageInfo, PaginationQuery, Slug } from '../../schemas/common.js'

const NotBlank = (max: number) => z.string().min(1).max(max).regex(/\S/, 'Must not be blank')

export const TagSchema = z
  .object({
    id: z.uuid(),
    slug: z.string().describe('What articles list in `tags` and `GET /v1/articles?tag=` takes'),
    name: z.string(),
    description: z.string().nullable(),
    version: z.number().int(),
    createdAt: IsoDateTime,
    updatedAt: IsoDateTime,
  })
  .meta({ id: 'Tag' })
export type Tag = z.infer<typeof TagSchema>

export const UpdateTagBody = z
  .strictObject({
    name: NotBlank(60),
    slug: Slug.max(60).describe('A new slug: the old one keeps answering 308'),
    description: z.string().max(2000).nullable(),
  })
  .partial()
  .meta({ id: 'UpdateTagBody', examples: [{ name: 'Fresh water', slug: 'fresh-water' }] })
export type UpdateTagBody = z.infer<typeof UpdateTagBody>

export const MergeTagBody = z
  .strictObject({
    into: z.string().min(1).max(200).describe('The id or slug of the tag that remains'),
  })
  .meta({ id: 'MergeTagBody', examples: [{ into: 'water' }] })
export type MergeTagBody = z.infer<typeof MergeTagBody>

export const ListTagsQuery = PaginationQuery
export type ListTagsQuery = z.infer<typeof ListTagsQuery>

export const TagListSchema = z
  .object({ items: z.array(TagSchema), page: PageInfo })
  .meta({ id: 'TagList' })

export const TagMovedSchema = z.object({ slug: z.string(), location: z.string() }).meta({
  id: 'TagMoved',
  description: 'The tag now lives at `location`: the requested slug was renamed or merged',
})
