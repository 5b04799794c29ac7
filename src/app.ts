import { tmpdir } from 'node:os'
import { join } from 'node:path'
import compress from '@fastify/compress'
import Fastify, { type FastifyServerOptions, LogController } from 'fastify'
import { validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod'
import { DEFAULT_HTTP_CACHE, type HttpCacheOptions, httpCachePlugin } from './cache/http-cache.js'
import { responseCachePlugin } from './cache/response-cache.js'
import type { EventsConfig, RateLimits } from './config.js'
import type { PrismaClient } from './db/client.js'
import { DEFAULT_PUBLIC_SITE, publicSite } from './lib/public-site.js'
import { articlesPlugin } from './modules/articles/articles.plugin.js'
import { auditRoutes } from './modules/audit/audit.routes.js'
import { bylinesRoutes } from './modules/bylines/bylines.routes.js'
import { DEFAULT_EVENTS } from './modules/events/events-options.js'
import { eventsPlugin } from './modules/events/events.plugin.js'
import { feedsRoutes } from './modules/feeds/feeds.routes.js'
import { correctionsRoutes } from './modules/corrections/corrections.routes.js'
import { previewLinksRoutes } from './modules/previews/preview-links.routes.js'
import { healthRoutes } from './modules/health/health.routes.js'
import { exportsRoutes } from './modules/exports/exports.routes.js'
import { importsRoutes } from './modules/imports/imports.routes.js'
import type { ImportsOptions } from './modules/imports/imports.service.js'
import { keysRoutes } from './modules/keys/keys.routes.js'
import { createKeysService } from './modules/keys/keys.service.js'
import { sectionsRoutes } from './modules/sections/sections.routes.js'
import { tagsRoutes } from './modules/tags/tags.routes.js'
import { recommendationsRoutes } from './modules/recommendations/recommendations.routes.js'
import { sitemapsRoutes } from './modules/sitemaps/sitemaps.routes.js'
import { articleSlotsRoutes } from './modules/slots/article-slots.routes.js'
import { slotsRoutes } from './modules/slots/slots.routes.js'
import { authPlugin } from './plugins/auth.js'
import { corsPlugin, type CorsOptions } from './plugins/cors.js'
import { edgePlugin, requestIdOf, setEdgeHeaders } from './plugins/edge.js'
import { errorHandlerPlugin, problemType, sendProblem } from './plugins/error-handler.js'
import { idempotencyPlugin } from './plugins/idempotency.js'
import { prismaPlugin } from './plugins/prisma.js'
import { jsonBodyPlugin } from './plugins/json-body.js'
import { publicSitePlugin } from './plugins/public-site.js'
import { rateLimitsPlugin } from './plugins/rate-limits.js'
import { requestChecksPlugin } from './plugins/request-checks.js'
import { responseTagsPlugin } from './plugins/response-tags.js'
import { serializerCompiler } from './plugins/response-serializer.js'
import { swaggerPlugin } from './plugins/swagger.js'

export interface AppOptions {
  prisma: PrismaClient
  clock?: () => Date
  bodyLimit?: number
  trustProxy?: boolean
  logger?: FastifyServerOptions['logger']
  /** The public website that feeds and JSON-LD link to; default http://localhost:3000. */
  publicSiteUrl?: string
  /** The publisher's name in feeds and JSON-LD; default "Newsroom". */
  publicSiteName?: string
  /** Cache-Control of public GET responses (CACHE_MAX_AGE, CACHE_S_MAXAGE, CACHE_SWR); default 10 s, 60 s, 300 s. */
  httpCache?: Partial<HttpCacheOptions>
  /** Bytes the in-process response cache may hold (RESPONSE_CACHE_MAX_MB); 0 turns it off. Default 64 MiB. */
  responseCacheBytes?: number
  /**
   * The PostgreSQL server URL, when other instances may share the database: the app listens there
   * for their changes (LISTEN/NOTIFY) to keep its response cache coherent.
   */
  databaseUrl?: string
  /** How long a client may take to send a whole request, body included (REQUEST_TIMEOUT_MS). Default 30 s. */
  requestTimeoutMs?: number
  /** Origins that may call the API from a browser (CORS_ORIGINS); none: no CORS headers. */
  cors?: CorsOptions | null
  /** Abuse limits (RATE_LIMIT_*; plugins/rate-limits.ts has the defaults); none when not given. */
  rateLimits?: RateLimits | null
  /** Events, webhooks and their background jobs (EVENTS_*, WEBHOOK_*, WORKERS); jobs are off by default. */
  events?: Partial<EventsConfig>
  /** Uploads to POST /v1/imports: where they are kept while imported (DATA_DIR/imports), and their largest size (IMPORT_MAX_MB). */
  imports?: Partial<ImportsOptions>
}

export const DEFAULT_IMPORT_MAX_BYTES = 4 * 1024 ** 3
export const DEFAULT_RESPONSE_CACHE_BYTES = 64 * 1024 * 1024
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000

/** Builds the application; it never listens (server.ts does, tests use app.server). */
export async function buildApp(options: AppOptions) {
  const requestTimeout = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS
  const app = Fastify({
    keepAliveTimeout: 72_000,
    // The whole request, body included, must arrive within this; a client trickling a body is cut off.
    requestTimeout,
    // Node enforces the timeout only when it is given at the server's creation, and checks every
    // 30 s by default: a slow client would hold its socket that much longer.
    http: { requestTimeout, connectionsCheckingInterval: 1_000 },
    logger: options.logger ?? false,
    // The edge answers requests that arrive while the app closes, as a problem (plugins/edge.ts).
    return503OnClosing: false,
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    trustProxy: options.trustProxy ?? false,
    // The edge plugin logs one line per response instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    requestIdHeader: false,
    genReqId: (req) => requestIdOf(req.headers['x-request-id']),
    routerOptions: { maxParamLength: 300, ignoreTrailingSlash: true },
    frameworkErrors: (err, request, reply) => {
      // Router errors bypass the hooks, so the edge's headers are set here too.
      setEdgeHeaders(request, reply)
      // A path parameter over maxParamLength is "URI too long", not a malformed URL.
      const tooLong = err.code === 'FST_ERR_MAX_PARAM_LENGTH'
      return sendProblem(reply, {
        type: problemType(tooLong ? 'uri-too-long' : 'bad-request'),
        title: tooLong ? 'URI too long' : 'Bad request',
        status: tooLong ? 414 : 400,
        detail: err.message,
      })
    },
  }).withTypeProvider<ZodTypeProvider>()

  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)
  // Fastify parses text/plain out of the box; this API only speaks JSON, so anything else is a 415.
  app.removeContentTypeParser(['text/plain'])
  // First: whatever answers a request afterwards (a route, the response cache, an error), the
  // response carries the edge's headers and gets its access-log line.
  await app.register(edgePlugin)
  if (options.cors) await app.register(corsPlugin, options.cors)
  await app.register(prismaPlugin, {
    prisma: options.prisma,
    clock: options.clock ?? (() => new Date()),
    listenUrl: options.databaseUrl,
  })
  await app.register(publicSitePlugin, {
    site: publicSite(
      options.publicSiteUrl ?? DEFAULT_PUBLIC_SITE.url,
      options.publicSiteName ?? DEFAULT_PUBLIC_SITE.name,
    ),
  })
  await app.register(errorHandlerPlugin)
  // Responses of 1 KiB or more are compressed when the client accepts it: brotli (quality 4, fast
  // enough for dynamic bodies) or gzip. Its hooks sit on each route, so they run after the global
  // ones below: the ETag is computed on the identity body (cache/http-cache.ts then names the coding).
  await app.register(compress, { threshold: 1024, encodings: ['br', 'gzip'] })
  await app.register(responseTagsPlugin)
  // Before the response cache, so that cache hits count, and before authentication looks a key up.
  if (options.rateLimits) await app.register(rateLimitsPlugin, options.rateLimits)
  // After the edge, before authentication and validation: a cached answer to an anonymous GET needs neither.
  await app.register(responseCachePlugin, {
    maxBytes: options.responseCacheBytes ?? DEFAULT_RESPONSE_CACHE_BYTES,
    trustProxy: options.trustProxy ?? false,
  })
  await app.register(jsonBodyPlugin)
  await app.register(requestChecksPlugin)
  await app.register(swaggerPlugin)
  const keys = createKeysService({ prisma: app.prisma, now: app.clock })
  await app.register(authPlugin, { authenticate: keys.authenticate })
  await app.register(idempotencyPlugin, { prisma: app.prisma, clock: app.clock })
  await app.register(httpCachePlugin, { ...DEFAULT_HTTP_CACHE, ...options.httpCache })
  await app.register(healthRoutes)
  await app.register(articlesPlugin, { prefix: '/v1/articles' })
  await app.register(bylinesRoutes, { prefix: '/v1/bylines' })
  await app.register(keysRoutes, { prefix: '/v1/keys' })
  await app.register(auditRoutes, { prefix: '/v1/audit' })
  await app.register(slotsRoutes, { prefix: '/v1/slots' })
  await app.register(articleSlotsRoutes, { prefix: '/v1/articles' })
  await app.register(recommendationsRoutes, { prefix: '/v1/articles' })
  await app.register(feedsRoutes, { prefix: '/v1/feeds' })
  await app.register(correctionsRoutes, { prefix: '/v1/corrections' })
  await app.register(previewLinksRoutes)
  await app.register(sitemapsRoutes)
  await app.register(sectionsRoutes, { prefix: '/v1/sections' })
  await app.register(tagsRoutes, { prefix: '/v1/tags' })
  await app.register(eventsPlugin, { options: { ...DEFAULT_EVENTS, ...options.events } })
  await app.register(importsRoutes, {
    prefix: '/v1/imports',
    spoolDir: options.imports?.spoolDir ?? join(tmpdir(), 'newsroom-cms-imports'),
    maxBytes: options.imports?.maxBytes ?? DEFAULT_IMPORT_MAX_BYTES,
  })
  await app.register(exportsRoutes, { prefix: '/v1/export' })
  return app
}

export type App = Awaited<ReturnType<typeof buildApp>>
