import fastifyCors from '@fastify/cors'
import type { FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'

/** CORS_ORIGINS: origins that may call the API from a browser; `*` lets any origin read anonymously. */
export interface CorsOptions {
  origins: readonly string[]
}

/** How long a browser may reuse a preflight's answer. */
const PREFLIGHT_MAX_AGE_SECONDS = 600

/**
 * The Access-Control-Allow-Origin for a request from `origin`: a listed origin is echoed (keys
 * and all); with `*` listed, any other origin may read anonymously but not send a key, so a page
 * elsewhere cannot act with an editor's key. False: no CORS headers, and the browser refuses.
 */
export function allowedOrigin(
  origin: string | undefined,
  keyed: boolean,
  { origins }: CorsOptions,
): string | false {
  if (origin === undefined) return false
  if (origins.includes(origin)) return origin
  return origins.includes('*') && !keyed ? '*' : false
}

/** Whether a request, or the request a preflight announces, carries an API key. */
function keyed(request: FastifyRequest): boolean {
  if (request.headers.authorization !== undefined) return true
  const announced = request.headers['access-control-request-headers']
  return typeof announced === 'string' && /(^|,)\s*authorization\s*(,|$)/i.test(announced)
}

/**
 * CORS for browser frontends on other origins (@fastify/cors), part of the edge: its onRequest
 * hook runs before the response cache's, so a hit carries the same CORS headers as a miss.
 */
export const corsPlugin = fp<CorsOptions>(
  async (app, options) => {
    await app.register(fastifyCors, {
      delegator: (request, callback) =>
        callback(null, {
          origin: allowedOrigin(request.headers.origin, keyed(request), options),
          methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
          allowedHeaders: [
            'Authorization',
            'Content-Type',
            'If-Match',
            'If-None-Match',
            'Idempotency-Key',
            'X-Request-Id',
            // A reader's history for personalised recommendations, kept out of URLs.
            'Recently-Read',
          ],
          exposedHeaders: [
            'ETag',
            'Location',
            'Link',
            'Retry-After',
            'X-Request-Id',
            'Surrogate-Key',
            'Idempotency-Replayed',
            'RateLimit-Limit',
            'RateLimit-Remaining',
            'RateLimit-Reset',
          ],
          maxAge: PREFLIGHT_MAX_AGE_SECONDS,
        }),
    })
  },
  { name: 'cors', dependencies: ['edge'] },
)
