import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import fp from 'fastify-plugin'
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { isApiPath } from '../lib/api-paths.js'
import { KEY_REQUIRED } from './auth.js'
import { PROBLEM_CONTENT_TYPE } from './error-handler.js'

type Responses = Record<string, { content?: Record<string, unknown> }>
type Operation = {
  responses?: Responses
  requestBody?: { required?: boolean }
  [OPTIONAL_BODY]?: true
}
type OpenApiDocument = { paths?: Record<string, Record<string, Operation>> }

/** Marks the operations whose zod body is optional (see optionalBodies): @fastify/swagger requires every body. */
const OPTIONAL_BODY = 'x-optional-body'

/** Single-resource responses of these schemas carry the resource version as a strong ETag. */
const VERSIONED = new Set(['Article', 'Byline', 'Slot'])
const VERSION_ETAG = {
  type: 'string',
  description:
    'The version as a strong ETag, e.g. "3": send it back as If-Match to change the resource',
}
const READ_ETAG = {
  type: 'string',
  description:
    'Anonymous reads: a strong ETag of the body (a hash, e.g. "3q2-7wL…", with `-gzip` or `-br` appended for a compressed body), which changes whenever anything shown changes, a renamed byline included; send it as If-None-Match for a 304. Keyed reads of a single article or byline: its version, e.g. "3", for If-Match.',
}
const CONTENT_ETAG = {
  type: 'string',
  description:
    'Anonymous reads: a strong ETag of the body (`-gzip` or `-br` appended for a compressed body); send it as If-None-Match for a 304',
}
const CACHE_HEADERS = {
  'Cache-Control': {
    type: 'string',
    description:
      'Anonymous: `public, max-age=10, s-maxage=60, stale-while-revalidate=300` (CACHE_MAX_AGE, CACHE_S_MAXAGE, CACHE_SWR). Keyed: `private, no-store`.',
  },
  'Surrogate-Key': {
    type: 'string',
    description:
      'Anonymous: what the response depends on, space-separated, for CDN purges: `article:<id>`, `byline:<id>`, `slot:<key>`, and scopes such as `articles`, `bylines`, `slots`, `feeds`, `sitemaps`, `section:<slug>`, `tag:<slug>`, `byline:<slug>`, `sections`, `tags` (values percent-encoded)',
  },
  'Cache-Tag': { type: 'string', description: 'The same keys as `Surrogate-Key`, comma-separated' },
}
const NOT_MODIFIED = {
  type: 'null',
  description:
    'Not modified: `If-None-Match` named the current ETag (anonymous reads only); no body',
}

type RouteLike = { method?: string | string[]; url?: string; schema?: { security?: unknown } }

/** Documents ETags and caching headers, then converts zod to JSON Schema. */
const transform: typeof jsonSchemaTransform = (input) => {
  const out = jsonSchemaTransform(input)
  const route = (input as { route?: RouteLike }).route
  const methods = [route?.method ?? []].flat()
  const publicRead =
    methods.includes('GET') && isApiPath(input.url) && input.schema?.security !== KEY_REQUIRED
  const zodResponses = (input.schema?.response ?? {}) as Record<string, z.ZodType>
  const jsonResponses =
    (out.schema as { response?: Record<string, Record<string, unknown>> }).response ?? {}
  for (const [status, schema] of Object.entries(zodResponses)) {
    // A response given per media type ({ description, content }) is not a zod schema.
    // A union is documented by its first option (e.g. `Article`, or with `fields` `ArticleFields`).
    const named = schema instanceof z.ZodUnion ? schema.options[0] : schema
    const id = named instanceof z.ZodType ? z.globalRegistry.get(named)?.id : undefined
    const json = jsonResponses[status]
    if (!json || !status.startsWith('2')) continue
    const versioned = id !== undefined && VERSIONED.has(id)
    if (publicRead && status === '200')
      json.headers = { ETag: versioned ? READ_ETAG : CONTENT_ETAG, ...CACHE_HEADERS }
    else if (versioned) json.headers = { ETag: VERSION_ETAG }
  }
  if (publicRead && jsonResponses['200']) jsonResponses['304'] = NOT_MODIFIED
  // Copied onto the operation by @fastify/swagger (as every `x-` key), read by optionalBodies.
  if (input.schema?.body instanceof z.ZodOptional)
    Object.assign(out.schema, { [OPTIONAL_BODY]: true })
  return out
}

/** Documents the bodies a route may go without (e.g. publish now) as not required. */
function optionalBodies<T>(document: T): T {
  for (const operations of Object.values((document as OpenApiDocument).paths ?? {})) {
    for (const operation of Object.values(operations)) {
      if (!operation[OPTIONAL_BODY]) continue
      delete operation[OPTIONAL_BODY]
      if (operation.requestBody) operation.requestBody.required = false
    }
  }
  return document
}

/** Error responses are served as application/problem+json; say so in the document. */
function problemContentTypes<T>(document: T): T {
  for (const operations of Object.values((document as OpenApiDocument).paths ?? {})) {
    for (const operation of Object.values(operations)) {
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        const json = response.content?.['application/json']
        if (Number(status) >= 400 && json) response.content = { [PROBLEM_CONTENT_TYPE]: json }
      }
    }
  }
  return document
}

const SIGNATURE_HEADERS = {
  'webhook-id': 'The event id: the same on every retry and redelivery, to deduplicate on',
  'webhook-timestamp': 'Unix seconds when this attempt was signed',
  'webhook-signature':
    '`v1,<base64 HMAC-SHA256>` of `{webhook-id}.{webhook-timestamp}.{body}`, space-separated when two secrets sign (after a rotation)',
}

/** A delivery to a webhook endpoint, as the OpenAPI 3.1 `webhooks` section describes it. */
function webhookDelivery(schema: string, summary: string) {
  return {
    post: {
      summary,
      tags: ['Webhooks'],
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
          changeEvent: webhookDelivery('Event', 'A change event, to a subscribed endpoint'),
          ping: webhookDelivery('PingEvent', 'The event `POST /v1/webhooks/{id}/test` sends'),
        },
      },
      transform,
      transformObject: (input) =>
        optionalBodies(problemContentTypes(jsonSchemaTransformObject(input))),
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
