import fp from 'fastify-plugin'
import { ValidationError } from '../errors/app-error.js'

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
const LONE_SURROGATE = 'Must not contain lone UTF-16 surrogates (such as "\\ud800" without its pair)'
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

/**
 * PostgreSQL text and jsonb cannot hold NUL characters, nor lone surrogates. Rather than every schema refusing them
 * field by field (or the database refusing them with a 500), one hook refuses any request that
 * carries one, naming where. It refuses JSON nested too deeply for the same reason.
 */
export const rejectNulPlugin = fp(
  async (app) => {
    app.addHook('preValidation', async (request) => {
      const places = [
        ['', request.body],
        ['query.', request.query],
        ['path.', request.params],
      ] as const
      const errors = places.flatMap(([prefix, value]) =>
        findUnstorable(value).map(({ path, message }) => ({ path: prefix + (path.length ? path.join('.') : '(root)'), message })),
      )
      if (errors.length > 0) {
        const list = errors.map((e) => `${e.path}: ${e.message}`).join('; ')
        throw new ValidationError(`The request cannot be stored as sent: ${list}.`, errors)
      }
    })
  },
  { name: 'reject-nul' },
)
