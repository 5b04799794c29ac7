// The edge policy holds for every response, whoever answers it: a route (a cache miss), the
// response cache (a hit, a 304) or the router's own errors.
import { connect } from 'node:net'
import supertest from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type App, buildApp } from '../../../src/app.js'
import { createArticle } from '../../helpers/factories.js'
import { useTestApp } from '../../helpers/test-app.js'

const ctx = useTestApp()
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/** The security headers of every API response (helmet's). */
const SECURITY = {
  'content-security-policy': "default-src 'none';frame-ancestors 'none'",
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'DENY',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
}
const EDGE = { ...SECURITY, 'x-request-id': 'uuid' }

/** The headers the edge sets (and those it must not), with the request id reduced to its shape. */
function edgeOf(headers: Record<string, string>) {
  return {
    ...Object.fromEntries(Object.keys(SECURITY).map((name) => [name, headers[name]])),
    'x-request-id': UUID.test(headers['x-request-id'] ?? '') ? 'uuid' : headers['x-request-id'],
    ...(headers['x-powered-by'] ? { 'x-powered-by': headers['x-powered-by'] } : {}),
    ...(headers['strict-transport-security']
      ? { 'strict-transport-security': headers['strict-transport-security'] }
      : {}),
  }
}

describe('the edge', () => {
  it('gives a cache miss, a cache hit and a 304 from the cache the same edge headers', async () => {
    const { slug } = await createArticle(ctx, { status: 'published' })
    const miss = await ctx.api.get(`/v1/articles/${slug}`)
    const hit = await ctx.api.get(`/v1/articles/${slug}`)
    const notModified = await ctx.api
      .get(`/v1/articles/${slug}`)
      .set('if-none-match', String(hit.headers.etag))
    expect(miss.headers['x-cache']).toBe('MISS')
    expect(hit.headers['x-cache']).toBe('HIT')
    expect(notModified.status).toBe(304)
    expect(edgeOf(miss.headers)).toEqual(EDGE)
    expect(edgeOf(hit.headers)).toEqual(EDGE)
    expect(edgeOf(notModified.headers)).toEqual(EDGE)
    // A new id per request, also for hits (the stored one is never replayed).
    expect(hit.headers['x-request-id']).not.toBe(miss.headers['x-request-id'])
    // Each header once: the stored copy does not repeat what the edge sets.
    expect(hit.headers['x-content-type-options']).toBe('nosniff')
    expect(hit.headers['content-security-policy']).toBe(SECURITY['content-security-policy'])
    expect(hit.headers.vary).toBe(miss.headers.vary)
  })

  it('gives problems, keyed responses and feeds the same security headers', async () => {
    const responses = await Promise.all([
      ctx.api.get('/v1/articles/no-such-story'),
      ctx.api.get('/no/such/route'),
      ctx.api.get('/v1/keys').set('authorization', ctx.auth.admin),
      ctx.api.post('/v1/articles').send({}),
      ctx.api.get('/v1/feeds/rss'),
      ctx.api.get('/healthz'),
    ])
    for (const res of responses) expect(edgeOf(res.headers)).toEqual(EDGE)
  })

  it('serves /docs under a CSP of its own, which loads only from this server', async () => {
    for (const url of ['/docs', '/docs/', '/docs/static/swagger-ui-bundle.js', '/docs/json']) {
      const res = await ctx.api.get(url)
      expect(res.status).toBe(200)
      expect(res.headers['x-frame-options']).toBe('DENY')
      expect(res.headers['x-content-type-options']).toBe('nosniff')
      const csp = String(res.headers['content-security-policy'])
      expect(csp).toContain("default-src 'none'")
      expect(csp).toContain("script-src 'self';")
      expect(csp).toContain("connect-src 'self';")
      expect(csp).toContain("frame-ancestors 'none'")
      expect(csp).not.toContain('unsafe')
    }
  })

  it('echoes a short plain X-Request-Id on a miss and on a hit, and replaces an unsafe one', async () => {
    const { slug } = await createArticle(ctx, { status: 'published' })
    const url = `/v1/articles/${slug}`
    for (const cache of ['MISS', 'HIT']) {
      const res = await ctx.api.get(url).set('x-request-id', 'frontend-42.a:b')
      expect(res.headers['x-cache']).toBe(cache)
      expect(res.headers['x-request-id']).toBe('frontend-42.a:b')
    }
    for (const unsafe of [
      'x'.repeat(10_000),
      'two words',
      '"quoted"',
      'a'.repeat(65),
      '<script>',
    ]) {
      const res = await ctx.api.get(url).set('x-request-id', unsafe)
      expect(res.headers['x-cache']).toBe('HIT')
      expect(res.headers['x-request-id']).toMatch(UUID)
      const problem = await ctx.api.get('/v1/articles/no-such-story').set('x-request-id', unsafe)
      expect(problem.status).toBe(404)
      expect(problem.headers['x-request-id']).toMatch(UUID)
      expect(JSON.stringify(problem.body)).not.toContain(unsafe)
    }
  })

  it('sets the edge headers on the router’s own errors too', async () => {
    const res = await ctx.api.get('/v1/articles/%E0%A4%A')
    expect(res.status).toBe(400)
    expect(edgeOf(res.headers)).toEqual(EDGE)
  })
})

describe('the edge with a logger', () => {
  let app: App
  const lines: Record<string, unknown>[] = []

  beforeAll(async () => {
    app = await buildApp({
      prisma: ctx.db.prisma,
      requestTimeoutMs: 500,
      logger: { level: 'info', stream: { write: (line: string) => lines.push(JSON.parse(line)) } },
    })
    await app.listen({ port: 0, host: '127.0.0.1' })
  })
  afterAll(async () => {
    await app?.close()
  })

  it('writes one access-log line for a miss and one for a hit', async () => {
    const { slug } = await createArticle(ctx, { status: 'published' })
    const api = supertest(app.server)
    const miss = await api.get(`/v1/articles/${slug}`)
    const hit = await api.get(`/v1/articles/${slug}`)
    expect([miss.headers['x-cache'], hit.headers['x-cache']]).toEqual(['MISS', 'HIT'])
    const logged = (id: string) =>
      lines.filter((l) => l.reqId === id && l.msg === 'request completed')
    await expect.poll(() => logged(hit.headers['x-request-id'] ?? '').length).toBe(1)
    expect(logged(miss.headers['x-request-id'] ?? '')).toHaveLength(1)
    expect(logged(hit.headers['x-request-id'] ?? '')[0]).toMatchObject({
      method: 'GET',
      path: `/v1/articles/${slug}`,
      status: 200,
    })
  })

  /** Sends a POST whose body never completes; resolves with what came back and when the socket closed. */
  async function trickle(authorization: string | null) {
    const { port } = app.server.address() as { port: number }
    const socket = connect(port, '127.0.0.1')
    let answer = ''
    socket.on('data', (chunk) => (answer += String(chunk)))
    const started = Date.now()
    const closed = new Promise<number>((resolve) =>
      socket.on('close', () => resolve(Date.now() - started)),
    )
    const auth = authorization ? `Authorization: ${authorization}\r\n` : ''
    socket.write(
      `POST /v1/articles HTTP/1.1\r\nHost: x\r\n${auth}Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{"head`,
    )
    return { closedAfterMs: await closed, answer }
  }

  it('cuts off a client that does not send its whole body in time (408, connection closed)', async () => {
    const { closedAfterMs, answer } = await trickle(ctx.auth.editor)
    expect(answer).toMatch(/^HTTP\/1\.1 408/)
    expect(closedAfterMs).toBeLessThan(5_000)
  })

  it('closes the connection of a request refused before its body arrived', async () => {
    const { closedAfterMs, answer } = await trickle(null)
    expect(answer).toMatch(/^HTTP\/1\.1 401/)
    expect(answer.toLowerCase()).toContain('connection: close')
    expect(closedAfterMs).toBeLessThan(5_000)
  })
})
