import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { versionFromIfMatch } from '../../lib/etag.js'
import { KEY_REQUIRED, requireRole } from '../../plugins/auth.js'
import { IfMatchHeaders, problemResponses } from '../../schemas/common.js'
import { actorOf } from '../audit/audit-actor.js'
import { createWebhooksService, type WebhookOptions } from './webhooks.service.js'
import {
  CreateWebhookBody,
  DeliveryListSchema,
  DeliveryParams,
  DeliverySchema,
  ListDeliveriesQuery,
  UpdateWebhookBody,
  WebhookListSchema,
  WebhookParams,
  WebhookSchema,
  WebhookWithSecretSchema,
} from './webhooks.schemas.js'

export interface WebhooksRoutesOptions {
  options: WebhookOptions
  kick: () => void
}

export const webhooksRoutes: FastifyPluginAsyncZod<WebhooksRoutesOptions> = async (
  app,
  { options, kick },
) => {
  const webhooks = createWebhooksService({
    prisma: app.prisma,
    changes: app.changes,
    now: app.clock,
    options,
    kick,
  })
  const adminOnly = requireRole('admin')
  const tags = ['Webhooks']
  const security = KEY_REQUIRED

  app.post('/', {
    onRequest: adminOnly,
    schema: {
      tags,
      security,
      operationId: 'createWebhook',
      summary: 'Create a webhook endpoint',
      description:
        'Deliveries are signed per Standard Webhooks (`webhook-id`, `webhook-timestamp`, ' +
        '`webhook-signature`) with the secret in this response, which is never shown again.',
      body: CreateWebhookBody,
      response: { 201: WebhookWithSecretSchema, ...problemResponses(400, 401, 403, 413, 415) },
    },
    handler: async (request, reply) =>
      reply.code(201).send(await webhooks.create(request.body, actorOf(request))),
  })

  app.get('/', {
    onRequest: adminOnly,
    schema: {
      tags,
      security,
      operationId: 'listWebhooks',
      summary: 'List webhook endpoints',
      response: { 200: WebhookListSchema, ...problemResponses(401, 403) },
    },
    handler: async () => webhooks.list(),
  })

  app.get('/:id', {
    onRequest: adminOnly,
    schema: {
      tags,
      security,
      operationId: 'getWebhook',
      summary: 'Get a webhook endpoint',
      params: WebhookParams,
      response: { 200: WebhookSchema, ...problemResponses(400, 401, 403, 404) },
    },
    handler: async (request) => webhooks.get(request.params.id),
  })

  app.patch('/:id', {
    onRequest: adminOnly,
    schema: {
      tags,
      security,
      operationId: 'updateWebhook',
      summary: 'Change a webhook endpoint, or enable / disable it',
      params: WebhookParams,
      headers: IfMatchHeaders,
      body: UpdateWebhookBody,
      response: { 200: WebhookSchema, ...problemResponses(400, 401, 403, 404, 412, 413, 415) },
    },
    handler: async (request) =>
      webhooks.update(
        request.params.id,
        request.body,
        versionFromIfMatch(request.headers['if-match']),
        actorOf(request),
      ),
  })

  app.delete('/:id', {
    onRequest: adminOnly,
    schema: {
      tags,
      security,
      operationId: 'deleteWebhook',
      summary: 'Delete a webhook endpoint and its delivery log',
      params: WebhookParams,
      response: { 204: z.null().describe('Deleted'), ...problemResponses(400, 401, 403, 404) },
    },
    handler: async (request, reply) => {
      await webhooks.remove(request.params.id, actorOf(request))
      return reply.code(204).send(null)
    },
  })

  app.post('/:id/rotate-secret', {
    onRequest: adminOnly,
    schema: {
      tags,
      security,
      operationId: 'rotateWebhookSecret',
      summary: 'Replace the signing secret',
      description:
        'Returns the new secret, shown only here. The previous secret keeps signing deliveries too ' +
        '(a second signature in `webhook-signature`) for WEBHOOK_SECRET_GRACE_HOURS (24 by default).',
      params: WebhookParams,
      response: { 200: WebhookWithSecretSchema, ...problemResponses(400, 401, 403, 404) },
    },
    handler: async (request) => webhooks.rotateSecret(request.params.id, actorOf(request)),
  })

  app.post('/:id/test', {
    onRequest: adminOnly,
    schema: {
      tags,
      security,
      operationId: 'testWebhook',
      summary: 'Send a ping event to the endpoint',
      description:
        'Queues a `webhook.ping` delivery (see PingEvent); follow it in the delivery log.',
      params: WebhookParams,
      response: { 202: DeliverySchema, ...problemResponses(400, 401, 403, 404) },
    },
    handler: async (request, reply) =>
      reply.code(202).send(await webhooks.ping(request.params.id, actorOf(request))),
  })

  app.get('/:id/deliveries', {
    onRequest: adminOnly,
    schema: {
      tags,
      security,
      operationId: 'listWebhookDeliveries',
      summary: "List an endpoint's deliveries, newest first",
      params: WebhookParams,
      querystring: ListDeliveriesQuery,
      response: { 200: DeliveryListSchema, ...problemResponses(400, 401, 403, 404) },
    },
    handler: async (request) => webhooks.deliveries(request.params.id, request.query),
  })

  app.post('/:id/deliveries/:deliveryId/redeliver', {
    onRequest: adminOnly,
    schema: {
      tags,
      security,
      operationId: 'redeliverWebhookDelivery',
      summary: 'Send a delivery again',
      description:
        'The same message (same `webhook-id`, so receivers can deduplicate), now, with a fresh retry schedule.',
      params: DeliveryParams,
      response: { 202: DeliverySchema, ...problemResponses(400, 401, 403, 404) },
    },
    handler: async (request, reply) =>
      reply
        .code(202)
        .send(
          await webhooks.redeliver(request.params.id, request.params.deliveryId, actorOf(request)),
        ),
  })
}
