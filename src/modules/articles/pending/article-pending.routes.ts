import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { requiredVersion } from '../../../lib/etag.js'
import { KEY_REQUIRED, requireRole } from '../../../plugins/auth.js'
import {
  IdOrSlugParams,
  IfMatchRequiredHeaders,
  problemResponses,
} from '../../../schemas/common.js'
import { actorOf } from '../../audit/audit-actor.js'
import { ArticleMovedSchema } from '../article-slug-redirects.js'
import { sendArticle } from '../articles.http.js'
import { ArticleSchema } from '../articles.schemas.js'
import { toNewsArticleJsonLd } from '../formats/article-json-ld.js'
import {
  PendingArticleBody,
  PendingArticleSchema,
  PublishPendingBody,
} from './article-pending.schemas.js'
import type { ArticlePendingService, PendingView } from './article-pending.service.js'

/**
 * Staged edits: the next version of a live story, prepared and shown (preview links with
 * `includePending`) out of readers' sight, then published as one new revision. Editors and
 * above: contributors only ever change their own drafts, never a live story.
 */
export const articlePendingRoutes: FastifyPluginAsyncZod<{
  pending: ArticlePendingService
}> = async (app, { pending }) => {
  const editorOnly = requireRole('editor')
  const common = { tags: ['Articles'], security: KEY_REQUIRED, params: IdOrSlugParams }
  const withJsonLd = (view: PendingView) => ({
    ...view,
    article: { ...view.article, jsonLd: toNewsArticleJsonLd(view.article, app.publicSite) },
  })

  app.put('/:idOrSlug/pending', {
    onRequest: editorOnly,
    schema: {
      ...common,
      operationId: 'setPendingArticle',
      summary: 'Prepare the next version of a live story, unseen by readers',
      description:
        'The fields and validation of PATCH (but `status`), checked now against the live version. Needs `If-Match` with the live ETag (428 without, 412 when stale). 201 when created, 200 when it replaces the article’s one pending version (which also cancels its schedule). A story readers do not see yet (draft, scheduled) is a 409: change it with PATCH.',
      headers: IfMatchRequiredHeaders,
      body: PendingArticleBody,
      response: {
        200: PendingArticleSchema,
        201: PendingArticleSchema,
        308: ArticleMovedSchema,
        ...problemResponses(400, 401, 403, 404, 409, 412, 413, 415, 422, 428),
      },
    },
    handler: async (request, reply) => {
      const expected = requiredVersion(request.headers['if-match'], 'an article')
      const saved = await pending.save(
        request.params.idOrSlug,
        request.body,
        expected,
        actorOf(request),
      )
      return reply.code(saved.created ? 201 : 200).send(withJsonLd(saved.pending))
    },
  })

  app.get('/:idOrSlug/pending', {
    onRequest: editorOnly,
    schema: {
      ...common,
      operationId: 'getPendingArticle',
      summary: 'Get the pending version, with what it changes',
      description:
        'The article as it will read once published, the fields that differ from the live version, and the live version it was prepared on. 404 when there is none.',
      response: {
        200: PendingArticleSchema,
        308: ArticleMovedSchema,
        ...problemResponses(400, 401, 403, 404, 422),
      },
    },
    handler: async (request) => withJsonLd(await pending.get(request.params.idOrSlug)),
  })

  app.delete('/:idOrSlug/pending', {
    onRequest: editorOnly,
    schema: {
      ...common,
      operationId: 'deletePendingArticle',
      summary: 'Drop the pending version',
      response: {
        204: z.null().describe('Dropped'),
        308: ArticleMovedSchema,
        ...problemResponses(400, 401, 403, 404),
      },
    },
    handler: async (request, reply) => {
      await pending.remove(request.params.idOrSlug, actorOf(request))
      return reply.code(204).send(null)
    },
  })

  app.post('/:idOrSlug/pending/publish', {
    onRequest: editorOnly,
    // The body is optional, but Fastify validates a request without one as null: read it as {}.
    preValidation: async (request) => {
      if (request.body === undefined) request.body = {}
    },
    schema: {
      ...common,
      operationId: 'publishPendingArticle',
      summary: 'Make the pending version live, now or at a set time',
      description:
        'Needs `If-Match` with the live ETag. Now: one new revision (200, the article, `article.updated`); `displayedUpdatedAt` moves only if the pending version was saved with `significant: true`. A future `at`: 202 with the pending version and its `publishAt`; readers see the live version until then. 412 when live moved on since the pending version was prepared (a hot fix): the problem carries both, `live` and `pending`.',
      headers: IfMatchRequiredHeaders,
      body: PublishPendingBody,
      response: {
        200: ArticleSchema,
        202: PendingArticleSchema,
        308: ArticleMovedSchema,
        ...problemResponses(400, 401, 403, 404, 409, 412, 415, 422, 428),
      },
    },
    handler: async (request, reply) => {
      const expected = requiredVersion(request.headers['if-match'], 'an article')
      const at = request.body?.at ? new Date(request.body.at) : undefined
      const result = await pending.publish(request.params.idOrSlug, at, expected, actorOf(request))
      if ('scheduled' in result) return reply.code(202).send(withJsonLd(result.scheduled))
      return sendArticle(request, reply, result.article)
    },
  })
}
