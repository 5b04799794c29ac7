import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import fp from 'fastify-plugin'
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { PROBLEM_CONTENT_TYPE } from './error-handler.js'

type Responses = Record<string, { content?: Record<string, unknown> }>
type OpenApiDocument = { paths?: Record<string, Record<string, { responses?: Responses }>> }

/** Single-resource responses of these schemas carry the resource version as a strong ETag. */
const VERSIONED = new Set(['Article', 'Byline', 'Slot'])
const ETAG_HEADER = {
  ETag: { type: 'string', description: 'The version as a strong ETag, e.g. "3": send it back as If-Match to change the resource' },
}

/** Documents the ETag header of versioned single-resource responses, then converts zod to JSON Schema. */
const transform: typeof jsonSchemaTransform = (input) => {
  const out = jsonSchemaTransform(input)
  const zodResponses = (input.schema?.response ?? {}) as Record<string, z.ZodType>
  const jsonResponses = (out.schema as { response?: Record<string, Record<string, unknown>> }).response ?? {}
  for (const [status, schema] of Object.entries(zodResponses)) {
    // A response given per media type ({ description, content }) is not a zod schema.
    const id = schema instanceof z.ZodType ? z.globalRegistry.get(schema)?.id : undefined
    const json = jsonResponses[status]
    if (status.startsWith('2') && id && VERSIONED.has(id) && json) json.headers = ETAG_HEADER
  }
  return out
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

const description = `A headless CMS for news: editors post and revise articles and bylines; frontends read
published content as JSON.

**Authentication.** Reads of published content need no key. Writes need \`Authorization: Bearer <key>\`
with an \`editor\` or \`admin\` key; managing keys needs an \`admin\` key.

**Errors** are RFC 9457 \`application/problem+json\`; validation problems list every invalid field in
\`errors\` as \`{path, message}\`.

**Lists** use cursor pagination: pass \`page.nextCursor\` back as \`cursor\`.`

/** Builds the OpenAPI document from the routes' zod schemas and serves it with an interactive reference. */
export const swaggerPlugin = fp(
  async (app) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: { title: 'Newsroom CMS API', version: '1.0.0', description },
        components: {
          securitySchemes: {
            bearerAuth: { type: 'http', scheme: 'bearer', description: 'An API key, e.g. `ncms_…`' },
          },
        },
        tags: [
          { name: 'Articles', description: 'Stories: write as an editor, read published ones anonymously' },
          { name: 'Revisions', description: 'Every version of an article, who made it, diffs and restore' },
          { name: 'Bylines', description: 'The people and organisations credited on stories' },
          { name: 'Slots', description: 'Recommendation placements and their curated items: admins configure, editors curate' },
          { name: 'Recommendations', description: 'The resolved slots of an article, for frontends' },
          { name: 'Syndication', description: 'RSS 2.0, Atom and JSON Feed 1.1 of the latest stories; IPTC ninjs for partners' },
          { name: 'API keys', description: 'Admin only' },
          { name: 'Audit', description: 'Who changed what, when, under which request id: admin only' },
          { name: 'Operations', description: 'Health and readiness probes' },
        ],
      },
      transform,
      transformObject: (input) => problemContentTypes(jsonSchemaTransformObject(input)),
    })
    await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { deepLinking: true } })
    app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger())
  },
  { name: 'swagger' },
)
