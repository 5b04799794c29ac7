import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { versionETag, versionFromIfMatch } from '../../lib/etag.js'
import { KEY_OPTIONAL, KEY_REQUIRED, requireRole } from '../../plugins/auth.js'
import { IdOrSlugParams, problemResponses } from '../../schemas/common.js'
import { ArticleListSchema, ArticleSchema, CreateArticleBody, ListArticlesQuery, UpdateArticleBody } from './articles.schemas.js'
import { createArticlesService } from './articles.service.js'

const ETagHeader = z.object({ etag: z.string().describe('The article version as a strong ETag, e.g. "3"') })
const IfMatchHeaders = z.object({
  'if-match': z
    .string()
    .optional()
    .describe('Send the ETag you read: the change is refused with 412 if someone saved in between'),
})

export const articlesRoutes: FastifyPluginAsyncZod = async (app) => {
  const articles = createArticlesService({ prisma: app.prisma, now: app.clock })
  // Checked on request, before the body is parsed and validated: a client without a key gets 401, not field errors.
  const editorOnly = requireRole('editor')
  const tags = ['Articles']

  app.post('/', {
    onRequest: editorOnly,
    schema: {
      tags,
      security: KEY_REQUIRED,
      summary: 'Create an article',
      description: 'Bylines are given by id or slug, in credit order. `status: "published"` publishes at once.',
      body: CreateArticleBody,
      response: { 201: ArticleSchema, ...problemResponses(400, 401, 403, 409, 413, 415, 422) },
    },
    handler: async (request, reply) => {
      const article = await articles.create(request.body)
      return reply.code(201).header('etag', versionETag(article.version)).send(article)
    },
  })

  app.get('/', {
    schema: {
      tags,
      security: KEY_OPTIONAL,
      summary: 'List articles, newest first',
      description:
        'Anonymous readers get published stories whose publication time has come; keys see every status and may filter by it.',
      querystring: ListArticlesQuery,
      response: { 200: ArticleListSchema, ...problemResponses(400, 401) },
    },
    handler: async (request) => articles.list(request.query, { keyed: request.apiKey !== null }),
  })

  app.get('/:idOrSlug', {
    schema: {
      tags,
      security: KEY_OPTIONAL,
      summary: 'Get an article by id or slug',
      params: IdOrSlugParams,
      response: { 200: ArticleSchema.meta({ headers: ETagHeader }), ...problemResponses(401, 404) },
    },
    handler: async (request, reply) => {
      const article = await articles.get(request.params.idOrSlug, { keyed: request.apiKey !== null })
      return reply.header('etag', versionETag(article.version)).send(article)
    },
  })

  app.patch('/:idOrSlug', {
    onRequest: editorOnly,
    schema: {
      tags,
      security: KEY_REQUIRED,
      summary: 'Change some fields of an article',
      description: 'Fields left out are kept; `null` clears an optional field; `bylines` replaces the credits.',
      params: IdOrSlugParams,
      headers: IfMatchHeaders,
      body: UpdateArticleBody,
      response: { 200: ArticleSchema, ...problemResponses(400, 401, 403, 404, 409, 412, 413, 415, 422) },
    },
    handler: async (request, reply) => {
      const expected = versionFromIfMatch(request.headers['if-match'])
      const article = await articles.update(request.params.idOrSlug, request.body, expected)
      return reply.header('etag', versionETag(article.version)).send(article)
    },
  })

  app.delete('/:idOrSlug', {
    onRequest: editorOnly,
    schema: {
      tags,
      security: KEY_REQUIRED,
      summary: 'Delete an article',
      params: IdOrSlugParams,
      response: { 204: z.null().describe('Deleted'), ...problemResponses(401, 403, 404) },
    },
    handler: async (request, reply) => {
      await articles.remove(request.params.idOrSlug)
      return reply.code(204).send(null)
    },
  })
}
