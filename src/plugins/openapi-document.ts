// How the routes' zod schemas become an OpenAPI document that generates a good typed client:
// per-route (ETags, caching headers, response descriptions, required If-Match) and over the
// whole document (problem+json, optional bodies, request defaults, unused and renamed components).
import {
  createJsonSchemaTransform,
  createJsonSchemaTransformObject,
} from 'fastify-type-provider-zod'
import { z } from 'zod'
import { isApiPath } from '../lib/api-paths.js'
import { headersDocumentedRequired, isDocumentedByFirstOption } from '../schemas/openapi-hints.js'
import { KEY_REQUIRED } from './auth.js'
import { PROBLEM_CONTENT_TYPE, problemType } from './error-handler.js'

type Json = Record<string, unknown>
type Responses = Record<string, { content?: Record<string, unknown>; description?: string }>
type Operation = {
  responses?: Responses
  requestBody?: { required?: boolean; content?: Record<string, { schema?: Json }> }
  [OPTIONAL_BODY]?: true
}
type OpenApiDocument = {
  paths?: Record<string, Record<string, Operation>>
  /** What the API sends to webhook endpoints (OpenAPI 3.1), built in plugins/swagger.ts. */
  webhooks?: Record<string, Record<string, Operation>>
  components?: { schemas?: Record<string, Json> }
}

/** Marks the operations whose zod body is optional (see optionalBodies): @fastify/swagger requires every body. */
const OPTIONAL_BODY = 'x-optional-body'

/** Single-resource responses of these schemas carry the resource version as a strong ETag. */
const VERSIONED = new Set(['Article', 'Byline', 'Slot', 'Section', 'SectionWithArticles', 'Tag'])
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

/** What a status means on every route, for responses whose schema does not say. */
const STATUS_DESCRIPTIONS: Record<string, string> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted: queued, to be done in the background',
  204: 'Done; no body',
  400: 'Invalid request: `errors` names every invalid field, header or query parameter',
  401: 'No API key where one is needed, or a key that is not valid',
  403: "The key's role may not do this",
  404: 'Not found (or not visible to this caller)',
  409: 'Conflicts with the current state, e.g. a slug or key already in use',
  410: 'Gone for good: the story was killed; `notice` says what to show readers instead',
  412: 'Someone saved in between: `currentVersion` is the version now stored',
  413: 'The body is larger than the server accepts (BODY_LIMIT)',
  415: 'The body is not JSON (`Content-Type: application/json`, UTF-8)',
  422: 'Well-formed but not possible as asked: the problem says why',
  428: '`If-Match` is missing: read the resource and send its `ETag`',
  429: 'Too many requests: retry after `Retry-After` seconds',
  503: 'Unavailable for now: retry later',
}

/** What a problem of each status looks like, for the document's examples. */
const PROBLEM_EXAMPLES: Record<string, [code: string, title: string, detail: string, more?: Json]> =
  {
    400: [
      'validation-error',
      'Invalid request',
      'headline: Must not be blank; query.sectionz: Unknown query parameter',
      {
        errors: [
          { path: 'headline', message: 'Must not be blank' },
          { path: 'query.sectionz', message: 'Unknown query parameter' },
        ],
      },
    ],
    401: ['unauthorized', 'Unauthorized', 'This needs an API key: Authorization: Bearer <key>.'],
    403: ['forbidden', 'Forbidden', 'This needs an admin key.'],
    404: [
      'not-found',
      'Not found',
      'No article with id or slug "serava-basin-states-sign-water-sharing-accord-genva".',
    ],
    409: ['conflict', 'Conflict', 'The slug "serava-talks-final-week" is already in use.'],
    410: [
      'gone',
      'Gone',
      'This story has been removed for legal reasons.',
      {
        notice: 'This story has been removed for legal reasons.',
        killedAt: '2026-06-12T09:30:00.000Z',
      },
    ],
    412: [
      'precondition-failed',
      'Precondition failed',
      'The article has changed since you read it: it is now at version 4. Fetch it, reapply your change and send its new ETag.',
      { currentVersion: 4 },
    ],
    413: ['payload-too-large', 'Payload too large', 'Request body is too large'],
    415: [
      'unsupported-media-type',
      'Unsupported media type',
      'Send JSON: Content-Type: application/json.',
    ],
    422: [
      'unprocessable-content',
      'Unprocessable content',
      'The article cannot be published yet: body: Must not be empty to publish',
      { errors: [{ path: 'body', message: 'Must not be empty to publish' }] },
    ],
    428: [
      'precondition-required',
      'Precondition required',
      'Changing an article needs an If-Match header with the ETag you read, so that nobody\'s edit is overwritten unseen. GET it, take its ETag response header (e.g. "3") and send it as If-Match.',
    ],
    429: ['too-many-requests', 'Too many requests', 'Rate limit exceeded, retry in 12 seconds'],
  }

function problemExample(status: string): Json | undefined {
  const known = PROBLEM_EXAMPLES[status]
  if (!known) return undefined
  const [code, title, detail, more] = known
  return { type: problemType(code), title, status: Number(status), detail, ...more }
}

/** The description zod knows for a schema: its own, or that of the component it is. */
function zodDescription(schema: z.ZodType): string | undefined {
  const shown = isDocumentedByFirstOption(schema) ? (schema as z.ZodUnion).options[0] : schema
  return shown instanceof z.ZodType ? z.globalRegistry.get(shown)?.description : undefined
}

function responseDescription(status: string, schema: unknown): string | undefined {
  const own =
    Number(status) < 400 && schema instanceof z.ZodType ? zodDescription(schema) : undefined
  if (!own) return STATUS_DESCRIPTIONS[status]
  return status === '201' ? `Created: ${own.charAt(0).toLowerCase()}${own.slice(1)}` : own
}

/** Values Swagger UI shows where a schema has no example of its own, from the demo content. */
const PLAUSIBLE: Record<string, string> = {
  'date-time': '2026-06-12T05:40:00.000Z',
  uuid: '3f6c2a9e-5b1d-4e8a-9c47-1d2e3f4a5b6c',
}

/**
 * Without these, Swagger UI makes example values up from the schema: a date-time or a UUID from
 * its pattern (a date in the year 6800), a whole number from zod's safe-integer bounds
 * (-9007199254740991). The bounds say nothing a JSON number does not, so they go.
 */
function plausibleValues(json: Json) {
  const plausible = typeof json.format === 'string' ? PLAUSIBLE[json.format] : undefined
  if (plausible && !json.examples) json.examples = [plausible]
  if (json.type === 'integer') {
    if (json.minimum === Number.MIN_SAFE_INTEGER) delete json.minimum
    if (json.maximum === Number.MAX_SAFE_INTEGER) delete json.maximum
  }
}

/**
 * zod to JSON Schema as fastify-type-provider-zod does it (its own override drops the empty
 * options of unions and writes dates as strings), a union marked documentFirstOptionOnly as its
 * first option, and examples kept on request schemas.
 */
function override(ctx: { zodSchema: unknown; jsonSchema: Json }) {
  const json = ctx.jsonSchema
  const type = (ctx.zodSchema as z.ZodType)._zod?.def.type
  if (type === 'union' && Array.isArray(json.anyOf)) {
    const options = (json.anyOf as Json[]).filter((option) => Object.keys(option).length > 0)
    json.anyOf = options
    if (isDocumentedByFirstOption(ctx.zodSchema) && options[0]) {
      delete json.anyOf
      Object.assign(json, options[0])
    }
  }
  if (type === 'date') Object.assign(json, { type: 'string', format: 'date-time' })
  plausibleValues(json)
  // zod leaves out the examples of a schema with transforms when it writes its input side (they
  // could be outputs); ours are written as requests send them.
  const examples = z.globalRegistry.get(ctx.zodSchema as z.ZodType)?.examples
  if (examples && !json.examples) json.examples = examples
}

const zodToJsonConfig = { override }
const zodTransform = createJsonSchemaTransform({ zodToJsonConfig })
const zodTransformObject = createJsonSchemaTransformObject({ zodToJsonConfig })

type RouteLike = {
  method?: string | string[]
  url?: string
  schema?: { security?: unknown }
  config?: { personal?: { header: string } }
}

/** The caching headers of a route with personal answers (plugins/personal-answers.ts). */
const personalCacheHeaders = (header: string) => ({
  'Cache-Control': {
    type: 'string',
    description: `Anonymous without \`${header}\`: \`public, max-age=10, s-maxage=60, stale-while-revalidate=300\`. With \`${header}\` (a personal answer), or keyed: \`private, no-store\`, and no ETag or surrogate keys.`,
  },
  Vary: {
    type: 'string',
    description: `\`authorization, ${header}\` (and \`accept-encoding\` when compressed): a shared cache keeps personal answers apart from the shared one`,
  },
})

/** Converts a route's zod schemas; documents ETags, caching headers, response descriptions and required headers. */
export const transform: typeof zodTransform = (input) => {
  const out = zodTransform(input)
  const route = (input as { route?: RouteLike }).route
  const methods = [route?.method ?? []].flat()
  const publicRead =
    methods.includes('GET') && isApiPath(input.url) && input.schema?.security !== KEY_REQUIRED
  const zodResponses = (input.schema?.response ?? {}) as Record<string, unknown>
  const jsonResponses = (out.schema as { response?: Record<string, Json> }).response ?? {}
  for (const [status, schema] of Object.entries(zodResponses)) {
    const json = jsonResponses[status]
    // A response given per media type ({ description, content }) describes itself.
    if (!json || !(schema instanceof z.ZodType)) continue
    // @fastify/swagger takes the response's description from its schema's (see responseDescriptions).
    json.description ??= responseDescription(status, schema)
    if (!status.startsWith('2')) continue
    // A union is documented by its first option (e.g. `Article`, or with `fields` `ArticleFields`).
    const named = schema instanceof z.ZodUnion ? schema.options[0] : schema
    const id = named instanceof z.ZodType ? z.globalRegistry.get(named)?.id : undefined
    const versioned = id !== undefined && VERSIONED.has(id)
    if (publicRead && status === '200')
      json.headers = {
        ETag: versioned ? READ_ETAG : CONTENT_ETAG,
        ...CACHE_HEADERS,
        ...(route?.config?.personal ? personalCacheHeaders(route.config.personal.header) : {}),
      }
    else if (versioned) json.headers = { ETag: VERSION_ETAG }
  }
  if (publicRead && jsonResponses['200']) jsonResponses['304'] = NOT_MODIFIED
  const required = headersDocumentedRequired(input.schema?.headers)
  const headers = (out.schema as { headers?: { required?: string[] } }).headers
  if (headers && required.length > 0)
    headers.required = [...new Set([...(headers.required ?? []), ...required])]
  // Copied onto the operation by @fastify/swagger (as every `x-` key), read by optionalBodies.
  if (input.schema?.body instanceof z.ZodOptional)
    Object.assign(out.schema, { [OPTIONAL_BODY]: true })
  return out
}

/** The operations of the paths and of the webhooks section alike. */
function operationsOf(document: OpenApiDocument): Operation[] {
  return [document.paths, document.webhooks].flatMap((items) =>
    Object.values(items ?? {}).flatMap((operations) => Object.values(operations)),
  )
}

/** Documents the bodies a route may go without (e.g. publish now) as not required. */
function optionalBodies(document: OpenApiDocument): void {
  for (const operation of operationsOf(document)) {
    if (!operation[OPTIONAL_BODY]) continue
    delete operation[OPTIONAL_BODY]
    if (operation.requestBody) operation.requestBody.required = false
  }
}

/**
 * A response's description, given to @fastify/swagger on its schema (the only way it takes one
 * for a component), stays on the response only.
 */
function responseDescriptions(document: OpenApiDocument): void {
  for (const operation of operationsOf(document)) {
    for (const response of Object.values(operation.responses ?? {})) {
      for (const media of Object.values(response.content ?? {}) as { schema?: Json }[]) {
        if (media.schema && media.schema.description === response.description)
          delete media.schema.description
      }
    }
  }
}

/** Error responses are served as application/problem+json; say so in the document. */
function problemContentTypes(document: OpenApiDocument): void {
  for (const operation of operationsOf(document)) {
    for (const [status, response] of Object.entries(operation.responses ?? {})) {
      const json = response.content?.['application/json']
      if (Number(status) >= 400 && json) response.content = { [PROBLEM_CONTENT_TYPE]: json }
    }
  }
}

const COMPONENT_REF = '#/components/schemas/'

/** The component names `value` refers to, directly. */
function refsIn(value: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const item of value) refsIn(item, found)
  else if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if (key === '$ref' && typeof child === 'string' && child.startsWith(COMPONENT_REF))
        found.add(child.slice(COMPONENT_REF.length))
      else refsIn(child, found)
    }
  }
  return found
}

/** The components reachable from `roots`, following references between components. */
function reachable(document: OpenApiDocument, roots: unknown): Set<string> {
  const schemas = document.components?.schemas ?? {}
  const seen = new Set<string>()
  const queue = [...refsIn(roots)]
  for (let name = queue.pop(); name !== undefined; name = queue.pop()) {
    if (seen.has(name) || !schemas[name]) continue
    seen.add(name)
    queue.push(...refsIn(schemas[name]))
  }
  return seen
}

/**
 * Request schemas without `default`: openapi-typescript (and others) read a default as "always
 * present" and would make the field required in the request type, where leaving it out is the
 * point. The default is kept in words, in the description.
 */
function requestDefaultsInWords(document: OpenApiDocument): void {
  const bodies = operationsOf(document).map((operation) => operation.requestBody)
  const strip = (schema: unknown): void => {
    if (Array.isArray(schema)) {
      for (const item of schema) strip(item)
      return
    }
    if (!schema || typeof schema !== 'object') return
    const json = schema as Json
    if ('default' in json) {
      const said = `Default: \`${JSON.stringify(json.default)}\`.`
      json.description = json.description
        ? `${String(json.description).replace(/\.$/, '')}. ${said}`
        : said
      delete json.default
    }
    for (const key of ['properties', 'patternProperties', '$defs'])
      if (json[key] && typeof json[key] === 'object') Object.values(json[key]).forEach(strip)
    for (const key of ['items', 'additionalProperties', 'not', 'anyOf', 'oneOf', 'allOf'])
      strip(json[key])
  }
  for (const body of bodies) for (const media of Object.values(body?.content ?? {})) strip(media)
  const schemas = document.components?.schemas ?? {}
  for (const name of reachable(document, bodies)) strip(schemas[name])
}

/**
 * Only the components the operations use, under plain names: zod's registry yields an input and
 * an output variant of every named schema (`CreateArticleBodyInput`, `ArticleInput`…), of which
 * each operation uses one. A used `XInput` without a used `X` becomes `X`.
 */
function usedComponents(document: OpenApiDocument): void {
  const schemas = document.components?.schemas
  if (!schemas) return
  // The webhooks section's payloads (Event, PingEvent) are used too, though no path returns them.
  const used = reachable(document, [document.paths, document.webhooks])
  for (const name of Object.keys(schemas)) if (!used.has(name)) delete schemas[name]
  const renames = new Map<string, string>()
  for (const name of used) {
    const plain = name.replace(/Input$/, '')
    if (plain !== name && !used.has(plain)) renames.set(name, plain)
  }
  if (renames.size === 0) return
  const rename = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(rename)
    if (!value || typeof value !== 'object') return value
    return Object.fromEntries(
      Object.entries(value).map(([key, child]) => {
        if (key !== '$ref' || typeof child !== 'string' || !child.startsWith(COMPONENT_REF))
          return [key, rename(child)]
        const name = child.slice(COMPONENT_REF.length)
        return [key, `${COMPONENT_REF}${renames.get(name) ?? name}`]
      }),
    )
  }
  document.paths = rename(document.paths) as OpenApiDocument['paths']
  if (document.webhooks)
    document.webhooks = rename(document.webhooks) as OpenApiDocument['webhooks']
  document.components = {
    ...document.components,
    schemas: Object.fromEntries(
      Object.entries(schemas).map(([name, schema]) => [
        renames.get(name) ?? name,
        rename(schema) as Json,
      ]),
    ),
  }
}

/**
 * Each request and response body shows the first example of its schema: Swagger UI reads examples
 * from the media type (not a schema's `examples`) and otherwise makes values up from the schema.
 */
function mediaExamples(document: OpenApiDocument): void {
  const schemas = document.components?.schemas ?? {}
  for (const operation of operationsOf(document)) {
    for (const [status, response] of Object.entries(operation.responses ?? {})) {
      const media = response.content?.[PROBLEM_CONTENT_TYPE] as Json | undefined
      const example = problemExample(status)
      if (media && example) media.example = example
    }
    const responses = Object.values(operation.responses ?? {})
    for (const holder of [operation.requestBody, ...responses]) {
      for (const media of Object.values(holder?.content ?? {}) as Json[]) {
        const schema = media.schema as Json | undefined
        const ref = typeof schema?.$ref === 'string' ? schema.$ref : undefined
        const shown = ref?.startsWith(COMPONENT_REF)
          ? schemas[ref.slice(COMPONENT_REF.length)]
          : schema
        const [example] = Array.isArray(shown?.examples) ? shown.examples : []
        if (example !== undefined && !('example' in media)) media.example = example
      }
    }
  }
}

/** Builds the components from zod's registry, then the document-wide fixes above. */
export const transformObject: typeof zodTransformObject = (input) => {
  const document = zodTransformObject(input) as OpenApiDocument
  responseDescriptions(document)
  problemContentTypes(document)
  optionalBodies(document)
  requestDefaultsInWords(document)
  usedComponents(document)
  mediaExamples(document)
  return document as ReturnType<typeof zodTransformObject>
}
