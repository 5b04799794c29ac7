import { createHash } from 'node:crypto'
import rateLimit, { normalizeIP } from '@fastify/rate-limit'
import type { FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { Redis } from 'ioredis'
import { LRUCache } from 'lru-cache'
import type { RateLimits } from '../config.js'
import { AppError, UnauthorizedError } from '../errors/app-error.js'
import { KEY_PREFIX_LENGTH } from './auth.js'

/**
 * The defaults, per minute, and why:
 * - anonymous: 1,200 requests per client IP (20 a second, sustained). Readers' browsers and a
 *   site's renderers stay far below; a scraper or a loop does not. Generous, since most of them
 *   are cache hits; behind a proxy, TRUST_PROXY must be on, or every client shares its IP.
 * - writes: 600 per key. An editor saving, a script importing at 10 a second: fine; a runaway
 *   client retrying in a loop is stopped before it fills the audit trail and the revisions.
 * - authFailures: 10 per client IP and per key prefix. A person mistyping a key fails a few times;
 *   32,518 attempts in 10 s, each a database look-up, is what it stops: past the limit, the key is
 *   not looked up at all.
 */
export const DEFAULT_RATE_LIMITS: RateLimits = {
  windowMs: 60_000,
  anonymous: 1_200,
  writes: 600,
  authFailures: 10,
  redisPrefix: 'newsroom-cms:rate-limit:',
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])
/** The load balancer's probes are never limited: a flood must not get an instance taken out. */
const PROBES = new Set(['/healthz', '/readyz'])
/** Keys that authenticated lately skip the failed-auth gates, so that an attacker spraying bad keys does not lock out good ones. */
const KNOWN_GOOD = { max: 10_000, ttlMs: 10 * 60_000 }
/** Counters held per limit when counting in process (least recently used out first). */
const LOCAL_COUNTERS = 50_000
/** A Redis outage is logged this often at most (counting goes on without it meanwhile). */
const REDIS_ERROR_LOG_INTERVAL_MS = 60_000

export class TooManyRequestsError extends AppError {
  constructor(detail: string) {
    super(429, 'too-many-requests', 'Too many requests', detail)
  }
}

const bearerToken = (header: string | undefined) =>
  header ? /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1] : undefined
const hashOf = (token: string) => createHash('sha256').update(token).digest('base64url')
const clientOf = (request: FastifyRequest) => normalizeIP(request.ip)

export interface RateLimitsPluginOptions extends RateLimits {
  /** An ioredis client to count in; by default one to redisUrl when it is set. For tests. */
  redis?: Redis
}

/**
 * Abuse limits, counted by @fastify/rate-limit (in process, or in Redis shared by instances):
 * requests without a key per client IP, writes per key, and failed authentications per client IP
 * and per key prefix. A refusal is a 429 problem with Retry-After and RateLimit-* headers.
 *
 * Registered after the edge and before the response cache, so that the anonymous limit holds for
 * cache hits too, and the failed-auth gate runs before authentication looks a key up.
 */
export const rateLimitsPlugin = fp<RateLimitsPluginOptions>(
  async (app, options) => {
    const { windowMs } = options
    let redis = options.redis
    if (!redis && options.redisUrl) {
      // Fail fast, so that a Redis outage costs requests milliseconds; counting then skips them.
      redis = new Redis(options.redisUrl, {
        connectTimeout: 1_000,
        maxRetriesPerRequest: 1,
        enableOfflineQueue: false,
      })
      const client = redis
      let loggedAt = 0
      client.on('error', (err) => {
        if (Date.now() - loggedAt < REDIS_ERROR_LOG_INTERVAL_MS) return
        loggedAt = Date.now()
        app.log.warn(
          { err },
          'rate limits: Redis unavailable, requests are let through uncounted meanwhile',
        )
      })
      app.addHook('onClose', async () => {
        await client.quit().catch(() => client.disconnect())
      })
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 2_000)
        client.once('ready', () => {
          clearTimeout(timer)
          resolve()
        })
      })
    }
    await app.register(rateLimit, {
      global: false,
      enableDraftSpec: true,
      // A limit must not take the API down with Redis: counting errors let the request through.
      skipOnError: true,
      ...(redis ? { redis, nameSpace: options.redisPrefix } : { cache: LOCAL_COUNTERS }),
    })

    const limiter = (name: string, max: number, key: (request: FastifyRequest) => string) =>
      max > 0
        ? app.createRateLimit({
            max,
            timeWindow: windowMs,
            keyGenerator: (request) => `${name}:${key(request)}`,
          })
        : null
    const anonymous = limiter('anonymous', options.anonymous, clientOf)
    const writes = limiter('writes', options.writes, (request) => request.apiKey?.id ?? '')
    const failedByClient = limiter('auth-client', options.authFailures, clientOf)
    const failedByPrefix = limiter('auth-prefix', options.authFailures, (request) =>
      (bearerToken(request.headers.authorization) ?? '').slice(0, KEY_PREFIX_LENGTH),
    )
    const knownGood = new LRUCache<string, true>({ max: KNOWN_GOOD.max, ttl: KNOWN_GOOD.ttlMs })

    type Limiter = NonNullable<typeof anonymous>
    type Counted = Exclude<Awaited<ReturnType<Limiter>>, { isAllowed: true }>
    const refuse = (reply: FastifyReply, counted: Counted, what: string): never => {
      const seconds = Math.max(1, counted.ttlInSeconds)
      reply.headers({
        'ratelimit-limit': counted.max,
        'ratelimit-remaining': 0,
        'ratelimit-reset': seconds,
        'retry-after': seconds,
      })
      throw new TooManyRequestsError(
        `Too many ${what}: at most ${counted.max} in ${windowMs / 1000} s. Retry in ${seconds} s.`,
      )
    }
    /** Counts the request (or only reads the count) and refuses it past the limit. */
    const check = async (
      limit: Limiter | null,
      request: FastifyRequest,
      reply: FastifyReply,
      what: string,
      count = true,
    ) => {
      if (!limit) return undefined
      const counted = await limit(request, { increment: count })
      if (counted.isAllowed) return undefined
      // Read only (the failed-auth gates): the next failure would be one too many.
      if (count ? counted.isExceeded : counted.remaining === 0) refuse(reply, counted, what)
      return counted
    }

    app.addHook('onRequest', async (request, reply) => {
      if (PROBES.has(request.url)) return
      const header = request.headers.authorization
      if (header === undefined) {
        await check(anonymous, request, reply, 'requests without a key from your address')
        return
      }
      const token = bearerToken(header)
      if (token && knownGood.has(hashOf(token))) return
      await check(failedByClient, request, reply, 'failed authentications from your address', false)
      if (token)
        await check(
          failedByPrefix,
          request,
          reply,
          'failed authentications with this key prefix',
          false,
        )
    })

    // A key that is sent and refused: counted against the client and the key's prefix.
    app.addHook('onError', async (request, _reply, error) => {
      if (
        !(error instanceof UnauthorizedError) ||
        request.headers.authorization === undefined ||
        request.apiKey
      )
        return
      await failedByClient?.(request)
      if (bearerToken(request.headers.authorization)) await failedByPrefix?.(request)
    })

    // After authentication (every onRequest hook, the route's role check included), before the body is read.
    app.addHook('preParsing', async (request, reply, payload) => {
      if (!request.apiKey) return payload
      const token = bearerToken(request.headers.authorization)
      if (token) knownGood.set(hashOf(token), true)
      if (!WRITE_METHODS.has(request.method)) return payload
      const counted = await check(writes, request, reply, 'writes with this key')
      if (counted) {
        reply.headers({
          'ratelimit-limit': counted.max,
          'ratelimit-remaining': counted.remaining,
          'ratelimit-reset': counted.ttlInSeconds,
        })
      }
      return payload
    })
  },
  { name: 'rate-limits' },
)
