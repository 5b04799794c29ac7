import { AppError, ValidationError } from '../errors/app-error.js'

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

export class PreconditionRequiredError extends AppError {
  constructor(resource: string) {
    super(
      428,
      'precondition-required',
      'Precondition required',
      `Changing ${resource} needs an If-Match header with the ETag you read, so that nobody's edit is overwritten unseen. GET it, take its ETag response header (e.g. "3") and send it as If-Match.`,
    )
  }
}

/** The version an If-Match header must name; 428 when it is missing or `*`. */
export function requiredVersion(header: string | undefined, resource: string): number {
  const version = versionFromIfMatch(header)
  if (version === undefined) throw new PreconditionRequiredError(resource)
  return version
}

export class PreconditionFailedError extends AppError {
  constructor(resource: string, current: number) {
    super(
      412,
      'precondition-failed',
      'Precondition failed',
      `The ${resource} has changed since you read it: it is now at version ${current}. Fetch it, reapply your change and send its new ETag.`,
      { currentVersion: current },
    )
  }
}
