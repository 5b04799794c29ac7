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
  .meta({
    id: 'Byline',
    description: 'A person or organisation credited on stories',
    // Of the demo content (src/boot/demo-content.ts).
    examples: [
      {
        id: '6d0f3b8a-2c4e-4f1a-8b7d-9e5c3a1f2b40',
        slug: 'zoe-ndlovu',
        name: 'Zoë Ndlovu',
        kind: 'staff',
        jobTitle: 'Diplomatic Correspondent',
        bio: 'Zoë Ndlovu covers diplomacy, treaties and the institutions that negotiate them.',
        avatarUrl: 'https://images.example.com/bylines/zoe-ndlovu.jpg',
        links: [
          { label: 'Newsletter', url: 'https://newsletters.example.com/diplomatic-dispatch' },
        ],
        version: 2,
        createdAt: '2026-05-04T09:12:00.000Z',
        updatedAt: '2026-06-01T16:30:00.000Z',
      },
    ],
  })
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

export const CreateBylineBody = z.strictObject(bylineFields).meta({
  id: 'CreateBylineBody',
  examples: [{ name: 'Ana Ruiz', kind: 'staff', jobTitle: 'Europe correspondent' }],
})
export type CreateBylineBody = z.infer<typeof CreateBylineBody>

export const UpdateBylineBody = z
  .strictObject({
    ...bylineFields,
    kind: BylineKindSchema.optional(),
    links: z.array(BylineLink).max(10).optional(),
  })
  .partial()
  .meta({ id: 'UpdateBylineBody', examples: [{ jobTitle: 'Chief Diplomatic Correspondent' }] })
export type UpdateBylineBody = z.infer<typeof UpdateBylineBody>

export const ListBylinesQuery = PaginationQuery.extend({
  kind: BylineKindSchema.optional(),
})
export type ListBylinesQuery = z.infer<typeof ListBylinesQuery>

export const BylineListSchema = z
  .object({ items: z.array(BylineSchema), page: PageInfo })
  .meta({ id: 'BylineList', description: 'A page of bylines, by name' })
