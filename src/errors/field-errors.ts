import type { FieldError } from './app-error.js'

interface ValidationIssue {
  instancePath: string
  message?: string
  keyword?: string
  params?: Record<string, unknown>
}

const LOCATION_PREFIX: Record<string, string> = {
  body: '',
  querystring: 'query.',
  params: 'path.',
  headers: 'headers.',
}

/**
 * Turns Fastify/zod validation issues into `{path, message}` entries that name the field:
 * `bylines.0.role` for the body, `query.limit` for the query string, and one entry per
 * unrecognized key so that a mass-assignment attempt names every offending field.
 */
export function toFieldErrors(
  issues: ValidationIssue[],
  context: string | undefined,
): FieldError[] {
  const prefix = LOCATION_PREFIX[context ?? 'body'] ?? `${context}.`
  const at = (segments: string[]) => prefix + (segments.length ? segments.join('.') : '(root)')
  return issues.flatMap((issue) => {
    const segments = issue.instancePath.split('/').filter(Boolean)
    const keys = issue.params?.keys
    if (issue.keyword === 'unrecognized_keys' && Array.isArray(keys)) {
      const message = context === 'querystring' ? 'Unknown query parameter' : 'Unknown field'
      return keys.map((key) => ({ path: at([...segments, String(key)]), message }))
    }
    return [{ path: at(segments), message: issue.message ?? 'Invalid value' }]
  })
}
