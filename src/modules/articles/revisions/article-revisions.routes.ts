import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { versionFromIfMatch } from '../../../lib/etag.js'
import { KEY_REQUIRED, requireRoleForAll } from '../../../plugins/auth.js'
import { actorOf } from '../../audit/audit-actor.js'
import { IdOrSlugParams, IfMatchHeaders, problemResponses } from '../../../schemas/common.js'
import { sendArticle } from '../articles.http.js'
import {
  DiffQuery,
  ListRevisionsQuery,
  RevisionDiffSchema,
  RevisionListSchema,
  RevisionParams,
  RevisionSchema,
} from './article-revisions.schemas.js'
import type { ArticleRevisionsService } from './article-revisions.service.js'
import { ArticleSchema } from '../articles.schemas.js'

/** The history of an article: every version, who made it, field-level diffs, restore. */
export const articleRevisionsRoutes: FastifyPluginAsyncZod<{
  revisions: ArticleRevisionsService
}> = async (app, { revisions }) => {
  const common = { tags: ['Revisions'], security: KEY_REQUIRED }
  requireRoleForAll(app, 'editor')

  app.get('/:idOrSlug/revisions', {
    schema: {
      ...common,
      operationId: 'listArticleRevisions',
      summary: 'List the versions of an article, newest first',
      params: IdOrSlugParams,
      querystring: ListRevisionsQuery,
      response: { 200: RevisionListSchema, ...problemResponses(400, 401, 403, 404) },
    },
    handler: async (request) => revisions.list(request.params.idOrSlug, request.query),
  })

  app.get('/:idOrSlug/revisions/:version', {
    schema: {
      ...common,
      operationId: 'getArticleRevision',
      summary: 'One version of an article',
      params: RevisionParams,
      response: { 200: RevisionSchema, ...problemResponses(400, 401, 403, 404) },
    },
    handler: async (request) => revisions.get(request.params.idOrSlug, request.params.version),
  })

  app.get('/:idOrSlug/revisions/:version/diff', {
    schema: {
      ...common,
      operationId: 'diffArticleRevisions',
      summary: 'What changed between two versions, field by field',
      params: RevisionParams,
      querystring: DiffQuery,
      response: { 200: RevisionDiffSchema, ...problemResponses(400, 401, 403, 404) },
    },
    handler: async (request) =>
      revisions.diff(request.params.idOrSlug, request.params.version, request.query.against),
  })

  app.post('/:idOrSlug/revisions/:version/restore', {
    schema: {
      ...common,
      operationId: 'restoreArticleRevision',
      summary: 'Restore a version',
      description:
        'Creates a new version equal to the chosen one; the history is never rewritten. `If-Match` is honoured when sent.',
      params: RevisionParams,
      headers: IfMatchHeaders,
      response: { 200: ArticleSchema, ...problemResponses(400, 401, 403, 404, 409, 412, 422) },
    },
    handler: async (request, reply) => {
      const expected = versionFromIfMatch(request.headers['if-match'])
      const article = await revisions.restore(
        request.params.idOrSlug,
        request.params.version,
        expected,
        actorOf(request),
      )
      return sendArticle(request, reply, article)
    },
  })
}
