import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { versionETag, versionFromIfMatch } from '../../lib/etag.js'
import { KEY_REQUIRED, requireRole } from '../../plugins/auth.js'
import { actorOf } from '../audit/audit-actor.js'
import { IfMatchHeaders, problemResponses } from '../../schemas/common.js'
import { createdResponse, storeCreated } from '../../plugins/idempotency.js'
import { IdempotencyKeyHeaders } from '../../schemas/idempotency.js'
import { createSlotItemsService } from './slot-items.js'
import {
  CreateSlotBody,
  ReplaceSlotItemsBody,
  SlotItemListSchema,
  SlotKeyParams,
  SlotListSchema,
  SlotSchema,
  UpdateSlotBody,
} from './slots.schemas.js'
import { nextSlotWindowChange } from './slot-schedule.js'
import { createSlotsService } from './slots.service.js'

/** The item rules, for the descriptions of both PUT routes. */
export const ITEM_RULES =
  'Each item is an internal article (`type: "article"`, by id or slug) or a sponsored external link ' +
  '(`type: "external"` with `url`, `title`, `sponsor` and an optional `imageUrl`), optionally shown only ' +
  'between `startsAt` and `endsAt`. URLs must be absolute http(s) URLs on public hosts (no credentials, ' +
  '`localhost` or private IP addresses): 400 naming `items.N.url`. Refused with 422 naming `items.N`: ' +
  'unknown articles, an article recommending itself, the same item twice, more items than the capacity, ' +
  'external links in a slot that does not allow sponsored content, and articles in an `automatic` slot.'

export const slotsRoutes: FastifyPluginAsyncZod = async (app) => {
  const slots = createSlotsService({ prisma: app.prisma, changes: app.changes })
  const items = createSlotItemsService({ prisma: app.prisma, changes: app.changes })
  // A slot item's window opens and closes without a write: caches must know when.
  app.schedule.register((after) => nextSlotWindowChange(app.prisma, after))
  const chiefOnly = requireRole('chief')
  const editorOnly = requireRole('editor')
  const tags = ['Slots']

  app.post('/', {
    onRequest: chiefOnly,
    config: { idempotent: true },
    schema: {
      tags,
      security: KEY_REQUIRED,
      operationId: 'createSlot',
      summary: 'Create a recommendation slot',
      headers: IdempotencyKeyHeaders,
      body: CreateSlotBody,
      response: { 201: SlotSchema, ...problemResponses(400, 401, 403, 409, 413, 415, 422) },
    },
    handler: async (request, reply) => {
      const slot = await slots.create(request.body, actorOf(request), storeCreated(request))
      const { status, headers, body } = createdResponse(slot)
      return reply.code(status).headers(headers).send(body)
    },
  })

  app.get('/', {
    onRequest: editorOnly,
    schema: {
      tags,
      security: KEY_REQUIRED,
      operationId: 'listSlots',
      summary: 'List the slots in page order',
      response: { 200: SlotListSchema, ...problemResponses(401, 403) },
    },
    handler: async () => slots.list(),
  })

  app.get('/:key', {
    onRequest: editorOnly,
    schema: {
      tags,
      security: KEY_REQUIRED,
      operationId: 'getSlot',
      summary: 'Get a slot by key',
      params: SlotKeyParams,
      response: { 200: SlotSchema, ...problemResponses(400, 401, 403, 404) },
    },
    handler: async (request, reply) => {
      const slot = await slots.get(request.params.key)
      return reply.header('etag', versionETag(slot.version)).send(slot)
    },
  })

  app.patch('/:key', {
    onRequest: chiefOnly,
    schema: {
      tags,
      security: KEY_REQUIRED,
      operationId: 'updateSlot',
      summary: 'Change some fields of a slot',
      description:
        'Fields left out are kept. Lowering `capacity` or turning `allowSponsored` off keeps the stored item ' +
        'lists; readers then get at most `capacity` items and no sponsored links.',
      params: SlotKeyParams,
      headers: IfMatchHeaders,
      body: UpdateSlotBody,
      response: { 200: SlotSchema, ...problemResponses(400, 401, 403, 404, 409, 412, 413, 415) },
    },
    handler: async (request, reply) => {
      const expected = versionFromIfMatch(request.headers['if-match'])
      const slot = await slots.update(request.params.key, request.body, expected, actorOf(request))
      return reply.header('etag', versionETag(slot.version)).send(slot)
    },
  })

  app.delete('/:key', {
    onRequest: chiefOnly,
    schema: {
      tags,
      security: KEY_REQUIRED,
      operationId: 'deleteSlot',
      summary: 'Delete a slot and every item list in it',
      description: '`If-Match` is honoured when sent.',
      params: SlotKeyParams,
      headers: IfMatchHeaders,
      response: {
        204: z.null().describe('Deleted'),
        ...problemResponses(400, 401, 403, 404, 409, 412),
      },
    },
    handler: async (request, reply) => {
      const expected = versionFromIfMatch(request.headers['if-match'])
      await slots.remove(request.params.key, expected, actorOf(request))
      return reply.code(204).send(null)
    },
  })

  app.get('/:key/items', {
    onRequest: editorOnly,
    schema: {
      tags,
      security: KEY_REQUIRED,
      operationId: 'getSlotItems',
      summary: "Get a slot's site-wide default items",
      description:
        'The defaults are used for every article that has no list of its own in this slot.',
      params: SlotKeyParams,
      response: { 200: SlotItemListSchema, ...problemResponses(400, 401, 403, 404) },
    },
    handler: async (request) => items.getDefaults(request.params.key),
  })

  app.put('/:key/items', {
    onRequest: editorOnly,
    schema: {
      tags,
      security: KEY_REQUIRED,
      operationId: 'replaceSlotItems',
      summary: "Replace a slot's site-wide default items",
      description: ITEM_RULES,
      params: SlotKeyParams,
      body: ReplaceSlotItemsBody,
      response: { 200: SlotItemListSchema, ...problemResponses(400, 401, 403, 404, 413, 415, 422) },
    },
    handler: async (request) =>
      items.replaceDefaults(request.params.key, request.body.items, actorOf(request)),
  })
}
