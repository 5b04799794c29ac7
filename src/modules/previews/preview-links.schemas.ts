import { z } from 'zod'
import { IdOrSlugParams, IsoDateTime } from '../../schemas/common.js'
import { ArticleSchema } from '../articles/articles.schemas.js'
import { RecommendationsSchema } from '../recommendations/recommendations.schemas.js'

const WEEK_SECONDS = 7 * 24 * 3600

export const CreatePreviewLinkBody = z
  .strictObject({
    expiresIn: z
      .number()
      .int()
      .min(60)
      .max(WEEK_SECONDS)
      .optional()
      .describe('Seconds until the link stops working: 60 to 604800 (7 days). Default: one day.'),
    includePending: z
      .boolean()
      .optional()
      .describe(
        'true: show the pending version of a live story (PUT …/pending) whenever it has one, marked `pending: true`',
      ),
  })
  .meta({ id: 'CreatePreviewLinkBody', examples: [{ expiresIn: 86400, includePending: true }] })
export type CreatePreviewLinkBody = z.infer<typeof CreatePreviewLinkBody>

export const PreviewLinkSchema = z
  .object({
    id: z.uuid(),
    expiresAt: IsoDateTime,
    createdAt: IsoDateTime,
    keyName: z.string().describe('The key that made it'),
    includePending: z.boolean().describe('Shows the pending version when there is one'),
  })
  .meta({ id: 'PreviewLink' })

export const CreatedPreviewLinkSchema = PreviewLinkSchema.extend({
  token: z.string().describe('The secret of the link. Shown once: only its hash is stored.'),
  url: z.string().describe('Where the preview answers, on this API: `/v1/preview/{token}`'),
}).meta({ id: 'CreatedPreviewLink' })

export const PreviewLinkListSchema = z
  .object({ items: z.array(PreviewLinkSchema) })
  .meta({ id: 'PreviewLinkList' })

export const PreviewLinkParams = IdOrSlugParams.extend({ linkId: z.uuid() })

export const PreviewTokenParams = z.object({
  token: z.string().min(1).max(200).describe('The token of a preview link'),
})

export const PreviewSchema = z
  .object({
    article: ArticleSchema,
    pending: z
      .boolean()
      .describe(
        'true: `article` is the pending version of a live story, which readers do not see yet',
      ),
    recommendations: RecommendationsSchema,
  })
  .meta({
    id: 'Preview',
    description: 'The article as readers will see it, with its recommendations',
  })
