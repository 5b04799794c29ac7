import type { z } from 'zod'

/**
 * Unions the OpenAPI document shows as their first option only, such as an article or its
 * `fields=` subset: a generated client then types the plain request exactly (a union would make
 * every field maybe-absent for every caller); the parameter that narrows the answer says so.
 * Responses are still checked against the whole union.
 */
const FIRST_OPTION_ONLY = new WeakSet<object>()

export function documentFirstOptionOnly<T extends z.ZodUnion>(union: T): T {
  FIRST_OPTION_ONLY.add(union)
  return union
}

export const isDocumentedByFirstOption = (schema: unknown): boolean =>
  typeof schema === 'object' && schema !== null && FIRST_OPTION_ONLY.has(schema)

/**
 * Header schemas whose headers the document lists as required although validation lets them
 * through: the handler answers their absence itself with a better status than a 400 (If-Match: 428).
 */
const REQUIRED_HEADERS = new WeakMap<object, readonly string[]>()

export function documentHeadersRequired<T extends z.ZodObject>(
  headers: T,
  names: readonly (keyof T['shape'] & string)[],
): T {
  REQUIRED_HEADERS.set(headers, names)
  return headers
}

export const headersDocumentedRequired = (schema: unknown): readonly string[] =>
  (typeof schema === 'object' && schema !== null && REQUIRED_HEADERS.get(schema)) || []
