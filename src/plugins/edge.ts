import { randomUUID } from 'node:crypto'
import type { FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { type HelmetOptions, default as securityHeaders } from 'helmet'
import { PROBLEM_CONTENT_TYPE, problemType } from './error-handler.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** The instance's shutdown: see Shutdown. */
    shutdown: Shutdown
  }
  interface FastifyContextConfig {
    /** The path holds a secret (a preview token): the access log names the route instead. */
    secretInPath?: boolean
  }
}

/**
 * Shutdown in two steps. `begin()` (server.ts, on SIGTERM) marks the instance as leaving: /readyz
 * answers 503 so that a load balancer stops sending it traffic, while requests are still served.
 * Then `app.close()`: the listener closes, in-flight requests finish, and a request that still
 * arrives on an open connection is refused by the edge with a 503 problem (see edgePlugin).
 */
export interface Shutdown {
  readonly begun: boolean
  begin(): void
}

/** Retry-After of a request refused while the instance closes: by then another instance, or this one restarted, answers. */
export const CLOSING_RETRY_AFTER_SECONDS = 5

/** A client's X-Request-Id is kept only when it is short and plain; anything else gets a new id. */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/

/** The request id: the client's X-Request-Id when it is safe to echo and log, else a new UUID. */
export function requestIdOf(header: string | string[] | undefined): string {
  return typeof header === 'string' && SAFE_REQUEST_ID.test(header) ? header : randomUUID()
}

/**
 * The security headers every response carries (helmet's defaults but these): the API serves JSON
 * only, so its pages may load nothing and be framed nowhere; /docs sets a CSP of its own (see
 * plugins/swagger.ts). No Strict-Transport-Security: whether the API is reached over HTTPS, and for
 * which host names, is known to whoever terminates TLS in front of it, not here; HSTS sent for the
 * wrong name (or with includeSubDomains, helmet's default) can lock browsers out of other sites.
 */
export const SECURITY_HEADERS = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
  },
  frameguard: { action: 'deny' },
  strictTransportSecurity: false,
} satisfies HelmetOptions

/**
 * helmet's headers for these options, worked out once: they do not depend on the request, and
 * running helmet per request set each header anew (a cache hit then copied them all again).
 */
function staticSecurityHeaders(): Record<string, string> {
  const headers: Record<string, string> = {}
  const response = {
    setHeader: (name: string, value: string | number) => {
      headers[name.toLowerCase()] = String(value)
    },
    removeHeader: (name: string) => {
      delete headers[name.toLowerCase()]
    },
  }
  securityHeaders(SECURITY_HEADERS)({} as never, response as never, () => {})
  return headers
}

const EDGE_HEADERS = staticSecurityHeaders()

/** Sets the edge's headers; also on answers that bypass the hooks (the router's own errors). */
export function setEdgeHeaders(request: FastifyRequest, reply: FastifyReply): void {
  reply.headers(EDGE_HEADERS)
  reply.header('x-request-id', request.id)
}

/**
 * The edge policy: what every response passes, whether a route or the response cache answers it
 * (the cache answers in an onRequest hook registered after this plugin, with the headers set
 * here). One access-log line per response.
 */
export const edgePlugin = fp(
  async (app) => {
    let begun = false
    let closing = false
    app.decorate('shutdown', {
      get begun() {
        return begun
      },
      begin: () => {
        begun = true
      },
    } satisfies Shutdown)
    app.addHook('preClose', (done) => {
      begun = closing = true
      done()
    })
    // Fastify's own refusal while closing (return503OnClosing, turned off in app.ts) is plain JSON
    // without the edge's headers; this one is a problem, like every other error.
    // Before the response cache's hook: hits carry these headers too.
    app.addHook('onRequest', (request, reply, done) => {
      setEdgeHeaders(request, reply)
      if (!closing) return done()
      const problem = {
        type: problemType('service-unavailable'),
        title: 'Service unavailable',
        status: 503,
        detail: `This instance is shutting down. Retry in ${CLOSING_RETRY_AFTER_SECONDS} seconds.`,
        instance: request.url,
      }
      // A string: the route's serializer would write its own 503 (such as /readyz's) instead.
      reply
        .code(503)
        .type(PROBLEM_CONTENT_TYPE)
        .header('retry-after', String(CLOSING_RETRY_AFTER_SECONDS))
      reply.header('connection', 'close').send(JSON.stringify(problem))
    })
    app.addHook('onSend', (request, reply, payload, done) => {
      // Answered before the body arrived (a 401, a 413): the rest of it is not worth waiting for.
      if (!request.raw.complete) reply.header('connection', 'close')
      done(null, payload)
    })
    // Below info (LOG_LEVEL=warn), nothing to build per request.
    const logsRequests = ['trace', 'debug', 'info'].includes(app.log.level)
    app.addHook('onResponse', (request, reply, done) => {
      if (!logsRequests) return done()
      const [rawPath, query] = (request.raw.url ?? '').split('?', 2)
      // A secret in the path (a preview token) is logged as the route's pattern.
      const path = request.routeOptions.config?.secretInPath ? request.routeOptions.url : rawPath
      request.log.info(
        {
          method: request.method,
          path,
          // Parameter names only: values can carry what a reader has read, or a search.
          ...(query
            ? { params: [...new URLSearchParams(query).keys()].join(',').slice(0, 200) }
            : {}),
          status: reply.statusCode,
          ms: Math.round(reply.elapsedTime * 10) / 10,
        },
        'request completed',
      )
      done()
    })
  },
  { name: 'edge' },
)
