import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { KEY_OPTIONAL, KEY_REQUIRED, requireRole } from '../../plugins/auth.js'
import { IdOrSlugParams, problemResponses } from '../../schemas/common.js'
import { BylineListSchema, BylineSchema, CreateBylineBody, ListBylinesQuery, UpdateBylineBody } from './bylines.schemas.js'
import { createBylinesService } from './bylines.service.js'

export const bylinesRoutes: FastifyPluginAsyncZod = async (app) => {
  const bylines = createBylinesService({ prisma: app.prisma })
  // Checked on request, before the body is parsed and validated: a client without a key gets 401, not field errors.
  const editorOnly = requireRole('editor')
  const tags = ['Bylines']

  app.post('/', {
    onRequest: editorOnly,
    schema: {
      tags,
      security: KEY_REQUIRED,
      summary: 'Create a byline',
      body: CreateBylineBody,
      response: { 201: BylineSchema, ...problemResponses(400, 401, 403, 409, 413, 415) },
    },
    handler: async (request, reply) => reply.code(201).send(await bylines.create(request.body)),
  })

  app.get('/', {
    schema: {
      tags,
      security: KEY_OPTIONAL,
      summary: 'List bylines, by name',
      querystring: ListBylinesQuery,
      response: { 200: BylineListSchema, ...problemResponses(400, 401) },
    },
    handler: async (request) => bylines.list(request.query),
  })

  app.get('/:idOrSlug', {
    schema: {
      tags,
      security: KEY_OPTIONAL,
      summary: 'Get a byline by id or slug',
      params: IdOrSlugParams,
      response: { 200: BylineSchema, ...problemResponses(401, 404) },
    },
    handler: async (request) => bylines.get(request.params.idOrSlug),
  })

  app.patch('/:idOrSlug', {
    onRequest: editorOnly,
    schema: {
      tags,
      security: KEY_REQUIRED,
      summary: 'Change some fields of a byline',
      description: 'Fields left out are kept; `null` clears an optional field.',
      params: IdOrSlugParams,
      body: UpdateBylineBody,
      response: { 200: BylineSchema, ...problemResponses(400, 401, 403, 404, 409, 413, 415) },
    },
    handler: async (request) => bylines.update(request.params.idOrSlug, request.body),
  })

  app.delete('/:idOrSlug', {
    onRequest: editorOnly,
    schema: {
      tags,
      security: KEY_REQUIRED,
      summary: 'Delete a byline',
      description: 'Refused with 409, naming the articles, while an article still credits it.',
      params: IdOrSlugParams,
      response: { 204: z.null().describe('Deleted'), ...problemResponses(401, 403, 404, 409) },
    },
    handler: async (request, reply) => {
      await bylines.remove(request.params.idOrSlug)
      return reply.code(204).send(null)
    },
  })
}
