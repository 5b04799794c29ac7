import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { KEY_REQUIRED, requireRole } from '../../plugins/auth.js'
import { actorOf } from '../audit/audit-actor.js'
import { IdOrSlugParams, problemResponses } from '../../schemas/common.js'
import { createSlotItemsService } from './slot-items.js'
import { ReplaceSlotItemsBody, SlotItemListSchema, SlotKeyParams } from './slots.schemas.js'
import { ITEM_RULES } from './slots.routes.js'

const ArticleSlotParams = IdOrSlugParams.extend(SlotKeyParams.shape)

/** An article's own item list in a slot: `/v1/articles/{idOrSlug}/slots/{key}`. */
export const articleSlotsRoutes: FastifyPluginAsyncZod = async (app) => {
  const items = createSlotItemsService({ prisma: app.prisma, changes: app.changes })
  const editorOnly = requireRole('editor')
  const tags = ['Slots']

  app.get('/:idOrSlug/slots/:key', {
    onRequest: editorOnly,
    schema: {
      tags,
      security: KEY_REQUIRED,
      operationId: 'getArticleSlotItems',
      summary: "Get an article's own items in a slot",
      description: "An empty list means the article uses the slot's site-wide default items.",
      params: ArticleSlotParams,
      response: { 200: SlotItemListSchema, ...problemResponses(400, 401, 403, 404) },
    },
    handler: async (request) => items.getForArticle(request.params.idOrSlug, request.params.key),
  })

  app.put('/:idOrSlug/slots/:key', {
    onRequest: editorOnly,
    schema: {
      tags,
      security: KEY_REQUIRED,
      operationId: 'replaceArticleSlotItems',
      summary: "Replace an article's own items in a slot",
      description:
        "The list replaces the slot's default items for this article; `[]` goes back to the defaults. " +
        ITEM_RULES,
      params: ArticleSlotParams,
      body: ReplaceSlotItemsBody,
      response: { 200: SlotItemListSchema, ...problemResponses(400, 401, 403, 404, 413, 415, 422) },
    },
    handler: async (request) => {
      const { idOrSlug, key } = request.params
      return items.replaceForArticle(idOrSlug, key, request.body.items, actorOf(request))
    },
  })
}
