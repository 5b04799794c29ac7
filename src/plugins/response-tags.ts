import type { FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'

export { surrogateKey } from '../db/resource-keys.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** What the response depends on (`article:<id>`, `byline:<id>`, `slot:<key>`, list scopes…); see tagResponse. */
    surrogateKeys: string[] | null
    /** When time alone changes the response; see expireResponseAt. */
    responseExpiresAt: Date | null
  }
}

/**
 * Declares what the response to this request depends on; called by the handlers of public GET
 * routes. HTTP caching sends the keys to CDNs (Surrogate-Key) and keeps cached answers by them.
 */
export function tagResponse(request: FastifyRequest, keys: Iterable<string>): void {
  request.surrogateKeys = [...(request.surrogateKeys ?? []), ...keys]
}

/**
 * Declares when time alone changes the response to this request (a story leaving a window of
 * recent stories, which no write and no publication time announces): no cached copy outlives it.
 */
export function expireResponseAt(request: FastifyRequest, at: Date): void {
  if (request.responseExpiresAt === null || at < request.responseExpiresAt)
    request.responseExpiresAt = at
}

export const responseTagsPlugin = fp(
  async (app) => {
    app.decorateRequest('surrogateKeys', null)
    app.decorateRequest('responseExpiresAt', null)
  },
  { name: 'response-tags' },
)
