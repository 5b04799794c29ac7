import { z } from 'zod'
import { IdOrSlugParams, IsoDateTime, Slug } from '../../schemas/common.js'
import { ArticleSchema } from '../articles/articles.schemas.js'
import { maybeSponsoredLabel, SlotKey, sponsoredLabel } from '../slots/slots.schemas.js'

export const RecommendationsParams = z.object({
  slug: IdOrSlugParams.shape.idOrSlug.describe('The slug of the article (its id works too)'),
})

/** A query parameter that may be repeated (`?slot=a&slot=b`) or comma-separated (`?exclude=a,b`). */
const listParam = (item: z.ZodType<string, string>, max: number) =>
  z
    .union([z.string(), z.array(z.string())])
    .transform((value) =>
      (Array.isArray(value) ? value : [value]).flatMap((v) => v.split(',')).filter(Boolean),
    )
    .pipe(z.array(item).max(max))

export const RecommendationsQuery = z.strictObject({
  slot: listParam(SlotKey, 20)
    .optional()
    .describe(
      'Only these slots (repeatable, or comma-separated); all slots when absent. Unknown keys are ignored.',
    ),
  exclude: listParam(Slug, 100)
    .optional()
    .describe(
      'Deprecated: send the `Recently-Read` header instead, which stays out of URLs (and so out of access ' +
        'logs, CDN logs and browser history). Slugs never to recommend, comma-separated (or repeated); ' +
        'answered like the header, privately.',
    ),
})
export type RecommendationsQuery = z.infer<typeof RecommendationsQuery>

/** At most this many stories in `Recently-Read`. */
export const MAX_RECENTLY_READ = 50
/** At most this many characters in `Recently-Read`. */
export const MAX_RECENTLY_READ_LENGTH = 4096

/** The `Recently-Read` header: the stories a reader read recently, never to recommend them again. */
export const RecentlyReadHeader = z
  .string()
  .max(MAX_RECENTLY_READ_LENGTH, `At most ${MAX_RECENTLY_READ_LENGTH} characters`)
  .transform((value) =>
    value
      .split(',')
      .map((ref) => ref.trim())
      .filter(Boolean),
  )
  .pipe(z.array(Slug).max(MAX_RECENTLY_READ, `At most ${MAX_RECENTLY_READ} stories`))

export const RecommendationsHeaders = z.object({
  'recently-read': RecentlyReadHeader.optional().describe(
    'The stories the reader read recently, by slug or id, comma-separated (at most ' +
      `${MAX_RECENTLY_READ}, ${MAX_RECENTLY_READ_LENGTH} characters): they are never recommended. The way to ` +
      'personalise: unlike a query parameter it never reaches URLs, logs or shared caches. The answer is private ' +
      '(`Cache-Control: private, no-store`); every answer carries `Vary: Recently-Read`.',
  ),
})

export const ReasonSchema = z
  .enum(['curated', 'shared-tags', 'same-section', 'same-byline', 'similar-text', 'recent'])
  .describe(
    '`curated`: placed by an editor. Otherwise the strongest signal of the automatic pick: `shared-tags`, ' +
      '`same-section`, `same-byline` (a shared author or contributor), `similar-text` (words of the headline ' +
      'and dek); `recent`: unrelated, filling the slot with a recent story.',
  )

const ArticleRecommendation = z.object({
  type: z.literal('article'),
  slug: z.string(),
  headline: z.string(),
  dek: z.string().nullable(),
  heroImage: ArticleSchema.shape.heroImage,
  section: ArticleSchema.shape.section,
  publishedAt: IsoDateTime,
  bylineText: ArticleSchema.shape.bylineText,
  ...maybeSponsoredLabel,
  reason: ReasonSchema,
})

const ExternalRecommendation = z.object({
  type: z.literal('external'),
  url: z.string(),
  title: z.string(),
  imageUrl: z.string().nullable(),
  ...sponsoredLabel,
  rel: z.literal('sponsored noopener').describe('The `rel` attribute the link must carry'),
  reason: z.literal('curated'),
})

export const RecommendationSchema = z
  .discriminatedUnion('type', [ArticleRecommendation, ExternalRecommendation])
  .meta({ id: 'Recommendation' })
export type Recommendation = z.infer<typeof RecommendationSchema>

const ResolvedSlot = z.object({
  key: z.string(),
  label: z.string().describe('The heading to print above the items'),
  items: z.array(RecommendationSchema),
})

const example = {
  slots: [
    {
      key: 'you-may-also-like',
      label: 'You May Also Like',
      items: [
        {
          type: 'article',
          slug: 'barges-stranded-as-serava-falls-to-record-low',
          headline: 'Barges stranded as the Serava falls to a record low',
          dek: 'Shipping on the river has stopped for a week.',
          heroImage: {
            url: 'https://images.example.com/barges.jpg',
            alt: 'Barges on a dry riverbed',
            caption: null,
            credit: null,
          },
          section: { slug: 'world', name: 'World' },
          publishedAt: '2026-06-01T08:00:00.000Z',
          bylineText: 'By Zoë Ndlovu',
          sponsored: false,
          sponsor: null,
          disclosure: null,
          reason: 'curated',
        },
        {
          type: 'article',
          slug: 'glacier-survey-meltwater-peak-decade-early',
          headline: 'Glacier survey finds meltwater peak came a decade early',
          dek: null,
          heroImage: null,
          section: { slug: 'science', name: 'Science' },
          publishedAt: '2026-05-28T10:30:00.000Z',
          bylineText: 'By Li Wei',
          sponsored: false,
          sponsor: null,
          disclosure: null,
          reason: 'shared-tags',
        },
      ],
    },
    {
      key: 'recommended-for-you',
      label: 'Recommended for you',
      items: [
        {
          type: 'external',
          url: 'https://cruises.example.com/serava-delta',
          title: 'Five days on the Serava delta',
          imageUrl: 'https://cruises.example.com/delta.jpg',
          sponsored: true,
          sponsor: 'Delta Line Cruises',
          disclosure: 'Sponsored by Delta Line Cruises',
          rel: 'sponsored noopener',
          reason: 'curated',
        },
      ],
    },
  ],
}

export const RecommendationsSchema = z
  .object({ slots: z.array(ResolvedSlot).describe('Every slot, in position order') })
  .meta({ id: 'Recommendations', examples: [example] })
export type Recommendations = z.infer<typeof RecommendationsSchema>
