// Abuse limits: anonymous requests per client IP (cache hits included), writes per key, failed
// authentications per client IP and key prefix, counted in process or in a shared Redis.
import { randomBytes } from 'node:crypto'
import { Redis } from 'ioredis'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { type App, buildApp } from '../../../src/app.js'
import type { RateLimits } from '../../../src/config.js'
import { DEFAULT_RATE_LIMITS } from '../../../src/plugins/rate-limits.js'
import { createArticle } from '../../helpers/factories.js'
import { useTestApp } from '../../helpers/test-app.js'

const ctx = useTestApp()
const OFF = { anonymous: 0, writes: 0, authFailures: 0 }
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'

const apps: App[] = []
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()))
})

async function limitedApp(
  limits: Partial<RateLimits>,
  extra: { trustProxy?: boolean; lines?: Record<string, unknown>[] } = {},
) {
  const { lines } = extra
  const app = await buildApp({
    prisma: ctx.db.prisma,
    clock: ctx.clock.now,
    trustProxy: extra.trustProxy ?? false,
    rateLimits: { ...DEFAULT_RATE_LIMITS, ...OFF, ...limits },
    ...(lines
      ? {
          logger: {
            level: 'info',
            stream: { write: (line: string) => lines.push(JSON.parse(line)) },
          },
        }
      : {}),
  })
  apps.push(app)
  return app
}

const get = (
  app: App,
  url: string,
  headers: Record<string, string> = {},
  remoteAddress = '127.0.0.1',
) => app.inject({ method: 'GET', url, headers, remoteAddress })

function expectTooMany(
  res: { statusCode: number; headers: Record<string, unknown>; json: () => unknown },
  limit: number,
) {
  expect(res.statusCode).toBe(429)
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/)
  expect(res.json()).toMatchObject({
    type: 'urn:newsroom-cms:problem:too-many-requests',
    status: 429,
    title: 'Too many requests',
  })
  expect(Number(res.headers['retry-after'])).toBeGreaterThan(0)
  expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(60)
  expect(res.headers['ratelimit-limit']).toBe(String(limit))
  expect(res.headers['ratelimit-remaining']).toBe('0')
  expect(Number(res.headers['ratelimit-reset'])).toBeGreaterThan(0)
  // The edge policy holds for refusals too.
  expect(res.headers['x-content-type-options']).toBe('nosniff')
}

describe('the anonymous limit', () => {
  it('counts cache hits: a cached URL is refused past the limit', async () => {
    const { slug } = await createArticle(ctx, { status: 'published' })
    const app = await limitedApp({ anonymous: 3 })
    const seen = []
    for (let i = 0; i < 3; i++) {
      const res = await get(app, `/v1/articles/${slug}`)
      expect(res.statusCode).toBe(200)
      seen.push(res.headers['x-cache'])
    }
    expect(seen).toEqual(['MISS', 'HIT', 'HIT'])
    expectTooMany(await get(app, `/v1/articles/${slug}`), 3)
    // Another client, a keyed reader and the load balancer's probes are not held back.
    expect((await get(app, `/v1/articles/${slug}`, {}, '10.0.0.2')).statusCode).toBe(200)
    expect(
      (await get(app, `/v1/articles/${slug}`, { authorization: ctx.auth.editor })).statusCode,
    ).toBe(200)
    expect((await get(app, '/healthz')).statusCode).toBe(200)
  })

  it('is not dodged by a forged X-Forwarded-For without TRUST_PROXY', async () => {
    const app = await limitedApp({ anonymous: 2 })
    const forged = (i: number) => ({ 'x-forwarded-for': `203.0.113.${i}` })
    expect((await get(app, '/v1/bylines', forged(1))).statusCode).toBe(200)
    expect((await get(app, '/v1/bylines', forged(2))).statusCode).toBe(200)
    expectTooMany(await get(app, '/v1/bylines', forged(3)), 2)
  })

  it('counts the client X-Forwarded-For names behind a trusted proxy', async () => {
    const app = await limitedApp({ anonymous: 2 }, { trustProxy: true })
    const from = (ip: string) => ({ 'x-forwarded-for': ip })
    for (let i = 1; i <= 4; i++)
      expect((await get(app, '/v1/bylines', from(`203.0.113.${i}`))).statusCode).toBe(200)
    expect((await get(app, '/v1/bylines', from('198.51.100.7'))).statusCode).toBe(200)
    expect((await get(app, '/v1/bylines', from('198.51.100.7'))).statusCode).toBe(200)
    expectTooMany(await get(app, '/v1/bylines', from('198.51.100.7')), 2)
  })
})

describe('the failed-authentication limit', () => {
  const badKey = (prefix = 'ncms_AAAAAA') =>
    `Bearer ${prefix}${randomBytes(16).toString('base64url')}`

  it('stops looking keys up past the limit, per client and per key prefix, and warns without the key', async () => {
    const lines: Record<string, unknown>[] = []
    const app = await limitedApp({ authFailures: 3 }, { lines })
    // A good key used before keeps working from a client that is refused.
    expect((await get(app, '/v1/bylines', { authorization: ctx.auth.editor })).statusCode).toBe(200)
    const sent: string[] = []
    for (let i = 0; i < 3; i++) {
      const key = badKey()
      sent.push(key)
      expect((await get(app, '/v1/bylines', { authorization: key })).statusCode).toBe(401)
    }
    let refused: Awaited<ReturnType<typeof get>> | undefined
    const queries = await ctx.countQueries(async () => {
      refused = await get(app, '/v1/bylines', { authorization: badKey('ncms_BBBBBB') })
    })
    expectTooMany(refused!, 3)
    expect(queries).toBe(0)
    expect((await get(app, '/v1/bylines', { authorization: ctx.auth.editor })).statusCode).toBe(200)
    // The same prefix from elsewhere is refused too; another prefix from elsewhere is looked up.
    expectTooMany(await get(app, '/v1/bylines', { authorization: badKey() }, '10.0.0.9'), 3)
    expect(
      (await get(app, '/v1/bylines', { authorization: badKey('ncms_CCCCCC') }, '10.0.0.9'))
        .statusCode,
    ).toBe(401)

    const warnings = lines.filter((l) => l.msg === 'authentication failed')
    expect(warnings.length).toBe(4)
    for (const line of warnings) expect(line.level).toBe(40)
    expect(warnings[0]).toMatchObject({ reason: 'unknown-key', keyPrefix: 'ncms_AAAAAA' })
    const logged = JSON.stringify(lines)
    for (const key of sent) expect(logged).not.toContain(key.slice('Bearer '.length))
  })

  it('counts malformed Authorization headers per client', async () => {
    const app = await limitedApp({ authFailures: 2 })
    for (let i = 0; i < 2; i++)
      expect((await get(app, '/v1/bylines', { authorization: 'Basic abc' })).statusCode).toBe(401)
    expectTooMany(await get(app, '/v1/bylines', { authorization: 'Basic abc' }), 2)
  })
})

describe('the write limit', () => {
  it('counts writes per key, with RateLimit headers on the writes it lets through', async () => {
    const app = await limitedApp({ writes: 2 })
    const post = (authorization: string, name: string) =>
      app.inject({
        method: 'POST',
        url: '/v1/bylines',
        headers: { authorization },
        payload: { name },
      })
    const first = await post(ctx.auth.editor, 'One')
    expect(first.statusCode).toBe(201)
    expect(first.headers['ratelimit-limit']).toBe('2')
    expect(first.headers['ratelimit-remaining']).toBe('1')
    expect((await post(ctx.auth.editor, 'Two')).statusCode).toBe(201)
    const before = await ctx.snapshot()
    expectTooMany(await post(ctx.auth.editor, 'Three'), 2)
    expect(await ctx.snapshot()).toEqual(before)
    // Reads with the same key, and writes with another key, go on.
    expect((await get(app, '/v1/bylines', { authorization: ctx.auth.editor })).statusCode).toBe(200)
    expect((await post(ctx.auth.admin, 'Four')).statusCode).toBe(201)
  })
})

async function redisReachable(): Promise<boolean> {
  const probe = new Redis(REDIS_URL, {
    lazyConnect: true,
    connectTimeout: 500,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  })
  try {
    await probe.connect()
    await probe.ping()
    return true
  } catch {
    return false
  } finally {
    probe.disconnect()
  }
}

// CI runs with the machine's Redis; elsewhere the test is skipped when no Redis answers.
const withRedis = process.env.CI === 'true' || (await redisReachable())

describe.skipIf(!withRedis)('counting in Redis', () => {
  const prefix = `newsroom-cms-test:${randomBytes(6).toString('hex')}:`
  const redis = new Redis(REDIS_URL, { lazyConnect: true })

  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`)
    if (keys.length > 0) await redis.del(...keys)
    await redis.quit()
  })

  it('shares the counts between instances', async () => {
    const { slug } = await createArticle(ctx, { status: 'published' })
    const limits = { anonymous: 3, redisUrl: REDIS_URL, redisPrefix: prefix }
    const [a, b] = [await limitedApp(limits), await limitedApp(limits)]
    expect((await get(a, `/v1/articles/${slug}`)).statusCode).toBe(200)
    expect((await get(b, `/v1/articles/${slug}`)).statusCode).toBe(200)
    expect((await get(a, `/v1/articles/${slug}`)).headers['x-cache']).toBe('HIT')
    expectTooMany(await get(b, `/v1/articles/${slug}`), 3)
    expectTooMany(await get(a, `/v1/articles/${slug}`), 3)
    const keys = await redis.keys(`${prefix}*`)
    expect(keys.length).toBeGreaterThan(0)
    expect(Number(await redis.pttl(keys[0]!))).toBeGreaterThan(0)
  })

  it('lets requests through when Redis does not answer', async () => {
    const app = await limitedApp({
      anonymous: 1,
      redisUrl: 'redis://127.0.0.1:1',
      redisPrefix: prefix,
    })
    for (let i = 0; i < 3; i++) expect((await get(app, '/v1/bylines')).statusCode).toBe(200)
  })
})
