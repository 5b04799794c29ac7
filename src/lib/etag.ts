import { ValidationError } from '../errors/app-error.js'
import { PreconditionRequiredError } from '../errors/precondition-errors.js'

/** A strong ETag for a versioned resource. */
export function versionETag(version: number): string {
  return `"${version}"`
}

/**
 * The version an If-Match header asks for: undefined when absent or `*` (any version).
 * Only ETags this API produced are accepted.
 */
export function versionFromIfMatch(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '*') return undefined
  const match = /^\s*"(\d{1,9})"\s*$/.exec(header)
  if (!match?.[1]) {
    throw new ValidationError('If-Match must be an ETag from a previous response, such as "3".', [
      { path: 'headers.if-match', message: 'Expected one strong ETag such as "3"' },
    ])
  }
  return Number(match[1])
}

/** The version an If-Match header must name; 428 when it is missing or `*`. */
export function requiredVersion(header: string | undefined, resource: string): number {
  const version = versionFromIfMatch(header)
  if (version === undefined) throw new PreconditionRequiredError(resource)
  return version
}
