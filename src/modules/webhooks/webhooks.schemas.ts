import { z } from 'zod'
import { IsoDateTime, PageInfo, PaginationQuery } from '../../schemas/common.js'
import { MAX_URL_LENGTH } from '../../schemas/public-url.js'
import { EventTypeSchema } from '../events/events.schemas.js'
import {
  CREATE_WEBHOOK_EXAMPLE,
  DELIVERY_EXAMPLE,
  PING_EVENT_EXAMPLE,
  UPDATE_WEBHOOK_EXAMPLE,
  WEBHOOK_EXAMPLE,
  WEBHOOK_WITH_SECRET_EXAMPLE,
} from './webhooks.examples.js'

const Types = z
  .array(EventTypeSchema)
  .min(1)
  .max(50)
  .nullable()
  .describe('The event types to deliver; null: every type, including types added later')

export const WebhookSchema = z
  .object({
    id: z.uuid(),
    url: z.string(),
    types: Types,
    description: z.string().nullable(),
    enabled: z.boolean(),
    disabledAt: IsoDateTime.nullable().describe(
      'Set when the endpoint was disabled, by an admin or after every delivery failed for 3 days',
    ),
    disabledReason: z.string().nullable(),
    failingSince: IsoDateTime.nullable().describe(
      'Since when every delivery attempt has failed; null after a success',
    ),
    previousSecretExpiresAt: IsoDateTime.nullable().describe(
      'After a rotation: until when the previous secret still signs deliveries too',
    ),
    version: z.number().int(),
    createdAt: IsoDateTime,
    updatedAt: IsoDateTime,
  })
  .meta({ id: 'Webhook', examples: [WEBHOOK_EXAMPLE] })
export type Webhook = z.infer<typeof WebhookSchema>

export const WebhookWithSecretSchema = WebhookSchema.extend({
  secret: z
    .string()
    .describe(
      'The signing secret (`whsec_…`, Standard Webhooks). Shown only in this response: store it now',
    ),
}).meta({ id: 'WebhookWithSecret', examples: [WEBHOOK_WITH_SECRET_EXAMPLE] })

const Url = z
  .string()
  .min(1)
  .max(MAX_URL_LENGTH)
  .describe(
    'Where deliveries are POSTed: https (http only when the operator allows it), on a public address',
  )
const Description = z.string().max(500).nullable()

export const CreateWebhookBody = z
  .strictObject({
    url: Url,
    types: Types.optional(),
    description: Description.optional(),
    enabled: z.boolean().default(true),
  })
  .meta({ id: 'CreateWebhookBody', examples: [CREATE_WEBHOOK_EXAMPLE] })
export type CreateWebhookBody = z.infer<typeof CreateWebhookBody>

export const UpdateWebhookBody = z
  .strictObject({
    url: Url,
    types: Types,
    description: Description,
    enabled: z
      .boolean()
      .describe('true re-enables an endpoint that was disabled, and resumes its deliveries'),
  })
  .partial()
  .meta({ id: 'UpdateWebhookBody', examples: [UPDATE_WEBHOOK_EXAMPLE] })
export type UpdateWebhookBody = z.infer<typeof UpdateWebhookBody>

export const WebhookListSchema = z
  .object({ items: z.array(WebhookSchema) })
  .meta({ id: 'WebhookList', examples: [{ items: [WEBHOOK_EXAMPLE] }] })

export const WebhookParams = z.object({ id: z.uuid().describe('The webhook id') })
export const DeliveryParams = WebhookParams.extend({
  deliveryId: z.uuid().describe('The delivery id'),
})

export const DeliverySchema = z
  .object({
    id: z.uuid(),
    webhookId: z.uuid(),
    messageId: z
      .string()
      .describe('The `webhook-id` header: the event id (the delivery id for a ping)'),
    eventType: z.string(),
    status: z
      .enum(['pending', 'delivered', 'failed'])
      .describe('`failed`: every retry failed (about 31 hours of them); redeliver to try again'),
    attempts: z.number().int(),
    nextAttemptAt: IsoDateTime.nullable(),
    lastAttemptAt: IsoDateTime.nullable(),
    statusCode: z.number().int().nullable().describe('Of the last attempt; null: no response'),
    durationMs: z.number().int().nullable(),
    error: z.string().nullable(),
    responseSnippet: z.string().nullable().describe('The first KiB of the last response body'),
    createdAt: IsoDateTime,
    deliveredAt: IsoDateTime.nullable(),
  })
  .meta({ id: 'WebhookDelivery', examples: [DELIVERY_EXAMPLE] })
export type Delivery = z.infer<typeof DeliverySchema>

export const ListDeliveriesQuery = PaginationQuery
export const DeliveryListSchema = z
  .object({ items: z.array(DeliverySchema), page: PageInfo })
  .meta({
    id: 'WebhookDeliveryList',
    examples: [{ items: [DELIVERY_EXAMPLE], page: { limit: 20, nextCursor: null } }],
  })

/** The body of a ping (`POST /v1/webhooks/{id}/test`). */
export const PingEventSchema = z
  .object({
    id: z.uuid(),
    type: z.literal('webhook.ping'),
    occurredAt: IsoDateTime,
    webhook: z.object({ id: z.uuid() }),
  })
  .meta({ id: 'PingEvent', examples: [PING_EVENT_EXAMPLE] })
