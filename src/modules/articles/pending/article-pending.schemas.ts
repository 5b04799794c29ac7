import { z } from 'zod'
import { IsoDateTime } from '../../../schemas/common.js'
import { ArticleSchema, UpdateArticleBody } from '../articles.schemas.js'
import {
  PENDING_EXAMPLE,
  PUBLISH_PENDING_EXAMPLE,
  PUT_PENDING_EXAMPLE,
} from './article-pending.examples.js'

/**
 * The PATCH body, without `status`: a pending version is the next text of a live story;
 * unpublishing or archiving it are workflow actions on the live story.
 */
export const PendingArticleBody = UpdateArticleBody.omit({ status: true }).meta({
  id: 'PendingArticleBody',
  description:
    'The fields of PATCH /v1/articles/{idOrSlug} but `status`, with the same validation; fields left out keep their live values when it is published',
  examples: [PUT_PENDING_EXAMPLE],
})
export type PendingArticleBody = z.infer<typeof PendingArticleBody>

export const PublishPendingBody = z
  .strictObject({
    at: IsoDateTime.optional().describe(
      'A future time schedules the publication: readers see the live version until then; a past or absent one publishes now',
    ),
  })
  .meta({ id: 'PublishPendingBody', examples: [{}, PUBLISH_PENDING_EXAMPLE] })
  .optional()

const FieldChangeSchema = z
  .object({
    field: z.string().describe('An article field, e.g. `headline`'),
    live: z.unknown().describe('Its value in the live version'),
    pending: z.unknown().describe('Its value once the pending version is published'),
  })
  .meta({ id: 'PendingFieldChange' })

export const PendingArticleSchema = z
  .object({
    // The article as readers will see it once this is published.
    article: ArticleSchema,
    changes: z
      .array(FieldChangeSchema)
      .describe('The fields that differ from the live version, in the order of the article'),
    basedOnVersion: z
      .number()
      .int()
      .describe('The live version it was prepared on; publishing after live moved on is a 412'),
    liveVersion: z.number().int().describe('The live version now'),
    significant: z
      .boolean()
      .describe('Saved with `significant: true`: publishing it moves `displayedUpdatedAt`'),
    publishAt: IsoDateTime.nullable().describe(
      'When its publication is scheduled; null: not scheduled',
    ),
    keyName: z.string().describe('The key that saved it last'),
    createdAt: IsoDateTime,
    updatedAt: IsoDateTime,
  })
  .meta({
    id: 'PendingArticle',
    description: 'The next version of a live story, which readers do not see until it is published',
    examples: [PENDING_EXAMPLE],
  })
export type PendingArticle = z.infer<typeof PendingArticleSchema>
