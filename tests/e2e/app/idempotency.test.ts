// Idempotency-Key on creates (the IETF httpapi draft): a retry answers the stored response
// instead of creating again; another body with the same key is a 422, a key in flight a 409.
import { beforeEach, describe, expect, it } from 'vitest'
import { buildApp } from '../../../src/app.js'
import { IDEMPOTENCY_TTL_MS, IN_FLIGHT_TIMEOUT_MS } from '../../../src/plugins/idempotency.js'
import { useTestApp } from '../../helpers/test-app.js'

const ctx = useTestApp()
let counter = 0
const newKey = () => `test-key ${Date.now()}-${++counter}`

const postArticle = (key: string | undefined, body: object, auth = ctx.auth.editor) => {
  const req = ctx.api.post('/v1/articles').set('authorization', auth)
  if (key !== undefined) req.set('idempotency-key', key)
  return req.send(body)
}
const postByline = (key: string, body: object, auth = ctx.auth.editor) =>
  ctx.api.post('/v1/bylines').set('authorization', auth).set('idempotency-key', key).send(body)

const storedRows = async () =>
  ctx.db.prisma.$queryRaw<
    { key: string; status: number | null; expiresAt: Date }[]
  >`SELECT key, status, "expiresAt" FROM "IdempotencyKey"`

describe('Idempotency-Key', () => {
  beforeEach(async () => {
    await ctx.db.prisma.$executeRaw`DELETE FROM "IdempotencyKey"`
  })

  it('answers a retry of an article create with the stored response, without creating again', async () => {
    const key = newKey()
    const first = await postArticle(key, { headline: 'Storm closes harbour', tags: ['Weather'] })
    expect(first.status).toBe(201)
    expect(first.headers['idempotency-replayed']).toBeUndefined()
    const before = await ctx.snapshot()
    // The same body with its keys in another order is the same request.
    const retry = await postArticle(key, { tags: ['Weather'], headline: 'Storm closes harbour' })
    expect(retry.status).toBe(201)
    expect(retry.headers['idempotency-replayed']).toBe('true')
    expect(retry.headers.etag).toBe(first.headers.etag)
    expect(retry.headers['content-type']).toBe(first.headers['content-type'])
    expect(retry.body).toEqual(first.body)
    expect(await ctx.snapshot()).toEqual(before)
    expect(await ctx.db.prisma.article.count()).toBe(1)
  })

  it('does the same for bylines', async () => {
    const key = newKey()
    const first = await postByline(key, { name: 'Ana Ruiz' })
    const retry = await postByline(key, { name: 'Ana Ruiz' })
    expect([first.status, retry.status]).toEqual([201, 201])
    expect(retry.body).toEqual(first.body)
    expect(retry.headers.etag).toBe(first.headers.etag)
    expect(await ctx.db.prisma.byline.count()).toBe(1)
  })

  it('does the same for slots (admin keys)', async () => {
    const key = newKey()
    const post = () =>
      ctx.api
        .post('/v1/slots')
        .set('authorization', ctx.auth.admin)
        .set('idempotency-key', key)
        .send({ key: 'you-may-also-like', label: 'You may also like', capacity: 4 })
    const first = await post()
    const retry = await post()
    expect([first.status, retry.status]).toEqual([201, 201])
    expect(retry.headers['idempotency-replayed']).toBe('true')
    expect(retry.body).toEqual(first.body)
    expect(retry.headers.etag).toBe(first.headers.etag)
    expect(await ctx.db.prisma.recommendationSlot.count()).toBe(1)
  })

  it('refuses the same key with another body, or on another endpoint, with 422', async () => {
    const key = newKey()
    expect((await postArticle(key, { headline: 'One' })).status).toBe(201)
    const other = await postArticle(key, { headline: 'Two' })
    expect(other.status).toBe(422)
    expect(other.headers['content-type']).toMatch(/^application\/problem\+json/)
    expect(other.body).toMatchObject({
      type: 'urn:newsroom-cms:problem:idempotency-key-reused',
      status: 422,
    })
    expect((await postByline(key, { name: 'One' })).status).toBe(422)
    expect(await ctx.db.prisma.article.count()).toBe(1)
    expect(await ctx.db.prisma.byline.count()).toBe(0)
  })

  it('keeps keys apart per API key, and leaves requests without one alone', async () => {
    const key = newKey()
    expect((await postArticle(key, { headline: 'Mine' })).status).toBe(201)
    const admins = await postArticle(key, { headline: 'Mine' }, ctx.auth.admin)
    expect(admins.status).toBe(201)
    expect(admins.headers['idempotency-replayed']).toBeUndefined()
    expect((await postArticle(undefined, { headline: 'Mine' })).status).toBe(201)
    expect((await postArticle(undefined, { headline: 'Mine' })).status).toBe(201)
    expect(await ctx.db.prisma.article.count()).toBe(4)
  })

  it('answers 409 while a request with the key is in flight, and takes over one abandoned', async () => {
    const key = newKey()
    expect((await postArticle(key, { headline: 'Busy' })).status).toBe(201)
    await ctx.db.prisma.article.deleteMany()
    // What a request in progress (or one whose process died) leaves: a row without a response.
    await ctx.db.prisma
      .$executeRaw`UPDATE "IdempotencyKey" SET status = NULL, headers = NULL, body = NULL WHERE key = ${key}`
    const busy = await postArticle(key, { headline: 'Busy' })
    expect(busy.status).toBe(409)
    expect(busy.body).toMatchObject({
      type: 'urn:newsroom-cms:problem:idempotency-key-in-flight',
      status: 409,
    })
    expect(await ctx.db.prisma.article.count()).toBe(0)
    ctx.clock.advance(IN_FLIGHT_TIMEOUT_MS + 1)
    expect((await postArticle(key, { headline: 'Busy' })).status).toBe(201)
    expect((await postArticle(key, { headline: 'Busy' })).headers['idempotency-replayed']).toBe(
      'true',
    )
  })

  it('answers 409 to a concurrent duplicate, and creates once', async () => {
    const key = newKey()
    const results = await Promise.all([1, 2, 3].map(() => postArticle(key, { headline: 'Race' })))
    const statuses = results.map((r) => r.status).sort()
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(1)
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true)
    expect(await ctx.db.prisma.article.count()).toBe(1)
  })

  it('releases the key when the create fails, so that a retry tries again', async () => {
    await postByline(newKey(), { name: 'Taken', slug: 'taken' })
    const key = newKey()
    const conflict = await postByline(key, { name: 'Second', slug: 'taken' })
    expect(conflict.status).toBe(409)
    expect((await storedRows()).map((r) => r.key)).not.toContain(key)
    await ctx.db.prisma.byline.deleteMany({ where: { slug: 'taken' } })
    ctx.changedBehindTheApp()
    const retry = await postByline(key, { name: 'Second', slug: 'taken' })
    expect(retry.status).toBe(201)
    expect(retry.headers['idempotency-replayed']).toBeUndefined()
  })

  it('answers the retry of a create whose response was lost after the commit from the stored response', async () => {
    // The response is lost after the create committed (here: sending it fails once).
    const app = await buildApp({ prisma: ctx.db.prisma, clock: ctx.clock.now })
    let lose = true
    app.addHook('onSend', async (_request, reply, payload) => {
      if (lose && reply.statusCode === 201) {
        lose = false
        throw new Error('connection lost')
      }
      return payload
    })
    try {
      const key = newKey()
      const send = () =>
        app.inject({
          method: 'POST',
          url: '/v1/articles',
          headers: { authorization: ctx.auth.editor, 'idempotency-key': key },
          payload: { headline: 'Once' },
        })
      expect((await send()).statusCode).toBe(500)
      const retry = await send()
      expect(retry.statusCode).toBe(201)
      expect(retry.headers['idempotency-replayed']).toBe('true')
      expect(retry.json()).toMatchObject({ headline: 'Once', version: 1 })
      expect(await ctx.db.prisma.article.count()).toBe(1)
    } finally {
      await app.close()
    }
  })

  it('forgets keys after 24 hours, and deletes the expired ones', async () => {
    const key = newKey()
    expect((await postArticle(key, { headline: 'Day one' })).status).toBe(201)
    expect((await storedRows()).map((r) => r.status)).toEqual([201])
    ctx.clock.advance(IDEMPOTENCY_TTL_MS + 1)
    const later = await postArticle(key, { headline: 'Day two' })
    expect(later.status).toBe(201)
    expect(later.headers['idempotency-replayed']).toBeUndefined()
    await postArticle(newKey(), { headline: 'Another' })
    // The purge runs in the background: wait for it.
    for (let i = 0; i < 50 && (await storedRows()).some((r) => r.expiresAt <= ctx.clock.now()); i++)
      await new Promise((r) => setTimeout(r, 20))
    expect((await storedRows()).every((r) => r.expiresAt > ctx.clock.now())).toBe(true)
  })

  it('refuses keys that are empty, too long or not printable ASCII with 400', async () => {
    for (const key of ['', 'x'.repeat(256), 'tab\there', 'caf\u00e9']) {
      const res = await ctx.api
        .post('/v1/bylines')
        .set('authorization', ctx.auth.editor)
        .set('idempotency-key', Buffer.from(key, 'latin1').toString('latin1'))
        .send({ name: 'Nobody' })
      expect(res.status, JSON.stringify(key)).toBe(400)
      expect(res.body.errors).toEqual([
        expect.objectContaining({ path: 'headers.idempotency-key' }),
      ])
    }
    expect((await postByline('x'.repeat(255), { name: 'Longest key' })).status).toBe(201)
    expect((await postByline(' ~!', { name: 'Short key' })).status).toBe(201)
    expect(await ctx.db.prisma.byline.count()).toBe(2)
  })

  it('is documented on the creates in the OpenAPI', async () => {
    const doc = ctx.app.swagger() as {
      paths: Record<string, Record<string, { parameters?: { in: string; name: string }[] }>>
    }
    for (const path of ['/v1/articles', '/v1/bylines', '/v1/slots']) {
      expect(doc.paths[path]?.post?.parameters).toContainEqual(
        expect.objectContaining({ in: 'header', name: 'idempotency-key' }),
      )
    }
  })
})
