import { z } from 'zod'
import { IsoDateTime, QueryInt, Slug } from '../../schemas/common.js'
import { ArticleListSchema } from '../articles/articles.schemas.js'
import { SectionRefSchema } from './section-refs.js'

const NotBlank = (max: number) => z.string().min(1).max(max).regex(/\S/, 'Must not be blank')

export const SectionSchema = z
  .object({
    id: z.uuid(),
    slug: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    position: z.number().int().describe('Order among sections, ascending'),
    parent: SectionRefSchema.nullable().describe('The section this one belongs to, if any'),
    seoTitle: z.string().nullable(),
    seoDescription: z.string().nullable(),
    version: z.number().int(),
    createdAt: IsoDateTime,
    updatedAt: IsoDateTime,
  })
  .meta({ id: 'Section' })
export type Section = z.infer<typeof SectionSchema>

const sectionFields = {
  name: NotBlank(100).describe('As printed, e.g. "World"; unique regardless of case'),
  slug: Slug.max(60).optional().describe('Derived from the name when absent'),
  description: z.string().max(2000).nullish(),
  position: z.number().int().min(0).max(1_000_000).default(0),
  parent: z
    .string()
    .min(1)
    .max(200)
    .nullish()
    .describe('The id or slug of the parent section; `null` for none'),
  seoTitle: NotBlank(200).nullish(),
  seoDescription: NotBlank(500).nullish(),
}

export const CreateSectionBody = z.strictObject(sectionFields).meta({
  id: 'CreateSectionBody',
  examples: [
    {
      name: 'Climate',
      description: 'Research, weather and the energy transition.',
      position: 4,
      parent: 'science',
    },
  ],
})
export type CreateSectionBody = z.infer<typeof CreateSectionBody>

export const UpdateSectionBody = z
  .strictObject({ ...sectionFields, position: sectionFields.position.removeDefault() })
  .partial()
  .meta({ id: 'UpdateSectionBody', examples: [{ name: 'World news', slug: 'world-news' }] })
export type UpdateSectionBody = z.infer<typeof UpdateSectionBody>

export const ListSectionsQuery = z.strictObject({})

export const SectionListSchema = z
  .object({ items: z.array(SectionSchema) })
  .meta({ id: 'SectionList', description: 'Every section, by position, then name' })

export const SectionQuery = z.strictObject({
  include: z
    .enum(['articles'])
    .optional()
    .describe("`articles` embeds the section's latest published stories"),
  limit: QueryInt(1, 50, 10).describe('With `include=articles`: how many stories (1–50)'),
})
export type SectionQuery = z.infer<typeof SectionQuery>

export const SectionWithArticlesSchema = SectionSchema.extend({
  articles: ArticleListSchema.optional().describe(
    'With `include=articles` only: the latest published stories of the section, as `GET /v1/articles?section={slug}` lists them; `page.nextCursor` continues there',
  ),
}).meta({ id: 'SectionWithArticles' })

export const SectionMovedSchema = z.object({ slug: z.string(), location: z.string() }).meta({
  id: 'SectionMoved',
  description: 'The section now lives at `location`; the requested slug is an old one',
})
