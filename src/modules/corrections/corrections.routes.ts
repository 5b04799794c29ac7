import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { tagResponse } from '../../plugins/response-tags.js'
import { PageInfo, PaginationQuery, problemResponses } from '../../schemas/common.js'
import { ArticleNoteSchema } from '../articles/notes/article-notes.schemas.js'
import { createCorrectionsService } from './corrections.service.js'

const CorrectionListSchema = z
  .object({
    items: z.array(
      ArticleNoteSchema.extend({
        article: z.object({ id: z.uuid(), slug: z.string(), headline: z.string() }),
      }),
    ),
    page: PageInfo,
  })
  .meta({ id: 'CorrectionList' })

export const correctionsRoutes: FastifyPluginAsyncZod = async (app) => {
  const corrections = createCorrectionsService({ prisma: app.prisma, now: app.clock })

  app.get('/', {
    schema: {
      tags: ['Articles'],
      security: [],
      operationId: 'listCorrections',
      summary: 'List the corrections published across the site, newest first',
      description:
        'Every `correction` note on a story readers can see, with the story it corrects: what a standards or corrections page shows.',
      querystring: PaginationQuery,
      response: { 200: CorrectionListSchema, ...problemResponses(400) },
    },
    handler: async (request) => {
      // Any article change may add, hide or show a correction.
      tagResponse(request, ['articles'])
      return corrections.list(request.query)
    },
  })
}
