import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import fp from 'fastify-plugin'
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod'
import { PROBLEM_CONTENT_TYPE } from './error-handler.js'

type Responses = Record<string, { content?: Record<string, unknown> }>
type OpenApiDocument = { paths?: Record<string, Record<string, { responses?: Responses }>> }

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
          { name: 'API keys', description: 'Admin only' },
          { name: 'Audit', description: 'Who changed what, when, under which request id: admin only' },
          { name: 'Operations', description: 'Health and readiness probes' },
        ],
      },
      transform: jsonSchemaTransform,
      transformObject: (input) => problemContentTypes(jsonSchemaTransformObject(input)),
    })
    await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { deepLinking: true } })
    app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger())
  },
  { name: 'swagger' },
)
