import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import compress from '@fastify/compress'
import Fastify, { type FastifyServerOptions } from 'fastify'
import { validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod'
import { DEFAULT_HTTP_CACHE, type HttpCacheOptions, httpCachePlugin } from './cache/http-cache.js'
import { responseCachePlugin } from './cache/response-cache.js'
import type { PrismaClient } from './db/client.js'
import { DEFAULT_PUBLIC_SITE, publicSite } from './lib/public-site.js'
import { articlesPlugin } from './modules/articles/articles.plugin.js'
import { auditRoutes } from './modules/audit/audit.routes.js'
import { bylinesRoutes } from './modules/bylines/bylines.routes.js'
import { feedsRoutes } from './modules/feeds/feeds.routes.js'
import { healthRoutes } from './modules/health/health.routes.js'
import { keysRoutes } from './modules/keys/keys.routes.js'
import { createKeysService } from './modules/keys/keys.service.js'
import { recommendationsRoutes } from './modules/recommendations/recommendations.routes.js'
import { articleSlotsRoutes } from './modules/slots/article-slots.routes.js'
import { slotsRoutes } from './modules/slots/slots.routes.js'
import { authPlugin } from './plugins/auth.js'
import { errorHandlerPlugin, problemType, sendProblem } from './plugins/error-handler.js'
import { prismaPlugin } from './plugins/prisma.js'
import { publicSitePlugin } from './plugins/public-site.js'
import { rejectNulPlugin } from './plugins/reject-nul.js'
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
}

export const DEFAULT_RESPONSE_CACHE_BYTES = 64 * 1024 * 1024

/** Builds the application; it never listens (server.ts does, tests use app.server). */
export async function buildApp(options: AppOptions) {
  /** Set once the response cache exists: answers stored responses before Fastify routes the request. */
  let answerStored: ((req: IncomingMessage, res: ServerResponse) => boolean) | undefined
  const app = Fastify({
    serverFactory: (handler) => {
      const server = createServer((req, res) => {
        let answered = false
        try {
          answered = answerStored?.(req, res) ?? false
        } catch (err) {
          // Never a crash from the cache: Fastify answers instead.
          app.log.error({ err }, 'the response cache failed to answer')
        }
        if (!answered) handler(req, res)
      })
      // Fastify's defaults, which it sets on a server it creates itself.
      server.keepAliveTimeout = 72_000
      server.requestTimeout = 0
      server.setTimeout(0)
      return server
    },
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    trustProxy: options.trustProxy ?? false,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    routerOptions: { maxParamLength: 300, ignoreTrailingSlash: true },
    frameworkErrors: (err, request, reply) => {
      // Router errors bypass the onSend hooks, so the request id is set here too.
      reply.header('x-request-id', request.id)
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
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id)
  })

  await app.register(prismaPlugin, {
    prisma: options.prisma,
    clock: options.clock ?? (() => new Date()),
    listenUrl: options.databaseUrl,
  })
  await app.register(publicSitePlugin, {
    site: publicSite(options.publicSiteUrl ?? DEFAULT_PUBLIC_SITE.url, options.publicSiteName ?? DEFAULT_PUBLIC_SITE.name),
  })
  await app.register(errorHandlerPlugin)
  // Responses of 1 KiB or more are compressed when the client accepts it: brotli (quality 4, fast
  // enough for dynamic bodies) or gzip. Its hooks sit on each route, so they run after the global
  // ones below: the ETag is computed on the identity body (cache/http-cache.ts then names the coding).
  await app.register(compress, { threshold: 1024, encodings: ['br', 'gzip'] })
  // Before authentication and validation: a cached answer to an anonymous GET needs neither.
  await app.register(responseCachePlugin, {
    maxBytes: options.responseCacheBytes ?? DEFAULT_RESPONSE_CACHE_BYTES,
    trustProxy: options.trustProxy ?? false,
  })
  const { responseCache } = app
  if (responseCache) {
    answerStored = (req, res) => responseCache.answer(req, res)
    // While closing, Fastify answers 503 to new requests; the cache must not answer them either.
    app.addHook('preClose', async () => {
      answerStored = undefined
    })
  }
  await app.register(rejectNulPlugin)
  await app.register(swaggerPlugin)
  const keys = createKeysService({ prisma: app.prisma, now: app.clock })
  await app.register(authPlugin, { authenticate: keys.authenticate })
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
  return app
}

export type App = Awaited<ReturnType<typeof buildApp>>
