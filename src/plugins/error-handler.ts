import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod'
import { AppError, type FieldError } from '../errors/app-error.js'
import { toFieldErrors } from '../errors/field-errors.js'
import { translatePrismaError } from '../db/prisma-errors.js'

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
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'unsupported-media-type', title: 'Unsupported media type' },
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

/** Renders every error, and unknown routes, as RFC 9457 application/problem+json. */
export const errorHandlerPlugin = fp(
  async (app) => {
    app.setErrorHandler((err: FastifyError, request, reply) => {
      const problem = toProblem(err, request)
      if (problem.status === 401) reply.header('www-authenticate', 'Bearer')
      return sendProblem(reply, problem)
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
