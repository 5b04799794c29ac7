import type {
  FastifyInstance,
  FastifyRequest,
  preHandlerAsyncHookHandler,
  RouteOptions,
} from 'fastify'
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

/** Roles a route can require: the newsroom's chain, in which each role may do all the ones before it may. */
export type NewsroomRole = Exclude<ApiKeyRole, 'syndication'>
const RANK: Record<NewsroomRole, number> = { contributor: 1, editor: 2, chief: 3, admin: 4 }

/** Whether a key holds `role` or a role above it in the chain. Syndication keys only read. */
export function holdsRole(key: Pick<ApiKey, 'role'> | null, role: NewsroomRole): boolean {
  if (!key || key.role === 'syndication') return false
  return RANK[key.role] >= RANK[role]
}

/** OpenAPI security requirements, for route schemas. */
type SecurityRequirements = { [scheme: string]: string[] }[]
export const KEY_REQUIRED: SecurityRequirements = [{ bearerAuth: [] }]
export const KEY_OPTIONAL: SecurityRequirements = [{}, { bearerAuth: [] }]
/** Public operations: no key needed, and a key sent changes nothing. */
export const NO_KEY: SecurityRequirements = []

const an = (role: string) => (/^[aeiou]/.test(role) ? `an ${role}` : `a ${role}`)

/** Throws the 403 for a request whose key lacks `role`; the message names the role needed. */
export function forbidUnless(request: FastifyRequest, role: NewsroomRole, what: string): void {
  if (holdsRole(request.apiKey, role)) return
  throw new ForbiddenError(
    `${what} needs ${an(role)} key (or a role above it); yours is ${an(request.apiKey?.role ?? 'anonymous')} key.`,
  )
}

const ROLE = Symbol('required role')
type RoleHook = preHandlerAsyncHookHandler & { [ROLE]?: NewsroomRole }

/** onRequest hook that lets a request through only with a key of at least `role`. */
export function requireRole(role: NewsroomRole): preHandlerAsyncHookHandler {
  const hook: RoleHook = async (request: FastifyRequest) => {
    if (!request.apiKey) {
      throw new UnauthorizedError(
        'This endpoint needs an API key: send "Authorization: Bearer <key>".',
      )
    }
    forbidUnless(request, role, 'This endpoint')
  }
  hook[ROLE] = role
  return hook
}

/**
 * Requires `role` on every route the plugin `app` registers from now on, and documents it on each.
 * A route that requires a higher role itself checks only that one, so that its 403 names the role
 * it needs (a kill needs a chief key, not "an editor key").
 */
export function requireRoleForAll(app: FastifyInstance, role: NewsroomRole): void {
  app.addHook('onRoute', (route) => {
    const own = requiredRoleOf(route)
    if (!own || RANK[own] < RANK[role])
      route.onRequest = [requireRole(role), ...[route.onRequest ?? []].flat()]
    documentRole(route, role)
  })
}

/** The role a route's own onRequest hooks require, if any. */
function requiredRoleOf(route: RouteOptions): NewsroomRole | undefined {
  const hooks = [route.onRequest ?? []].flat() as RoleHook[]
  return hooks.find((hook) => hook[ROLE])?.[ROLE]
}

/**
 * Writes the role into the route's OpenAPI operation: as the bearer scheme's role list (what
 * OpenAPI 3.1 allows for non-OAuth schemes) and in words in the description.
 */
function documentRole(route: RouteOptions, role: NewsroomRole): void {
  if (!route.schema) return
  const schema = route.schema as { security?: SecurityRequirements; description?: string }
  // A route's own requirement and its plugin's may both apply: document the higher one.
  const documented = schema.security?.[0]?.bearerAuth?.[0] as NewsroomRole | undefined
  if (documented && RANK[documented] >= RANK[role]) return
  schema.security = [{ bearerAuth: [role] }]
  const needs = `Needs ${an(role)} key or a role above it (contributor < editor < chief < admin).`
  const described = schema.description?.replace(/\n\nNeeds an? \w+ key or a role above it.*$/s, '')
  schema.description = described ? `${described}\n\n${needs}` : needs
}

export interface AuthPluginOptions {
  /** The key a secret belongs to; null for an unknown secret. */
  authenticate: (key: string) => Promise<ApiKey | null>
}

/** Resolves `Authorization: Bearer <key>` into request.apiKey. A key that is sent must be valid. */
export const authPlugin = fp<AuthPluginOptions>(
  async (app, { authenticate }) => {
    app.decorateRequest('apiKey', null)
    app.addHook('onRoute', (route) => {
      const role = requiredRoleOf(route)
      if (role) documentRole(route, role)
    })
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
