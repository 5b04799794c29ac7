// The OpenAPI examples of webhooks: the demo public site's endpoint that revalidates story pages
// when stories change, checked against the schemas by tests/unit/modules/openapi-examples.test.ts.

const CREATED_AT = '2026-06-12T04:30:00.000Z'
const WEBHOOK_ID = '5a7c9e1b-3d5f-4a6c-8e0b-2c4d6e8f0a1b'
const TYPES = [
  'article.published',
  'article.updated',
  'article.unpublished',
  'article.killed',
  'article.deleted',
  'article.slug_changed',
] as const

/** What "Try it out" sends to subscribe an endpoint. */
export const CREATE_WEBHOOK_EXAMPLE = {
  url: 'https://news.example.com/api/revalidate',
  types: [...TYPES],
  description: 'Public site: revalidate story pages and purge the CDN',
}

/** What "Try it out" sends to change one: re-enable it, e.g. after it was disabled for failing. */
export const UPDATE_WEBHOOK_EXAMPLE = { enabled: true }

export const WEBHOOK_EXAMPLE = {
  id: WEBHOOK_ID,
  ...CREATE_WEBHOOK_EXAMPLE,
  enabled: true,
  disabledAt: null,
  disabledReason: null,
  failingSince: null,
  previousSecretExpiresAt: null,
  version: 1,
  createdAt: CREATED_AT,
  updatedAt: CREATED_AT,
}

/** As generateSecret makes them: `whsec_` and 32 bytes in base64. */
export const WEBHOOK_WITH_SECRET_EXAMPLE = {
  ...WEBHOOK_EXAMPLE,
  secret: 'whsec_QidI3OYlhIcLPvN/EYHNq1SU2gbzx7eUeMKkLHUZ0mM=',
}

/** The delivery of the flagship's correction (EVENT_EXAMPLE in events.examples.ts). */
export const DELIVERY_EXAMPLE = {
  id: '01976b2e-4c1b-7a2b-9c3d-4e5f6a7b8c9d',
  webhookId: WEBHOOK_ID,
  messageId: '01976b2e-4c1a-7d3e-8f2a-5b6c7d8e9f01',
  eventType: 'article.updated',
  status: 'delivered' as const,
  attempts: 1,
  nextAttemptAt: null,
  lastAttemptAt: '2026-06-12T06:02:47.412Z',
  statusCode: 200,
  durationMs: 84,
  error: null,
  responseSnippet: '{"revalidated":true}',
  createdAt: '2026-06-12T06:02:47.000Z',
  deliveredAt: '2026-06-12T06:02:47.496Z',
}

/** A ping as `POST /v1/webhooks/{id}/test` queues it: its id is the delivery's. */
export const PING_EVENT_EXAMPLE = {
  id: '01976b31-0a2b-7c4d-8e5f-6a7b8c9d0e1f',
  type: 'webhook.ping' as const,
  occurredAt: '2026-06-12T06:15:02.000Z',
  webhook: { id: WEBHOOK_ID },
}
