/** One entry of a problem's `errors` array: which field is wrong and why. */
export interface FieldError {
  path: string
  message: string
}

/**
 * An error a client can act on. Rendered once, by the error handler, as RFC 9457
 * application/problem+json; `code` becomes the problem type.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    detail: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail)
  }
}

export class ValidationError extends AppError {
  constructor(detail: string, errors: FieldError[]) {
    super(400, 'validation-error', 'Invalid request', detail, { errors })
  }
}

export class UnprocessableError extends AppError {
  constructor(detail: string, errors: FieldError[]) {
    super(422, 'unprocessable-content', 'Unprocessable content', detail, { errors })
  }
}

export class NotFoundError extends AppError {
  constructor(
    /** What was looked for, e.g. "article": an old slug of an article may still redirect. */
    readonly resource: string,
    readonly ref: string,
  ) {
    super(404, 'not-found', 'Not found', `No ${resource} with id or slug "${ref}".`)
  }
}

export class ConflictError extends AppError {
  constructor(detail: string, extensions: Record<string, unknown> = {}) {
    super(409, 'conflict', 'Conflict', detail, extensions)
  }
}

export class UnauthorizedError extends AppError {
  constructor(detail: string) {
    super(401, 'unauthorized', 'Unauthorized', detail)
  }
}

export class ForbiddenError extends AppError {
  constructor(detail: string, extensions: Record<string, unknown> = {}) {
    super(403, 'forbidden', 'Forbidden', detail, extensions)
  }
}

/** A resource that existed and is gone for good; `extensions` say why, for the reader. */
export class GoneError extends AppError {
  constructor(detail: string, extensions: Record<string, unknown> = {}) {
    super(410, 'gone', 'Gone', detail, extensions)
  }
}
