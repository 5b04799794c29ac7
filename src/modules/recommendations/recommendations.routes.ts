import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { holdsRole, KEY_OPTIONAL } from '../../plugins/auth.js'
import { surrogateKey, tagResponse } from '../../plugins/response-tags.js'
import { problemResponses } from '../../schemas/common.js'
import {
  RecommendationsParams,
  RecommendationsQuery,
  RecommendationsSchema,
} from './recommendations.schemas.js'
import { createRecommendationsService } from './recommendations.service.js'

/** `GET /v1/articles/{slug}/recommendations`: the resolved slots of an article, for frontends. */
export const recommendationsRoutes: FastifyPluginAsyncZod = async (app) => {
  const recommendations = createRecommendationsService({
    prisma: app.prisma,
    now: app.clock,
    log: app.log,
  })

  app.get('/:slug/recommendations', {
    schema: {
      tags: ['Recommendations'],
      security: KEY_OPTIONAL,
      operationId: 'getArticleRecommendations',
      summary: 'Get the recommendation slots of an article',
      description:
        'Every slot in position order with its items: curated items first (those whose article is not ' +
        'published, or whose time window is closed, are left out), then, in `automatic` and `mixed` slots, ' +
        'published stories ranked by relatedness (shared tags, same section, shared bylines, similar text, ' +
        'newer first). No article appears twice, and never the article itself or an `exclude`d one. External ' +
        'links are always sponsored: print the sponsor and use `rel`. The same data gives the same answer.',
      params: RecommendationsParams,
      querystring: RecommendationsQuery,
      response: { 200: RecommendationsSchema, ...problemResponses(400, 401, 404) },
    },
    handler: async (request) => {
      const resolved = await recommendations.resolveTracked(request.params.slug, request.query, {
        keyed: holdsRole(request.apiKey, 'editor'),
      })
      // Any slot change may matter (`slots`, even one not asked for), and any article (automatic
      // picks rank the whole collection: `articles`); then each slot, the source, each pick.
      tagResponse(request, [
        'slots',
        'articles',
        ...resolved.recommendations.slots.map((slot) => surrogateKey('slot', slot.key)),
        surrogateKey('article', resolved.sourceId),
        ...resolved.articleIds.map((id) => surrogateKey('article', id)),
        ...resolved.bylineIds.map((id) => surrogateKey('byline', id)),
      ])
      return resolved.recommendations
    },
  })
}
