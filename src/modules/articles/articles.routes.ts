import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { requiredVersion } from '../../lib/etag.js'
import { omitFields } from '../../lib/fields.js'
import { forbidUnless, KEY_OPTIONAL, KEY_REQUIRED, requireRole } from '../../plugins/auth.js'
import { actorOf } from '../audit/audit-actor.js'
import { surrogateKey, tagResponse } from '../../plugins/response-tags.js'
import { IdOrSlugParams, IfMatchRequiredHeaders, problemResponses } from '../../schemas/common.js'
import { storeCreated } from '../../plugins/idempotency.js'
import { IdempotencyKeyHeaders } from '../../schemas/idempotency.js'
import {
  articleBody,
  articleKeys,
  EVERY_FIELD,
  fieldsToBuild,
  hiddenFields,
  listItemFields,
  sendArticle,
  viewerOf,
} from './articles.http.js'
import {
  type Article,
  ArticleListSchema,
  ArticleOrFieldsSchema,
  ArticleQuery,
  ArticleSchema,
  CreateArticleBody,
  ListArticlesQuery,
  UpdateArticleBody,
} from './articles.schemas.js'
import type { ArticlesService } from './articles.service.js'
import { ArticleMovedSchema } from './article-slug-redirects.js'
import { movedFilterOf } from './articles.moved-filters.js'
import { createSectionsService } from '../sections/sections.service.js'
import { createTagsService } from '../tags/tags.service.js'

const ListMovedSchema = z.object({ location: z.string() }).meta({
  id: 'ArticleListMoved',
  description: 'The `section` or `tag` asked for was renamed: the same list under its new slug',
})

const DeleteQuery = z.strictObject({
  permanent: z
    .stringbool()
    .default(false)
    .describe('Chief editors and admins only: delete for good instead of moving to the trash'),
})

export const articlesRoutes: FastifyPluginAsyncZod<{ articles: ArticlesService }> = async (
  app,
  { articles },
) => {
  const deps = { prisma: app.prisma, changes: app.changes, now: app.clock }
  const movedFilter = movedFilterOf(createSectionsService(deps), createTagsService(deps))
  // Checked on request, before the body is parsed and validated: a client without a key gets 401, not field errors.
  const editorOnly = requireRole('editor')
  // Contributors file drafts; the service keeps them to their own drafts (see workflow/contributor-rules).
  const contributorOrAbove = requireRole('contributor')
  const tags = ['Articles']

  app.post('/', {
    onRequest: contributorOrAbove,
    config: { idempotent: true },
    schema: {
      tags,
      security: KEY_REQUIRED,
      operationId: 'createArticle',
      summary: 'Create an article',
      description:
        'Bylines are given by id or slug, in credit order. `status: "published"` publishes at once (or at a future `publishedAt`) and needs a body and someone to credit.',
      headers: IdempotencyKeyHeaders,
      body: CreateArticleBody,
      response: { 201: ArticleSchema, ...problemResponses(400, 401, 403, 409, 413, 415, 422) },
    },
    handler: async (request, reply) => {
      // With an Idempotency-Key, the response is stored in the create's transaction, as sendArticle sends it.
      const alongside = storeCreated(request, (article: Article) => articleBody(request, article))
      return sendArticle(
        request,
        reply,
        await articles.create(request.body, actorOf(request), alongside),
        201,
      )
    },
  })

  app.get('/', {
    schema: {
      tags,
      security: KEY_OPTIONAL,
      operationId: 'listArticles',
      summary: 'List articles, newest first',
      description:
        'Anonymous readers get published stories whose publication time has come; keys see every status but the trash and may filter by status (`scheduled`, `trashed`, …).',
      querystring: ListArticlesQuery,
      response: {
        200: ArticleListSchema,
        308: ListMovedSchema,
        ...problemResponses(400, 401),
      },
    },
    handler: async (request, reply) => {
      if (request.query.status && request.apiKey)
        forbidUnless(request, 'contributor', 'Filtering by status')
      const viewer = viewerOf(request)
      const shown = listItemFields(request.query)
      const built = fieldsToBuild(shown, viewer)
      const list = await articles.list(request.query, viewer, built)
      // Only an empty first page can be for an old slug: stories follow a renamed section or tag.
      if (list.items.length === 0 && !request.query.cursor) {
        const location = await movedFilter(request.url, request.query)
        if (location) return reply.code(308).header('location', location).send({ location })
      }
      // Any change to an article may change any list (`articles`); the scopes narrow that down.
      const { section, tag, byline } = request.query
      tagResponse(request, [
        ...new Set([
          'articles',
          ...(section ? [surrogateKey('section', section)] : []),
          ...(tag ? [surrogateKey('tag', tag)] : []),
          ...(byline ? [surrogateKey('byline', byline)] : []),
          ...articleKeys(list.items),
        ]),
      ])
      const hidden = hiddenFields(built, shown)
      return { items: list.items.map((item) => omitFields(item, hidden)), page: list.page }
    },
  })

  app.get('/:idOrSlug', {
    schema: {
      tags,
      security: KEY_OPTIONAL,
      operationId: 'getArticle',
      summary: 'Get an article by id or slug',
      description:
        'An old slug of a published article answers 308 with the current URL, query string included, in `Location`. `fields` chooses which fields come.',
      params: IdOrSlugParams,
      querystring: ArticleQuery,
      response: {
        200: ArticleOrFieldsSchema,
        308: ArticleMovedSchema,
        ...problemResponses(400, 401, 404),
      },
    },
    handler: async (request, reply) => {
      const viewer = viewerOf(request)
      const shown = request.query.fields ?? EVERY_FIELD
      const found = await articles.get(
        request.params.idOrSlug,
        viewer,
        fieldsToBuild(shown, viewer),
      )
      if ('article' in found) return sendArticle(request, reply, found.article, 200, shown)
      const query = request.url.indexOf('?')
      const location = `/v1/articles/${found.movedTo}${query < 0 ? '' : request.url.slice(query)}`
      return reply.code(308).header('location', location).send({ slug: found.movedTo, location })
    },
  })

  app.patch('/:idOrSlug', {
    onRequest: contributorOrAbove,
    schema: {
      tags,
      security: KEY_REQUIRED,
      operationId: 'updateArticle',
      summary: 'Change some fields of an article',
      description:
        'Needs `If-Match` with the ETag you read (428 without it, 412 when someone saved in between). Fields left out are kept; `null` clears an optional field; `bylines` replaces the credits.',
      params: IdOrSlugParams,
      headers: IfMatchRequiredHeaders,
      body: UpdateArticleBody,
      response: {
        200: ArticleSchema,
        308: ArticleMovedSchema,
        ...problemResponses(400, 401, 403, 404, 409, 412, 413, 415, 422, 428),
      },
    },
    handler: async (request, reply) => {
      const expected = requiredVersion(request.headers['if-match'], 'an article')
      const article = await articles.update(
        request.params.idOrSlug,
        request.body,
        expected,
        actorOf(request),
      )
      return sendArticle(request, reply, article)
    },
  })

  app.delete('/:idOrSlug', {
    onRequest: editorOnly,
    schema: {
      tags,
      security: KEY_REQUIRED,
      operationId: 'deleteArticle',
      summary: 'Move an article to the trash (or, for admins, delete it for good)',
      description:
        'Needs `If-Match`. The trash hides the article from readers; `POST …/restore` brings it back. `?permanent=true` (chief or admin keys) deletes it with its history.',
      params: IdOrSlugParams,
      querystring: DeleteQuery,
      headers: IfMatchRequiredHeaders,
      response: {
        204: z.null().describe('Trashed or deleted'),
        308: ArticleMovedSchema,
        ...problemResponses(400, 401, 403, 404, 412, 428),
      },
    },
    handler: async (request, reply) => {
      const expected = requiredVersion(request.headers['if-match'], 'an article')
      if (request.query.permanent) {
        forbidUnless(request, 'chief', 'Deleting an article for good')
        await articles.purge(request.params.idOrSlug, expected, actorOf(request))
      } else {
        await articles.trash(request.params.idOrSlug, expected, actorOf(request))
      }
      return reply.code(204).send(null)
    },
  })
}
