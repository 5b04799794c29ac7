import fp from 'fastify-plugin'
import { z } from 'zod'
import { type FieldError, ValidationError } from '../errors/app-error.js'
import { isApiPath } from '../lib/api-paths.js'

/**
 * How deeply a request's JSON may nest. No schema of the API goes deeper than a handful of
 * levels; the cap keeps any recursive code (zod, logging, jsonb) away from a body nested
 * 100,000 levels deep, which JSON.parse accepts happily.
 */
export const MAX_DEPTH = 32

/** At most this many places are named in one answer. */
const MAX_FINDINGS = 20

export interface Finding {
  path: string[]
  message: string
}

const NUL = 'Must not contain NUL characters'
const LONE_SURROGATE =
  'Must not contain lone UTF-16 surrogates (such as "\\ud800" without its pair)'
/** In a `u` regular expression a surrogate range matches only halves that are not part of a pair. */
const LONE_SURROGATE_PATTERN = /[\uD800-\uDFFF]/u
const TOO_DEEP = `Must not nest more than ${MAX_DEPTH} levels deep`

/** What is wrong with a string (a value or a key) that the database cannot store, if anything. */
function stringProblem(value: string): string | undefined {
  if (value.includes('\u0000')) return NUL
  return LONE_SURROGATE_PATTERN.test(value) ? LONE_SURROGATE : undefined
}

/**
 * Every place in `value` the database cannot store, in document order: strings (values or keys)
 * with a NUL character or a lone surrogate (jsonb refuses it; text would turn it into U+FFFD), and values nested deeper than `maxDepth`. Iterative, so that no depth
 * of nesting can overflow the stack.
 */
export function findUnstorable(value: unknown, maxDepth = MAX_DEPTH): Finding[] {
  const found: Finding[] = []
  const stack: [unknown, string[]][] = [[value, []]]
  while (stack.length > 0 && found.length < MAX_FINDINGS) {
    const [node, path] = stack.pop() as [unknown, string[]]
    if (typeof node === 'string') {
      const message = stringProblem(node)
      if (message) found.push({ path, message })
      continue
    }
    if (node === null || typeof node !== 'object') continue
    if (path.length >= maxDepth) {
      found.push({ path, message: TOO_DEEP })
      continue
    }
    const children: [unknown, string[]][] = []
    for (const [key, child] of Object.entries(node)) {
      const message = stringProblem(key)
      if (message) found.push({ path: [...path, key], message })
      else children.push([child, [...path, key]])
    }
    // Reversed onto the stack, so that places come out in document order.
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as [unknown, string[]])
  }
  return found
}

const BAD_PERCENT =
  'Bad percent-encoding: "%" must start a valid UTF-8 sequence such as "%20" or "%C3%A9"'

/**
 * The query parameters whose name or value is not valid percent-encoding (`%ZZ`, a lone `%`, or
 * bytes that are not UTF-8, such as `%FF`). Fastify's query parser keeps such text as it is,
 * so a filter would silently look for "%ZZ".
 */
export function badlyEncodedQuery(url: string): FieldError[] {
  const query = url.split('#', 1)[0]?.split('?').slice(1).join('?') ?? ''
  if (!query.includes('%')) return []
  const decode = (text: string) => {
    try {
      return decodeURIComponent(text.replace(/\+/g, ' '))
    } catch {
      return undefined
    }
  }
  return query.split('&').flatMap((pair) => {
    const [name = '', value = ''] = pair.split(/=(.*)/s)
    if (decode(name) !== undefined && decode(value) !== undefined) return []
    return [{ path: `query.${decode(name) ?? name}`, message: BAD_PERCENT }]
  })
}

/**
 * What is wrong with a body sent to a route, whatever its schema says: JSON `null` stands for no
 * value, not for an empty body (Fastify would validate an optional body schema against it as if
 * none had been sent), and a route without a body schema takes none (`{}` aside).
 */
export function unexpectedBody(body: unknown, routeTakesBody: boolean): FieldError[] {
  if (body === undefined) return []
  if (body === null)
    return [
      { path: '(root)', message: 'Must be a JSON object, not null; send no body at all instead' },
    ]
  if (routeTakesBody) return []
  if (typeof body === 'object' && !Array.isArray(body)) {
    return Object.keys(body).map((key) => ({
      path: key,
      message: 'Unknown field: this endpoint takes no body',
    }))
  }
  return [{ path: '(root)', message: 'This endpoint takes no body' }]
}

/**
 * Checks every request passes before its route's schemas, each a 400 naming the place: bad
 * percent-encoding, query parameters on a route that takes none, a body where none is taken, and
 * what the database cannot store (NUL characters and lone surrogates, which text and jsonb refuse
 * or mangle, and JSON nested too deeply), so that no schema has to repeat them field by field.
 */
export const requestChecksPlugin = fp(
  async (app) => {
    // Unknown query parameters are refused by the query schemas themselves; this keeps it so.
    app.addHook('onRoute', (route) => {
      const query = route.schema?.querystring
      if (query instanceof z.ZodObject && !(query.def.catchall instanceof z.ZodNever)) {
        throw new Error(
          `${route.method} ${route.url}: make the query schema a z.strictObject, so that unknown parameters are a 400`,
        )
      }
    })
    app.addHook('preValidation', async (request) => {
      const badlyEncoded = badlyEncodedQuery(request.url)
      if (badlyEncoded.length > 0) {
        throw new ValidationError(
          `Bad percent-encoding in ${badlyEncoded.map((e) => e.path).join(', ')}.`,
          badlyEncoded,
        )
      }
      // An operation of the API (an API path, or any documented route such as the probes) that
      // declares no query parameters takes none (a cache-busting `?junk=1` included); the docs
      // pages are left alone.
      const schema = request.routeOptions.schema
      const documented = schema !== undefined && (schema as { hide?: boolean }).hide !== true
      const strayQuery =
        request.is404 ||
        schema?.querystring !== undefined ||
        !(documented || isApiPath(request.routeOptions.url))
          ? []
          : Object.keys(request.query ?? {}).map((key) => ({
              path: `query.${key}`,
              message: 'Unknown query parameter',
            }))
      if (strayQuery.length > 0) {
        throw new ValidationError(
          `Unknown query parameter: ${strayQuery.map((e) => e.path.slice('query.'.length)).join(', ')}.`,
          strayQuery,
        )
      }
      const unexpected = request.is404
        ? []
        : unexpectedBody(request.body, request.routeOptions.schema?.body !== undefined)
      if (unexpected.length > 0) {
        throw new ValidationError(
          `Invalid body: ${unexpected.map((e) => `${e.path}: ${e.message}`).join('; ')}.`,
          unexpected,
        )
      }
      const places = [
        ['', request.body],
        ['query.', request.query],
        ['path.', request.params],
      ] as const
      const errors = places.flatMap(([prefix, value]) =>
        findUnstorable(value).map(({ path, message }) => ({
          path: prefix + (path.length ? path.join('.') : '(root)'),
          message,
        })),
      )
      if (errors.length > 0) {
        const list = errors.map((e) => `${e.path}: ${e.message}`).join('; ')
        throw new ValidationError(`The request cannot be stored as sent: ${list}.`, errors)
      }
    })
  },
  { name: 'request-checks' },
)
