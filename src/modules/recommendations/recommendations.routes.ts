import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { holdsRole, KEY_OPTIONAL } from '../../plugins/auth.js'
import {
  cachedPersonalBasis,
  keepPersonalBasis,
  personalAnswers,
} from '../../plugins/personal-answers.js'
import { surrogateKey, tagResponse } from '../../plugins/response-tags.js'
import { problemResponses } from '../../schemas/common.js'
import {
  RecentlyReadHeader,
  RecommendationsHeaders,
  RecommendationsParams,
  RecommendationsQuery,
  RecommendationsSchema,
} from './recommendations.schemas.js'
import { ArticleMovedSchema, redirectOldArticleSlugs } from '../articles/article-slug-redirects.js'
import {
  createRecommendationsService,
  type Resolved,
  type SharedCandidates,
} from './recommendations.service.js'

/** What a cached answer depends on: any slot (even one not asked for), any article, and what it shows. */
const dependencies = (resolved: Resolved) => [
  'slots',
  'articles',
  ...resolved.recommendations.slots.map((slot) => surrogateKey('slot', slot.key)),
  surrogateKey('article', resolved.sourceId),
  ...resolved.articleIds.map((id) => surrogateKey('article', id)),
  ...resolved.bylineIds.map((id) => surrogateKey('byline', id)),
]

/** `GET /v1/articles/{slug}/recommendations`: the resolved slots of an article, for frontends. */
export const recommendationsRoutes: FastifyPluginAsyncZod = async (app) => {
  const recommendations = createRecommendationsService({
    prisma: app.prisma,
    now: app.clock,
    log: app.log,
  })
  redirectOldArticleSlugs(app, 'slug')

  // A reader's recently read stories come in the Recently-Read header (or, deprecated, `exclude`).
  // The response cache then answers from the candidates kept for the shared URL (keepPersonalBasis)
  // with what the database would answer, without the route.
  const personal = personalAnswers({
    header: 'Recently-Read',
    query: 'exclude',
    parse(header: string | undefined, query: readonly string[]) {
      const fromHeader = header === undefined ? [] : RecentlyReadHeader.safeParse(header)
      const fromQuery =
        query.length === 0
          ? []
          : RecommendationsQuery.shape.exclude.safeParse(query.length > 1 ? [...query] : query[0])
      const read: string[] = []
      for (const parsed of [fromHeader, fromQuery]) {
        if (Array.isArray(parsed)) continue
        if (!parsed.success) return undefined
        read.push(...(parsed.data ?? []))
      }
      return read
    },
    derive: (shared: SharedCandidates, exclude: string[]) =>
      recommendations.personalisedJson(shared, exclude),
  })

  app.get('/:slug/recommendations', {
    config: { personal },
    schema: {
      tags: ['Recommendations'],
      security: KEY_OPTIONAL,
      operationId: 'getArticleRecommendations',
      summary: 'Get the recommendation slots of an article',
      description:
        'Every slot in position order with its items: curated items first (those whose article is not ' +
        'published, or whose time window is closed, are left out), then, in `automatic` and `mixed` slots, ' +
        'published stories ranked by relatedness (shared tags, same section, shared bylines, similar text, ' +
        'newer first). No article appears twice, and never the article itself or one the reader read ' +
        'recently (`Recently-Read`). External links are always sponsored: print the sponsor and use `rel`. ' +
        'The same data gives the same answer.\n\n' +
        'Personalised ("Recommended for you"): send the reader\'s recently read stories in the ' +
        '`Recently-Read` header. The answer is the shared one without them, as fast, and private: ' +
        '`Cache-Control: private, no-store`, no ETag, no surrogate keys. Every answer, the shared one ' +
        'included, carries `Vary: Recently-Read`, so that a shared cache never serves one for the other.',
      params: RecommendationsParams,
      querystring: RecommendationsQuery,
      headers: RecommendationsHeaders,
      response: {
        200: RecommendationsSchema,
        308: ArticleMovedSchema,
        ...problemResponses(400, 401, 404),
      },
    },
    handler: async (request) => {
      const { slug } = request.params
      const exclude = [
        ...(request.headers['recently-read'] ?? []),
        ...(request.query.exclude ?? []),
      ]
      // Editors preview the recommendations of stories readers cannot see yet.
      const viewer = { keyed: holdsRole(request.apiKey, 'editor') }
      // Keyed reads are never cached: the database answers them, exclusions included.
      if (exclude.length === 0 || request.apiKey !== null) {
        const resolved = await recommendations.resolveTracked(
          slug,
          { slot: request.query.slot, exclude },
          viewer,
        )
        tagResponse(request, dependencies(resolved))
        return resolved.recommendations
      }
      // What every reader's answer is built from, kept for the next personal requests (unless the
      // cache holds it, and could not answer from it); it shows any article and its credits
      // (`articles`, `bylines`) and any slot (`slots`).
      const cached = cachedPersonalBasis(request) as SharedCandidates | undefined
      const shared =
        cached ?? (await recommendations.sharedCandidates(slug, request.query.slot, viewer))
      if (!cached) keepPersonalBasis(request, shared)
      tagResponse(request, ['slots', 'articles', 'bylines'])
      const resolved =
        recommendations.personalise(shared, exclude) ??
        (await recommendations.resolveTracked(slug, { slot: request.query.slot, exclude }, viewer))
      return resolved.recommendations
    },
  })
}
