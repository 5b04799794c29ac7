import type { FastifyBaseLogger, FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod'
import { AppError, type FieldError } from '../errors/app-error.js'
import { toFieldErrors } from '../errors/field-errors.js'
import { translatePrismaError } from '../db/prisma-errors.js'
import { isDatabaseUnavailable } from '../db/connection-errors.js'
import { DEFAULT_DATABASE_TIMEOUTS, timeoutsOf } from '../db/pool-timeouts.js'

export const PROBLEM_CONTENT_TYPE = 'application/problem+json'

type Problem = {
  type: string
  title: string
  status: number
  detail: string
  instance?: string
  errors?: FieldError[]
} & Record<string, unknown>

/** Fastify's own client errors, by code: what the client did wrong, in words. */
const FASTIFY_CLIENT_ERRORS: Record<string, { code: string; title: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'malformed-json', title: 'Malformed JSON' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'malformed-json', title: 'Malformed JSON' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    code: 'unsupported-media-type',
    title: 'Unsupported media type',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: 'bad-request', title: 'Bad request' },
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'payload-too-large', title: 'Payload too large' },
  FST_ERR_BAD_URL: { code: 'bad-request', title: 'Bad request' },
  FST_ERR_ASYNC_CONSTRAINT: { code: 'bad-request', title: 'Bad request' },
}

export function problemType(code: string): string {
  return `urn:newsroom-cms:problem:${code}`
}

export function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  return reply
    .code(problem.status)
    .type(PROBLEM_CONTENT_TYPE)
    .send({ ...problem, instance: reply.request.url })
}

function toProblem(err: FastifyError, request: FastifyRequest): Problem {
  const appError = err instanceof AppError ? err : translatePrismaError(err)
  if (appError) {
    return {
      type: problemType(appError.code),
      title: appError.title,
      status: appError.status,
      detail: appError.message,
      ...appError.extensions,
    }
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    const errors = toFieldErrors(err.validation, err.validationContext)
    return {
      type: problemType('validation-error'),
      title: 'Invalid request',
      status: 400,
      detail: `Invalid ${[...new Set(errors.map((e) => e.path))].join(', ')}: see errors.`,
      errors,
    }
  }
  const known = err.code ? FASTIFY_CLIENT_ERRORS[err.code] : undefined
  const status = err.statusCode ?? 500
  if (known || (status >= 400 && status < 500)) {
    return {
      type: problemType(known?.code ?? 'bad-request'),
      title: known?.title ?? 'Bad request',
      status,
      detail: err.message,
    }
  }
  request.log.error({ err }, 'unhandled error')
  return {
    type: problemType('internal-error'),
    title: 'Internal server error',
    status: 500,
    detail: `Something went wrong on our side. Quote request id ${request.id} when reporting it.`,
  }
}

/** How often an outage that goes on is logged again at error level. */
export const OUTAGE_LOG_INTERVAL_MS = 60_000

/**
 * Logs a database outage once, not once per request: the first error of an outage at error level
 * (with its stack), the following ones at debug only. The outage is logged again after a minute,
 * with the count of errors not logged, and ends with an info line at the next successful response.
 */
export class OutageLog {
  private since: number | undefined
  private loggedAt = 0
  private suppressed = 0

  constructor(private readonly now: () => number = Date.now) {}

  failed(log: FastifyBaseLogger, err: unknown) {
    const now = this.now()
    if (this.since === undefined || now - this.loggedAt >= OUTAGE_LOG_INTERVAL_MS) {
      const suppressed = this.suppressed
      this.since ??= now
      this.loggedAt = now
      this.suppressed = 0
      log.error(
        { err, suppressed, outageMs: now - this.since },
        'database unavailable: answering 503 until it is back',
      )
    } else {
      this.suppressed++
      log.debug({ err }, 'database unavailable')
    }
  }

  succeeded(log: FastifyBaseLogger) {
    if (this.since === undefined) return
    log.info(
      { outageMs: this.now() - this.since, suppressed: this.suppressed },
      'database available again',
    )
    this.since = undefined
    this.suppressed = 0
  }

  get inOutage(): boolean {
    return this.since !== undefined
  }
}

/** Renders every error, and unknown routes, as RFC 9457 application/problem+json. */
export const errorHandlerPlugin = fp(
  async (app) => {
    const outage = new OutageLog()
    const retryAfter = () =>
      (app.hasDecorator('prisma') ? timeoutsOf(app.prisma) : DEFAULT_DATABASE_TIMEOUTS)
        .retryAfterSeconds
    app.setErrorHandler((err: FastifyError, request, reply) => {
      if (isDatabaseUnavailable(err)) {
        outage.failed(request.log, err)
        const seconds = retryAfter()
        reply.header('retry-after', String(seconds))
        return sendProblem(reply, {
          type: problemType('service-unavailable'),
          title: 'Service unavailable',
          status: 503,
          detail: `The database is not answering. Retry in ${seconds} seconds.`,
        })
      }
      const problem = toProblem(err, request)
      if (problem.status === 401) reply.header('www-authenticate', 'Bearer')
      return sendProblem(reply, problem)
    })
    // A response that is neither an error nor the liveness probe (which never touches the database)
    // ends a logged outage.
    app.addHook('onResponse', async (request, reply) => {
      if (outage.inOutage && reply.statusCode < 400 && request.routeOptions.url !== '/healthz')
        outage.succeeded(request.log)
    })
    app.setNotFoundHandler((request, reply) =>
      sendProblem(reply, {
        type: problemType('not-found'),
        title: 'Not found',
        status: 404,
        detail: `No route ${request.method} ${request.url.split('?')[0]}.`,
      }),
    )
  },
  { name: 'error-handler' },
)
