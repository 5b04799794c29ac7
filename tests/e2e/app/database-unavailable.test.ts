// A database that cannot be reached is a 503 to retry, not a 500: every route answers a
// problem+json with Retry-After, and the outage is logged once, not once per request.
import { Writable } from 'node:stream'
import supertest from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type App, buildApp } from '../../../src/app.js'
import { type Database, openDatabase } from '../../../src/db/client.js'
import { problem } from '../../helpers/test-app.js'

describe('when the PostgreSQL server refuses connections', () => {
  let app: App
  let db: Database
  const logs: { level: number; msg: string; err?: { message: string } }[] = []

  beforeAll(async () => {
    // Port 1: nothing listens there, so every connection is refused at once.
    db = await openDatabase(
      { kind: 'postgres', url: 'postgresql://postgres@127.0.0.1:1/none', poolSize: 2 },
      { timeouts: { connectMs: 500, retryAfterSeconds: 7 } },
    )
    const stream = new Writable({
      write(chunk, _, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) logs.push(JSON.parse(line))
        done()
      },
    })
    app = await buildApp({ prisma: db.prisma, logger: { level: 'debug', stream } })
    await app.ready()
  })

  afterAll(async () => {
    await app?.close()
    await db?.close()
  })

  it.each([
    ['an anonymous read', (api: ReturnType<typeof supertest>) => api.get('/v1/articles')],
    [
      'a keyed read',
      (api: ReturnType<typeof supertest>) =>
        api.get('/v1/articles').set('authorization', 'Bearer ncms_x'),
    ],
    [
      'a write',
      (api: ReturnType<typeof supertest>) =>
        api.post('/v1/articles').set('authorization', 'Bearer ncms_x').send({ headline: 'x' }),
    ],
    ['a feed', (api: ReturnType<typeof supertest>) => api.get('/v1/feeds/rss')],
  ])('%s is a 503 service-unavailable problem with Retry-After', async (_, send) => {
    const res = await send(supertest(app.server))
    const p = problem(res, 503)
    expect(p.type).toBe('urn:newsroom-cms:problem:service-unavailable')
    expect(p.title).toBe('Service unavailable')
    expect(p.detail).toMatch(/database/)
    expect(p.detail).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|P1001/)
    expect(res.headers['retry-after']).toBe('7')
  })

  it('logs the outage once at error level, the other failed requests at debug only', () => {
    const errors = logs.filter((l) => l.level >= 50)
    expect(errors).toHaveLength(1)
    expect(errors[0]!.msg).toMatch(/database unavailable/)
    expect(
      logs.filter((l) => l.level === 20 && l.msg === 'database unavailable').length,
    ).toBeGreaterThanOrEqual(3)
    expect(logs.some((l) => l.msg === 'unhandled error')).toBe(false)
  })

  it('/readyz is 503 {status: "unavailable"}, /healthz stays 200 and does not end the outage', async () => {
    const api = supertest(app.server)
    expect((await api.get('/readyz')).status).toBe(503)
    expect((await api.get('/healthz')).status).toBe(200)
    expect(logs.some((l) => l.msg === 'database available again')).toBe(false)
  })
})
