import { z } from 'zod'
import { IsoDateTime, PageInfo, PaginationQuery, Slug } from '../../schemas/common.js'
import { PublicHttpsUrl, PublicHttpUrl } from '../../schemas/public-url.js'

export const BylineKindSchema = z.enum(['staff', 'contributor', 'agency'])

const NotBlank = (max: number) => z.string().min(1).max(max).regex(/\S/, 'Must not be blank')

const BylineLink = z.strictObject({ label: NotBlank(100), url: PublicHttpUrl })

export const BylineSchema = z
  .object({
    id: z.uuid(),
    slug: z.string(),
    name: z.string(),
    kind: BylineKindSchema,
    jobTitle: z.string().nullable(),
    bio: z.string().nullable().describe('Markdown'),
    avatarUrl: z.string().nullable(),
    links: z.array(z.object({ label: z.string(), url: z.string() })),
    version: z.number().int(),
    createdAt: IsoDateTime,
    updatedAt: IsoDateTime,
  })
  .meta({ id: 'Byline' })
export type Byline = z.infer<typeof BylineSchema>

const bylineFields = {
  name: NotBlank(200).describe('As printed on stories, e.g. "Ana Ruiz" or "AMPE"'),
  slug: Slug.optional().describe('Derived from the name when absent'),
  kind: BylineKindSchema.default('staff'),
  jobTitle: NotBlank(200).nullish(),
  bio: z.string().max(10_000).nullish().describe('Markdown, up to 10,000 characters'),
  avatarUrl: PublicHttpsUrl.nullish(),
  links: z.array(BylineLink).max(10).default([]),
}

export const CreateBylineBody = z.strictObject(bylineFields).meta({ id: 'CreateBylineBody' })
export type CreateBylineBody = z.infer<typeof CreateBylineBody>

export const UpdateBylineBody = z
  .strictObject({
    ...bylineFields,
    kind: BylineKindSchema.optional(),
    links: z.array(BylineLink).max(10).optional(),
  })
  .partial()
  .meta({ id: 'UpdateBylineBody' })
export type UpdateBylineBody = z.infer<typeof UpdateBylineBody>

export const ListBylinesQuery = PaginationQuery.extend({
  kind: BylineKindSchema.optional(),
})
export type ListBylinesQuery = z.infer<typeof ListBylinesQuery>

export const BylineListSchema = z
  .object({ items: z.array(BylineSchema), page: PageInfo })
  .meta({ id: 'BylineList' })
