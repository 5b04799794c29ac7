import { z } from 'zod'
import { tagFilterValue } from '../../lib/slug.js'

export const FEED_FORMATS = ['rss', 'atom', 'json'] as const
export type FeedFormat = (typeof FEED_FORMATS)[number]

/** What each format is served as; the OpenAPI document lists them without the charset. */
export const FEED_MEDIA_TYPES: Record<FeedFormat, string> = {
  rss: 'application/rss+xml',
  atom: 'application/atom+xml',
  json: 'application/feed+json',
}

export const FeedParams = z.object({
  format: z
    .enum(FEED_FORMATS)
    .describe('`rss` (RSS 2.0), `atom` (Atom 1.0) or `json` (JSON Feed 1.1)'),
})

export const FeedQuery = z.strictObject({
  section: z.string().max(60).optional().describe('Only stories in this section, e.g. `world`'),
  tag: z
    .string()
    .max(60)
    .transform(tagFilterValue)
    .optional()
    .describe('Only stories with this tag: its slug (`deep-water`) or name (`Deep Water`)'),
})
export type FeedFilter = z.infer<typeof FeedQuery>

/** The feed is sent as a ready-made document in the format's own media type. */
export const FeedResponse = {
  description:
    'The latest stories, newest first, with the public `Cache-Control`, `ETag` and `Surrogate-Key` of every anonymous GET',
  content: {
    [FEED_MEDIA_TYPES.rss]: { schema: z.string().describe('An RSS 2.0 document') },
    [FEED_MEDIA_TYPES.atom]: { schema: z.string().describe('An Atom 1.0 document') },
    [FEED_MEDIA_TYPES.json]: { schema: z.string().describe('A JSON Feed 1.1 document') },
  },
}
