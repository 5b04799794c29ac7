// CORS for browser frontends: anonymous reads from any origin when `*` is listed, keyed requests
// only from listed origins, preflights cached, and cache hits with the same CORS headers as misses.
import supertest from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type App, buildApp } from '../../../src/app.js'
import { allowedOrigin } from '../../../src/plugins/cors.js'
import { createArticle } from '../../helpers/factories.js'
import { useTestApp } from '../../helpers/test-app.js'

const ctx = useTestApp()
const DESK = 'https://desk.example'
const READER = 'https://news.example'

describe('allowedOrigin', () => {
  const both = { origins: ['*', DESK] }
  it('echoes a listed origin, keys and all; lets any other read anonymously when * is listed', () => {
    expect(allowedOrigin(DESK, true, both)).toBe(DESK)
    expect(allowedOrigin(READER, false, both)).toBe('*')
    expect(allowedOrigin(READER, true, both)).toBe(false)
    expect(allowedOrigin(undefined, false, both)).toBe(false)
    expect(allowedOrigin(READER, false, { origins: [DESK] })).toBe(false)
  })
})

describe('CORS', () => {
  let app: App
  let api: ReturnType<typeof supertest>

  beforeAll(async () => {
    app = await buildApp({
      prisma: ctx.db.prisma,
      clock: ctx.clock.now,
      cors: { origins: ['*', DESK] },
    })
    await app.listen({ port: 0, host: '127.0.0.1' })
    api = supertest(app.server)
  })
  afterAll(async () => {
    await app?.close()
  })

  const corsOf = (headers: Record<string, string>) =>
    Object.fromEntries(
      Object.entries(headers).filter(([name]) => name.startsWith('access-control-')),
    )

  it('gives a cache miss, a hit and a 304 exactly the same CORS headers', async () => {
    const { slug } = await createArticle(ctx, { status: 'published' })
    for (const origin of [READER, DESK]) {
      app.responseCache?.invalidate(['*'])
      const miss = await api.get(`/v1/articles/${slug}`).set('origin', origin)
      const hit = await api.get(`/v1/articles/${slug}`).set('origin', origin)
      const notModified = await api
        .get(`/v1/articles/${slug}`)
        .set('origin', origin)
        .set('if-none-match', String(hit.headers.etag))
      expect([miss.headers['x-cache'], hit.headers['x-cache'], notModified.status]).toEqual([
        'MISS',
        'HIT',
        304,
      ])
      expect(corsOf(miss.headers)['access-control-allow-origin']).toBe(origin === DESK ? DESK : '*')
      expect(corsOf(miss.headers)['access-control-expose-headers']).toMatch(/ETag/)
      expect(corsOf(hit.headers)).toEqual(corsOf(miss.headers))
      expect(corsOf(notModified.headers)).toEqual(corsOf(miss.headers))
      expect(String(hit.headers.vary)).toMatch(/origin/i)
    }
  })

  it('answers keyed requests only for listed origins', async () => {
    const fromDesk = await api
      .get('/v1/keys')
      .set('origin', DESK)
      .set('authorization', ctx.auth.admin)
    expect(fromDesk.status).toBe(200)
    expect(fromDesk.headers['access-control-allow-origin']).toBe(DESK)
    const fromElsewhere = await api
      .get('/v1/keys')
      .set('origin', READER)
      .set('authorization', ctx.auth.admin)
    expect(fromElsewhere.headers['access-control-allow-origin']).toBeUndefined()
  })

  it('answers preflights with the methods, headers and a max-age, refusing keys from elsewhere', async () => {
    const preflight = (origin: string) =>
      api
        .options('/v1/articles')
        .set('origin', origin)
        .set('access-control-request-method', 'POST')
        .set('access-control-request-headers', 'authorization, content-type, idempotency-key')
    const allowed = await preflight(DESK)
    expect(allowed.status).toBe(204)
    expect(allowed.headers['access-control-allow-origin']).toBe(DESK)
    expect(allowed.headers['access-control-allow-methods']).toMatch(/POST/)
    expect(allowed.headers['access-control-allow-headers']).toMatch(/Idempotency-Key/)
    expect(allowed.headers['access-control-max-age']).toBe('600')
    const refused = await preflight(READER)
    expect(refused.headers['access-control-allow-origin']).toBeUndefined()
  })

  it('sends no CORS headers when CORS_ORIGINS is not set', async () => {
    const res = await ctx.api.get('/v1/articles').set('origin', READER)
    expect(corsOf(res.headers)).toEqual({})
  })
})
