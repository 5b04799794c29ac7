import { z } from 'zod'
import { PERIOD_PATTERN } from './sitemap-parts.js'

/** What every sitemap is served as; the OpenAPI document lists it without the charset. */
export const SITEMAP_MEDIA_TYPE = 'application/xml'

export const ArticleSitemapParams = z.object({
  period: z
    .string()
    .regex(PERIOD_PATTERN, 'Must be a month as `YYYY-MM`, or `YYYY-MM-N` for its part N ≥ 2')
    .describe(
      'The month of publication (UTC), e.g. `2026-12`; a month of more than 50,000 stories continues in `2026-12-2`, `2026-12-3`…',
    ),
})

/** A sitemap is sent as a ready-made XML document. */
export const sitemapResponse = (description: string, document: string) => ({
  description: `${description}, with the public \`Cache-Control\`, \`ETag\` and \`Surrogate-Key\` of every anonymous GET`,
  content: { [SITEMAP_MEDIA_TYPE]: { schema: z.string().describe(document) } },
})
