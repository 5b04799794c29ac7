import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { KEY_REQUIRED, requireRole } from '../../plugins/auth.js'
import { IdOrSlugParams, problemResponses } from '../../schemas/common.js'
import { toNewsArticleJsonLd } from '../articles/formats/article-json-ld.js'
import { actorOf } from '../audit/audit-actor.js'
import { RecommendationsQuery } from '../recommendations/recommendations.schemas.js'
import { createRecommendationsService } from '../recommendations/recommendations.service.js'
import {
  CreatedPreviewLinkSchema,
  CreatePreviewLinkBody,
  PreviewLinkListSchema,
  PreviewLinkParams,
  PreviewSchema,
  PreviewTokenParams,
} from './preview-links.schemas.js'
import { createPreviewLinksService } from './preview-links.service.js'

/** Preview links: made by editors under /v1/articles, opened by anyone at /v1/preview/{token}. */
export const previewLinksRoutes: FastifyPluginAsyncZod = async (app) => {
  const links = createPreviewLinksService({ prisma: app.prisma, now: app.clock })
  const recommendations = createRecommendationsService({
    prisma: app.prisma,
    now: app.clock,
    log: app.log,
  })
  const editorOnly = requireRole('editor')
  const common = { tags: ['Previews'], security: KEY_REQUIRED }

  app.post('/v1/articles/:idOrSlug/preview-links', {
    onRequest: editorOnly,
    schema: {
      ...common,
      operationId: 'createPreviewLink',
      summary: 'Make a link that shows the article to someone without a key',
      description:
        'The link shows the article as readers will see it (a draft or a scheduled story too; with `includePending`, the pending version of a live story when it has one), with its recommendations, until it expires (at most 7 days) or is revoked. The token is shown once; only its hash is stored.',
      params: IdOrSlugParams,
      body: CreatePreviewLinkBody,
      response: {
        201: CreatedPreviewLinkSchema,
        ...problemResponses(400, 401, 403, 404, 413, 415),
      },
    },
    handler: async (request, reply) =>
      reply
        .code(201)
        .send(await links.create(request.params.idOrSlug, request.body, actorOf(request))),
  })

  app.get('/v1/articles/:idOrSlug/preview-links', {
    onRequest: editorOnly,
    schema: {
      ...common,
      operationId: 'listPreviewLinks',
      summary: 'List the preview links of an article that still work',
      params: IdOrSlugParams,
      response: { 200: PreviewLinkListSchema, ...problemResponses(400, 401, 403, 404) },
    },
    handler: async (request) => links.list(request.params.idOrSlug),
  })

  app.delete('/v1/articles/:idOrSlug/preview-links/:linkId', {
    onRequest: editorOnly,
    schema: {
      ...common,
      operationId: 'revokePreviewLink',
      summary: 'Revoke a preview link at once',
      params: PreviewLinkParams,
      response: { 204: z.null().describe('Revoked'), ...problemResponses(400, 401, 403, 404) },
    },
    handler: async (request, reply) => {
      await links.revoke(request.params.idOrSlug, request.params.linkId)
      return reply.code(204).send(null)
    },
  })

  app.get('/v1/preview/:token', {
    // One reader's answer, its secret in the path: never cached or stored, never logged.
    config: { privateAnswer: true, secretInPath: true },
    schema: {
      tags: ['Previews'],
      security: [],
      operationId: 'getPreview',
      summary: 'Open a preview link',
      description:
        'No key needed: the token is the key, for this one article only. Always `Cache-Control: private, no-store` and `X-Robots-Tag: noindex`. An unknown, expired or revoked token, or a story since trashed or killed, is a 404.',
      params: PreviewTokenParams,
      response: { 200: PreviewSchema, ...problemResponses(400, 404) },
    },
    handler: async (request, reply) => {
      reply.header('x-robots-tag', 'noindex, nofollow').header('referrer-policy', 'no-referrer')
      const { article, pending } = await links.open(request.params.token)
      // By id: a pending version may carry a slug that is not the story's yet.
      const shown = await recommendations.resolve(article.id, RecommendationsQuery.parse({}), {
        keyed: true,
      })
      const jsonLd = toNewsArticleJsonLd(article, app.publicSite)
      return { article: { ...article, jsonLd }, pending, recommendations: shown }
    },
  })
}
