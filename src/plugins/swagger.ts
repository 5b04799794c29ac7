import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import fp from 'fastify-plugin'
import { transform, transformObject } from './openapi-document.js'

const SIGNATURE_HEADERS = {
  'webhook-id': 'The event id: the same on every retry and redelivery, to deduplicate on',
  'webhook-timestamp': 'Unix seconds when this attempt was signed',
  'webhook-signature':
    '`v1,<base64 HMAC-SHA256>` of `{webhook-id}.{webhook-timestamp}.{body}`, space-separated when two secrets sign (after a rotation)',
}

/**
 * A delivery to a webhook endpoint, as the OpenAPI 3.1 `webhooks` section describes it. The
 * receiver authenticates it by its signature headers, not by an API key: no security scheme.
 */
function webhookDelivery(operationId: string, schema: string, summary: string) {
  return {
    post: {
      operationId,
      summary,
      tags: ['Webhooks'],
      security: [],
      parameters: Object.entries(SIGNATURE_HEADERS).map(([name, text]) => ({
        name,
        in: 'header' as const,
        required: true,
        description: text,
        schema: { type: 'string' as const },
      })),
      requestBody: {
        required: true,
        content: { 'application/json': { schema: { $ref: `#/components/schemas/${schema}` } } },
      },
      responses: {
        '2XX': {
          description: 'Received; any other answer or none within WEBHOOK_TIMEOUT_MS is retried',
        },
      },
    },
  }
}

const description = `A headless CMS for news: editors post and revise articles and bylines; frontends read
published content as JSON.

**Authentication.** Reads of published content need no key. Writes need \`Authorization: Bearer <key>\`
with an \`editor\` or \`admin\` key; managing keys needs an \`admin\` key.

**Errors** are RFC 9457 \`application/problem+json\`; validation problems list every invalid field in
\`errors\` as \`{path, message}\`. Unknown query parameters are refused (400) rather than ignored, and JSON
bodies must be UTF-8.

**Lists** use cursor pagination: pass \`page.nextCursor\` back as \`cursor\`.

**Caching.** Anonymous reads are public: \`Cache-Control: public, max-age, s-maxage, stale-while-revalidate\`,
a strong \`ETag\` hashed from the body (it changes whenever anything shown changes, a renamed byline
included; \`If-None-Match\` with it gives a 304), and \`Surrogate-Key\` / \`Cache-Tag\` naming what the
response depends on (\`article:<id>\`, \`byline:<id>\`, \`slot:<key>\`, scopes like \`articles\`) so that a CDN
can purge precisely. Keyed reads are \`private, no-store\` and carry the version ETag used with \`If-Match\`.
Bodies of 1 KiB or more are compressed (brotli or gzip) when \`Accept-Encoding\` allows; their ETag is the
identity body's with \`-br\` or \`-gzip\` appended, and a 304 answers any coding of the current body.`

/**
 * The one inline style of Swagger UI: the `<style>` of its logo (an inline SVG), allowed by its
 * hash. tests/unit/plugins/docs-csp.test.ts checks it against the installed bundle.
 */
export const DOCS_LOGO_STYLE_HASH = "'sha256-RL3ie0nH+Lzz2YNqQN83mnU0J1ot4QL7b99vMdIX99w='"

/**
 * The Content-Security-Policy of the interactive reference (/docs and its assets) instead of the
 * API's `default-src 'none'`: Swagger UI loads its scripts, styles, images and the document from
 * this server, and "Try it out" calls the API; nothing else, nothing inline but its logo's
 * style, no frames.
 */
export const DOCS_CSP = {
  'default-src': ["'none'"],
  'base-uri': ["'none'"],
  'connect-src': ["'self'"],
  'font-src': ["'self'", 'data:'],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
  'img-src': ["'self'", 'data:'],
  'script-src': ["'self'"],
  'style-src': ["'self'", DOCS_LOGO_STYLE_HASH],
}

/** Builds the OpenAPI document from the routes' zod schemas and serves it with an interactive reference. */
export const swaggerPlugin = fp(
  async (app) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: { title: 'Newsroom CMS API', version: '1.0.0', description },
        // Relative: "Try it out" calls the server that serves the document, wherever it runs.
        servers: [{ url: '/', description: 'The server this document comes from' }],
        components: {
          securitySchemes: {
            bearerAuth: {
              type: 'http',
              scheme: 'bearer',
              description: 'An API key, e.g. `ncms_…`',
            },
          },
        },
        tags: [
          {
            name: 'Articles',
            description: 'Stories: write as an editor, read published ones anonymously',
          },
          {
            name: 'Revisions',
            description: 'Every version of an article, who made it, diffs and restore',
          },
          { name: 'Bylines', description: 'The people and organisations credited on stories' },
          {
            name: 'Slots',
            description:
              'Recommendation placements and their curated items: admins configure, editors curate',
          },
          {
            name: 'Recommendations',
            description: 'The resolved slots of an article, for frontends',
          },
          {
            name: 'Syndication',
            description:
              'RSS 2.0, Atom and JSON Feed 1.1 of the latest stories; IPTC ninjs for partners; sitemaps for search engines',
          },
          { name: 'API keys', description: 'Admin only' },
          {
            name: 'Audit',
            description: 'Who changed what, when, under which request id: admin only',
          },
          { name: 'Operations', description: 'Health and readiness probes' },
          {
            name: 'Events',
            description: 'Every change as an event, for frontends and partners to sync from',
          },
          {
            name: 'Webhooks',
            description: 'Signed pushes of events (Standard Webhooks): admin only',
          },
        ],
        // What the CMS POSTs to webhook endpoints (OpenAPI 3.1 webhooks); docs/events.md.
        webhooks: {
          changeEvent: webhookDelivery(
            'sendChangeEvent',
            'Event',
            'A change event, to a subscribed endpoint',
          ),
          ping: webhookDelivery(
            'sendPingEvent',
            'PingEvent',
            'The event `POST /v1/webhooks/{id}/test` sends',
          ),
        },
      },
      transform,
      transformObject,
    })
    await app.register(swaggerUi, {
      routePrefix: '/docs',
      // No validator badge: it would send the document's URL to validator.swagger.io.
      uiConfig: { deepLinking: true, validatorUrl: null },
      staticCSP: DOCS_CSP,
    })
    app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger())
  },
  { name: 'swagger' },
)
