import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { versionETag, versionFromIfMatch } from '../../lib/etag.js'
import { KEY_OPTIONAL, KEY_REQUIRED, requireRole } from '../../plugins/auth.js'
import { actorOf } from '../audit/audit-actor.js'
import { surrogateKey, tagResponse } from '../../plugins/response-tags.js'
import { IdOrSlugParams, IfMatchHeaders, problemResponses } from '../../schemas/common.js'
import { createdResponse, storeCreated } from '../../plugins/idempotency.js'
import { IdempotencyKeyHeaders } from '../../schemas/idempotency.js'
import {
  BylineListSchema,
  BylineSchema,
  CreateBylineBody,
  ListBylinesQuery,
  UpdateBylineBody,
} from './bylines.schemas.js'
import { createBylinesService } from './bylines.service.js'

export const bylinesRoutes: FastifyPluginAsyncZod = async (app) => {
  const bylines = createBylinesService({ prisma: app.prisma, changes: app.changes })
  // Checked on request, before the body is parsed and validated: a client without a key gets 401, not field errors.
  const editorOnly = requireRole('editor')
  const tags = ['Bylines']

  app.post('/', {
    onRequest: editorOnly,
    config: { idempotent: true },
    schema: {
      tags,
      security: KEY_REQUIRED,
      operationId: 'createByline',
      summary: 'Create a byline',
      headers: IdempotencyKeyHeaders,
      body: CreateBylineBody,
      response: { 201: BylineSchema, ...problemResponses(400, 401, 403, 409, 413, 415, 422) },
    },
    handler: async (request, reply) => {
      const byline = await bylines.create(request.body, actorOf(request), storeCreated(request))
      const { status, headers, body } = createdResponse(byline)
      return reply.code(status).headers(headers).send(body)
    },
  })

  app.get('/', {
    schema: {
      tags,
      security: KEY_OPTIONAL,
      operationId: 'listBylines',
      summary: 'List bylines, by name',
      querystring: ListBylinesQuery,
      response: { 200: BylineListSchema, ...problemResponses(400, 401) },
    },
    handler: async (request) => {
      const list = await bylines.list(request.query)
      tagResponse(request, ['bylines', ...list.items.map((b) => surrogateKey('byline', b.id))])
      return list
    },
  })

  app.get('/:idOrSlug', {
    schema: {
      tags,
      security: KEY_OPTIONAL,
      operationId: 'getByline',
      summary: 'Get a byline by id or slug',
      params: IdOrSlugParams,
      response: { 200: BylineSchema, ...problemResponses(401, 404) },
    },
    handler: async (request, reply) => {
      const byline = await bylines.get(request.params.idOrSlug)
      tagResponse(request, [surrogateKey('byline', byline.id)])
      // The version ETag is kept for keyed reads (If-Match); anonymous ones get a content ETag.
      return reply.header('etag', versionETag(byline.version)).send(byline)
    },
  })

  app.patch('/:idOrSlug', {
    onRequest: editorOnly,
    schema: {
      tags,
      security: KEY_REQUIRED,
      operationId: 'updateByline',
      summary: 'Change some fields of a byline',
      description:
        'Fields left out are kept; `null` clears an optional field. `If-Match` is honoured when sent (412 when stale).',
      params: IdOrSlugParams,
      headers: IfMatchHeaders,
      body: UpdateBylineBody,
      response: { 200: BylineSchema, ...problemResponses(400, 401, 403, 404, 409, 412, 413, 415) },
    },
    handler: async (request, reply) => {
      const expected = versionFromIfMatch(request.headers['if-match'])
      const byline = await bylines.update(
        request.params.idOrSlug,
        request.body,
        expected,
        actorOf(request),
      )
      return reply.header('etag', versionETag(byline.version)).send(byline)
    },
  })

  app.delete('/:idOrSlug', {
    onRequest: editorOnly,
    schema: {
      tags,
      security: KEY_REQUIRED,
      operationId: 'deleteByline',
      summary: 'Delete a byline',
      description:
        'Refused with 409, naming the articles, while an article (trashed ones included) still credits it. `If-Match` is honoured when sent.',
      params: IdOrSlugParams,
      headers: IfMatchHeaders,
      response: {
        204: z.null().describe('Deleted'),
        ...problemResponses(400, 401, 403, 404, 409, 412),
      },
    },
    handler: async (request, reply) => {
      const expected = versionFromIfMatch(request.headers['if-match'])
      await bylines.remove(request.params.idOrSlug, expected, actorOf(request))
      return reply.code(204).send(null)
    },
  })
}
