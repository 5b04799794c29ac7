import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { KEY_REQUIRED, requireRoleForAll } from '../../plugins/auth.js'
import { actorOf } from '../audit/audit-actor.js'
import { problemResponses } from '../../schemas/common.js'
import {
  ApiKeyIdParams,
  ApiKeyListSchema,
  CreateApiKeyBody,
  CreatedApiKeySchema,
  ListApiKeysQuery,
} from './keys.schemas.js'
import { createKeysService } from './keys.service.js'

export const keysRoutes: FastifyPluginAsyncZod = async (app) => {
  const keys = createKeysService({ prisma: app.prisma, now: app.clock })
  requireRoleForAll(app, 'admin')
  const common = { tags: ['API keys'], security: KEY_REQUIRED }

  app.post('/', {
    schema: {
      ...common,
      operationId: 'createApiKey',
      summary: 'Create an API key',
      description:
        'The response is the only time the secret key is shown; only its SHA-256 hash is stored. `sections` limits the key to stories in those sections (writes; for syndication keys also reads): other stories answer 403 naming the sections.',
      body: CreateApiKeyBody,
      response: { 201: CreatedApiKeySchema, ...problemResponses(400, 401, 403, 413, 415, 422) },
    },
    handler: async (request, reply) =>
      reply.code(201).send(await keys.create(request.body, actorOf(request))),
  })

  app.get('/', {
    schema: {
      ...common,
      operationId: 'listApiKeys',
      summary: 'List API keys',
      querystring: ListApiKeysQuery,
      response: { 200: ApiKeyListSchema, ...problemResponses(400, 401, 403) },
    },
    handler: async (request) => keys.list(request.query),
  })

  app.delete('/:id', {
    schema: {
      ...common,
      operationId: 'deleteApiKey',
      summary: 'Delete (revoke) an API key',
      description: 'The last admin key cannot be deleted (409): create another admin key first.',
      params: ApiKeyIdParams,
      response: { 204: z.null().describe('Deleted'), ...problemResponses(400, 401, 403, 404, 409) },
    },
    handler: async (request, reply) => {
      await keys.remove(request.params.id, actorOf(request))
      return reply.code(204).send(null)
    },
  })
}
