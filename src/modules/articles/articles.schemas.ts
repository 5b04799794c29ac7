import { z } from 'zod'
import { LINT_CODES, LINT_FIELDS } from './formats/article-editorial-lint.js'
import { fieldNames, fieldsQuery } from '../../lib/fields.js'
import { tagFilterValue } from '../../lib/slug.js'
import { IsoDateTime, PageInfo, PaginationQuery, Slug } from '../../schemas/common.js'
import {
  ARTICLE_EXAMPLE,
  ARTICLE_LIST_ITEM_EXAMPLE,
  CREATE_ARTICLE_EXAMPLE,
  UPDATE_ARTICLE_EXAMPLE,
} from './articles.examples.js'
import { documentFirstOptionOnly } from '../../schemas/openapi-hints.js'
import { PublicHttpUrl } from '../../schemas/public-url.js'
import { BylineKindSchema } from '../bylines/bylines.schemas.js'
import { SectionRefSchema } from '../sections/section-refs.js'
import { ArticleNoteSchema } from './notes/article-notes.schemas.js'

/** In UTC, years 1–9999: PostgreSQL has no year 0, and ISO output has four-digit years. */
const StorableTime = IsoDateTime.refine(
  (value) => Math.abs(new Date(value).getUTCFullYear() - 5000) <= 4999,
  'Must be a time between the years 0001 and 9999 (UTC)',
)

/** What an editor can set. Scheduling is `published` with a future `publishedAt`. */
export const ArticleStatusSchema = z.enum(['draft', 'published', 'archived'])
/** As stored: also `killed`, which only POST …/kill sets. */
export const StoredArticleStatusSchema = z.enum([...ArticleStatusSchema.options, 'killed'])
/**
 * What a reader of the API sees: also `scheduled` (published, time not yet come), `trashed`, and
 * `killed` (taken down for good with POST …/kill).
 */
export const ArticleDisplayStatusSchema = z.enum([
  'draft',
  'scheduled',
  'published',
  'archived',
  'trashed',
  'killed',
])
export type ArticleDisplayStatus = z.infer<typeof ArticleDisplayStatusSchema>
export const BylineRoleSchema = z.enum([
  'author',
  'contributor',
  'photographer',
  'translator',
  'editor',
])

const NotBlank = (max: number) => z.string().min(1).max(max).regex(/\S/, 'Must not be blank')

const Tag = z
  .string()
  .trim()
  .min(1)
  .max(60)
  .describe('A tag slug or name; an unknown one creates the tag')

/** BCP 47, stored in its canonical form (`en-us` → `en-US`). */
const LanguageTag = z
  .string()
  .max(35)
  .refine(
    (tag) => {
      try {
        return Intl.getCanonicalLocales(tag).length === 1
      } catch {
        return false
      }
    },
    { message: 'Must be a BCP 47 language tag such as "en", "es-419" or "zh-Hant"' },
  )
  .transform((tag) => Intl.getCanonicalLocales(tag)[0] ?? tag)

const HeroImageInput = z
  .strictObject({
    url: PublicHttpUrl,
    alt: NotBlank(500).describe('Required: describes the image for people who cannot see it'),
    caption: z.string().max(1000).nullish(),
    credit: z.string().max(300).nullish(),
  })
  .meta({ id: 'HeroImageInput' })

const BylineCreditInput = z.strictObject({
  byline: z.string().min(1).max(200).describe('The id or slug of a byline'),
  role: BylineRoleSchema.default('author'),
})

const SponsorshipInput = z
  .strictObject({
    kind: z
      .enum(['sponsored', 'partner'])
      .describe(
        '`sponsored`: paid for by the sponsor. `partner`: made with a partner organisation',
      ),
    sponsor: NotBlank(200).describe(
      'Who paid for it or made it with the newsroom; printed in the disclosure',
    ),
    url: PublicHttpUrl.nullish().describe(
      'The sponsor\'s site; link it with `rel="sponsored noopener"`',
    ),
  })
  .meta({ id: 'SponsorshipInput' })

const articleFields = {
  headline: NotBlank(300).describe(
    'Stored and returned byte-exact: typographic quotes, any script, emoji',
  ),
  slug: Slug.optional().describe('Derived from the headline when absent'),
  dek: z.string().max(600).nullish().describe('Standfirst: the summary under the headline'),
  body: z.string().max(200_000).default('').describe('Markdown; raw HTML is not rendered'),
  section: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .nullish()
    .describe(
      'An existing section, by slug (`world`) or name (`World`, in any case); an unknown one is a 422. Returned as `{slug, name}`',
    ),
  tags: z
    .array(Tag)
    .max(20)
    .default([])
    .transform((tags) => [...new Set(tags)])
    .describe(
      "Up to 20 tags by slug or name; a new name creates the tag. Stored and returned as the tags' slugs, without repeats",
    ),
  language: LanguageTag.default('en'),
  heroImage: HeroImageInput.nullish(),
  canonicalUrl: PublicHttpUrl.nullish(),
  bylines: z
    .array(BylineCreditInput)
    .max(30)
    .default([])
    .describe('In the order they are credited'),
  creditLine: z.string().max(500).nullish().describe('Free-text sign-off, e.g. an agency credit'),
  sponsorship: SponsorshipInput.nullish().describe(
    'Marks paid or partner content; it then carries a disclosure wherever it appears. `null`: editorial copy',
  ),
  status: ArticleStatusSchema.default('draft'),
  publishedAt: StorableTime.nullish().describe(
    'Set to the time of the first publication when not given',
  ),
  embargoUntil: StorableTime.nullish().describe(
    'Hold the story back from the public until then (it goes live at this time at the earliest); syndication keys can read it meanwhile, marked as embargoed',
  ),
}

export const CreateArticleBody = z.strictObject(articleFields).meta({
  id: 'CreateArticleBody',
  examples: [CREATE_ARTICLE_EXAMPLE],
})
export type CreateArticleBody = z.infer<typeof CreateArticleBody>

export const UpdateArticleBody = z
  .strictObject({
    ...articleFields,
    body: articleFields.body.removeDefault(),
    tags: z
      .array(Tag)
      .max(20)
      .transform((tags) => [...new Set(tags)]),
    language: LanguageTag,
    bylines: z.array(BylineCreditInput).max(30),
    status: ArticleStatusSchema,
    significant: z
      .boolean()
      .describe(
        'true: readers should be told the story changed (moves `displayedUpdatedAt`); leave out for copy fixes',
      ),
  })
  .partial()
  .meta({ id: 'UpdateArticleBody', examples: [UPDATE_ARTICLE_EXAMPLE] })
export type UpdateArticleBody = z.infer<typeof UpdateArticleBody>

export const ArticleBylineSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  slug: z.string(),
  kind: BylineKindSchema,
  role: BylineRoleSchema,
})

const HeroImage = z.object({
  url: z.string(),
  alt: z.string(),
  caption: z.string().nullable(),
  credit: z.string().nullable(),
})

export const SponsorshipSchema = z
  .object({
    kind: z.enum(['sponsored', 'partner']),
    sponsor: z.string(),
    url: z.string().nullable().describe("The sponsor's site"),
    disclosure: z
      .string()
      .describe(
        'The label to print with the story wherever it appears, e.g. "Sponsored by Delta Line"',
      ),
    rel: z
      .literal('sponsored noopener')
      .describe("The `rel` attribute of a link to the sponsor's site"),
  })
  .meta({ id: 'ArticleSponsorship', description: 'Paid or partner content, and how to label it' })

/** The article's own fields, as read from its row. */
const ArticleDataSchema = z.object({
  id: z.uuid(),
  slug: z.string(),
  headline: z.string(),
  dek: z.string().nullable(),
  body: z.string().describe('Markdown source'),
  bodyHtml: z.string().describe('The body rendered to HTML, safe to insert into a page'),
  section: SectionRefSchema.nullable(),
  tags: z.array(z.string()).describe('Tag slugs (GET /v1/tags/{slug} has the name)'),
  language: z.string(),
  heroImage: HeroImage.nullable(),
  canonicalUrl: z.string().nullable(),
  bylines: z.array(ArticleBylineSchema),
  bylineText: z
    .string()
    .nullable()
    .describe(
      '"By Ana Ruiz and Li Wei"; the agency name alone for agency copy; null when nobody is credited',
    ),
  creditLine: z.string().nullable(),
  sponsorship: SponsorshipSchema.nullable().describe('Null for editorial copy'),
  status: ArticleDisplayStatusSchema,
  publishedAt: IsoDateTime.nullable(),
  trashedAt: IsoDateTime.nullable().describe(
    'When it was moved to the trash; null when not in the trash',
  ),
  embargoUntil: IsoDateTime.nullable().describe(
    'While in the future the story is under embargo: hidden from the public, readable by syndication keys',
  ),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime.describe('The last change of any kind, copy fixes included'),
  displayedUpdatedAt: IsoDateTime.nullable().describe(
    'The "Updated" date to show readers: publication, or the last `correction`/`update` note or edit saved with `significant: true`; copy fixes leave it. Null until published.',
  ),
  notes: z
    .array(ArticleNoteSchema)
    .describe('Corrections, clarifications, editor’s notes and updates, newest first'),
  version: z.number().int().describe('Starts at 1; +1 on every change'),
  wordCount: z.number().int(),
  readingTimeMinutes: z.number().int(),
})
export type ArticleData = z.infer<typeof ArticleDataSchema>
export type ArticleDataField = keyof ArticleData
export const ARTICLE_DATA_FIELDS = fieldNames(ArticleDataSchema)

export const LintWarningSchema = z
  .object({
    code: z.enum(LINT_CODES),
    field: z.enum(LINT_FIELDS),
    message: z.string(),
  })
  .meta({
    id: 'LintWarning',
    description: 'Editorial lint: advice that never blocks and never changes the text',
  })

export const ArticleJsonLdSchema = z
  .record(z.string(), z.unknown())
  .describe(
    'A schema.org `NewsArticle` for a `script` element of type `application/ld+json`: headline, dates, authors (`Person`, or `Organization` for agencies), publisher, image, section, keywords, language and the public URL; for sponsored or partner content `sponsor` and `backstory` (the disclosure), and paid content is also an `AdvertiserContentArticle`. Absent fields are left out. Its strings are not escaped for HTML: when embedding, serialize it so that `<` becomes `\\u003c`, so that no closing script tag in a string can end the element.',
  )

export const ArticleSchema = ArticleDataSchema.extend({
  jsonLd: ArticleJsonLdSchema,
  warnings: z
    .array(LintWarningSchema)
    .optional()
    .describe('Editorial lint, on responses to keyed requests only'),
}).meta({
  id: 'Article',
  description: 'The article, with everything a story page prints',
  examples: [ARTICLE_EXAMPLE],
})
/** An article as services return it; `jsonLd` is derived from it when it is sent (see sendArticle). */
export type Article = Omit<z.infer<typeof ArticleSchema>, 'jsonLd'>

/** What `fields` chooses from on a single article. */
export const ARTICLE_FIELDS = fieldNames(ArticleSchema)
export type ArticleField = (typeof ARTICLE_FIELDS)[number]

/** Sparse fieldsets: `id` comes with every selection, so that a client can always tell the articles apart. */
const withOnlyChosenFields = <S extends z.ZodObject<{ id: z.ZodUUID }>>(schema: S) =>
  schema.partial().required({ id: true })

export const ArticleFieldsSchema = withOnlyChosenFields(ArticleSchema).meta({
  id: 'ArticleFields',
  description: 'An article with only the fields chosen with `fields`, and `id` always',
})
/** A single article: whole, or with `fields` only the chosen ones; documented as the whole one. */
export const ArticleOrFieldsSchema = documentFirstOptionOnly(
  z.union([ArticleSchema, ArticleFieldsSchema]),
)

export const ArticleQuery = z.strictObject({
  fields: fieldsQuery(ARTICLE_FIELDS)
    .optional()
    .describe(
      'Only these fields of the article, comma-separated (or repeated); `id` always comes too. `warnings` only ever comes to keyed requests. Unknown names are a 400. The response schema is the whole article, which is what comes without `fields`: with it, expect only the fields you named (in TypeScript, `Pick<Article, …>`).',
    ),
})

export const LintReportSchema = z
  .object({ warnings: z.array(LintWarningSchema) })
  .meta({ id: 'LintReport' })

export const ArticleListItemSchema = ArticleDataSchema.extend({
  body: ArticleDataSchema.shape.body.optional(),
  bodyHtml: ArticleDataSchema.shape.bodyHtml.optional(),
  rank: z
    .number()
    .optional()
    .describe(
      'With `q` only: the relevance of the story to the search (ts_rank_cd); higher is better',
    ),
  snippet: z
    .string()
    .optional()
    .describe(
      'With `q` and `snippet=true` only: up to two passages of the dek and the Markdown body around the matches, as HTML: all text is escaped and the only markup is `<mark>…</mark>` around matched words',
    ),
}).meta({
  id: 'ArticleListItem',
  examples: [ARTICLE_LIST_ITEM_EXAMPLE],
  description:
    'An article; `body` and `bodyHtml` only with `include=body`; `rank` with `q`; `snippet` with `q` and `snippet=true`',
})

export const ArticleListItemFieldsSchema = withOnlyChosenFields(ArticleListItemSchema).meta({
  id: 'ArticleListItemFields',
  description:
    'A list item with only the fields chosen with `fields` (plus `body` and `bodyHtml` with `include=body`), and `id` always; `rank` and `snippet` as without `fields`',
})

export const ListArticlesQuery = PaginationQuery.extend({
  section: z
    .string()
    .max(60)
    .optional()
    .describe("A section slug; an old one answers 308 to this URL with the section's new slug"),
  tag: z
    .string()
    .max(60)
    .transform(tagFilterValue)
    .optional()
    .describe(
      "A tag's slug (`deep-water`) or name (`Deep Water`); an old slug answers 308 to this URL with the tag's new one",
    ),
  byline: z.string().max(120).optional().describe('A byline slug'),
  language: LanguageTag.optional().describe('Stories in this language (a BCP 47 tag, e.g. `es`)'),
  updatedSince: IsoDateTime.optional().describe(
    'Stories changed at or after this time, for sync jobs (combine with the cursor to page through them)',
  ),
  publishedAfter: IsoDateTime.optional().describe('Stories published at or after this time'),
  publishedBefore: IsoDateTime.optional().describe('Stories published before this time'),
  status: ArticleDisplayStatusSchema.optional().describe(
    'Keys only; anonymous readers only ever see published stories. Without it, keys see everything but the trash.',
  ),
  include: z
    .enum(['body'])
    .optional()
    .describe('`body` adds `body` and `bodyHtml` to every item (to the chosen `fields` too)'),
  q: z
    .string()
    .trim()
    .min(1)
    .max(200)
    // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing NUL is the point
    .regex(/^[^\u0000]*$/, 'Must not contain NUL characters')
    .optional()
    .describe(
      'Full-text search (English stemming) over headline, dek and body, in web-search syntax: words are AND-ed, `"a phrase"`, `or`, `-excluded`. Results are ordered by relevance (headline matches weigh most, then dek, then body), then newest first; combinable with every other filter and the cursor',
    ),
  snippet: z
    .stringbool()
    .optional()
    .describe(
      'With `q`: `true` adds `snippet` (HTML whose only markup is `<mark>` around the matches) to every item',
    ),
  fields: fieldsQuery(ARTICLE_DATA_FIELDS)
    .optional()
    .describe(
      'Only these fields of every item, comma-separated (or repeated); `id` always comes too, and `rank` and `snippet` with `q` as usual. Naming `body` or `bodyHtml` includes it without `include=body`. Unknown names are a 400. The items are documented whole, as they come without `fields`.',
    ),
})
export type ListArticlesQuery = z.infer<typeof ListArticlesQuery>

export const ArticleListSchema = z
  .object({
    // Documented as whole items, like a single article (see ArticleQuery's `fields`).
    items: z.array(
      documentFirstOptionOnly(z.union([ArticleListItemSchema, ArticleListItemFieldsSchema])),
    ),
    page: PageInfo,
  })
  .meta({
    id: 'ArticleList',
    description: 'A page of articles; `page.nextCursor` fetches the next one',
    examples: [{ items: [ARTICLE_LIST_ITEM_EXAMPLE], page: { limit: 20, nextCursor: null } }],
  })
