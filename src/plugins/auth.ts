import type { FastifyRequest, preHandlerAsyncHookHandler } from 'fastify'
import fp from 'fastify-plugin'
import { ForbiddenError, UnauthorizedError } from '../errors/app-error.js'
import type { ApiKey, ApiKeyRole } from '../schemas/api-key.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** The key the request was made with; null for anonymous requests. */
    apiKey: ApiKey | null
  }
}

/** As ApiKey.prefix stores it: "ncms_" and 6 characters, which tell keys apart and do not unlock one. */
export const KEY_PREFIX_LENGTH = 11

const RANK: Record<ApiKeyRole, number> = { editor: 1, admin: 2 }

/** OpenAPI security requirements, for route schemas. */
type SecurityRequirements = { [scheme: string]: string[] }[]
export const KEY_REQUIRED: SecurityRequirements = [{ bearerAuth: [] }]
export const KEY_OPTIONAL: SecurityRequirements = [{}, { bearerAuth: [] }]
/** Public operations: no key needed, and a key sent changes nothing. */
export const NO_KEY: SecurityRequirements = []

/** preHandler that lets a request through only with a key of at least `role`. */
export function requireRole(role: ApiKeyRole): preHandlerAsyncHookHandler {
  return async (request: FastifyRequest) => {
    if (!request.apiKey) {
      throw new UnauthorizedError(
        'This endpoint needs an API key: send "Authorization: Bearer <key>".',
      )
    }
    if (RANK[request.apiKey.role] < RANK[role]) {
      throw new ForbiddenError(
        `This endpoint needs an ${role} key; yours is an ${request.apiKey.role} key.`,
      )
    }
  }
}

export interface AuthPluginOptions {
  /** The key a secret belongs to; null for an unknown secret. */
  authenticate: (key: string) => Promise<ApiKey | null>
}

/** Resolves `Authorization: Bearer <key>` into request.apiKey. A key that is sent must be valid. */
export const authPlugin = fp<AuthPluginOptions>(
  async (app, { authenticate }) => {
    app.decorateRequest('apiKey', null)
    app.addHook('onRequest', async (request) => {
      const header = request.headers.authorization
      if (header === undefined) return
      const match = /^Bearer\s+(\S+)\s*$/i.exec(header)
      if (!match?.[1]) {
        request.log.warn({ reason: 'malformed-header' }, 'authentication failed')
        throw new UnauthorizedError('The Authorization header must be "Bearer <key>".')
      }
      request.apiKey = await authenticate(match[1])
      if (!request.apiKey) {
        // Someone may be guessing keys: worth a warning, with the prefix people tell keys apart by, never the key.
        request.log.warn(
          { reason: 'unknown-key', keyPrefix: match[1].slice(0, KEY_PREFIX_LENGTH) },
          'authentication failed',
        )
        throw new UnauthorizedError('The API key is not valid (it may have been deleted).')
      }
    })
  },
  { name: 'auth' },
)
