import { randomUUID } from 'node:crypto'
import { gunzipSync } from 'node:zlib'
import supertest from 'supertest'
import { describe, expect, it } from 'vitest'
import { type App, buildApp } from '../../../src/app.js'
import { CHANGES_CHANNEL, FEED_APPLICATION_NAME } from '../../../src/db/change-feed.js'
import { createArticle, createByline } from '../../helpers/factories.js'
import { createSlot } from '../../helpers/slots.js'
import { problem, useTestApp } from '../../helpers/test-app.js'
import { at, HOUR, MINUTE } from '../../helpers/time.js'

const ctx = useTestApp()

const publishedStory = (fields: Record<string, unknown> = {}) =>
  createArticle(ctx, { status: 'published', publishedAt: at(-HOUR), ...fields })

/** Reads `path` twice: the second answer must come from the cache, equal to the first. */
async function cached(path: string, api = ctx.api) {
  const first = await api.get(path)
  expect(first.status, path).toBe(200)
  const second = await api.get(path)
  expect(second.headers['x-cache'], path).toBe('HIT')
  expect(second.body, path).toEqual(first.body)
  expect(second.headers.etag, path).toBe(first.headers.etag)
  return second
}

const patchArticle = (ref: string, fields: Record<string, unknown>) =>
  ctx.api
    .patch(`/v1/articles/${ref}`)
    .set('authorization', ctx.auth.editor)
    .set('if-match', '*')
    .send(fields)

async function editArticle(ref: string, fields: Record<string, unknown>) {
  const current = await ctx.api.get(`/v1/articles/${ref}`).set('authorization', ctx.auth.editor)
  const res = await ctx.api
    .patch(`/v1/articles/${ref}`)
    .set('authorization', ctx.auth.editor)
    .set('if-match', current.headers.etag as string)
    .send(fields)
  expect(res.status).toBe(200)
  return res.body
}

describe('the response cache', () => {
  it('answers a repeated anonymous GET from memory, headers and all', async () => {
    await publishedStory({ slug: 'harbour' })
    const first = await ctx.api.get('/v1/articles/harbour')
    expect(first.headers['x-cache']).toBe('MISS')
    const hit = await cached('/v1/articles/harbour')
    for (const header of ['content-type', 'cache-control', 'surrogate-key', 'cache-tag', 'etag']) {
      expect(hit.headers[header], header).toBe(first.headers[header])
    }
    expect(hit.headers.vary).toMatch(/authorization/)
    expect(hit.headers['x-request-id']).not.toBe(first.headers['x-request-id'])
  })

  it('treats query parameters in any order as the same request', async () => {
    await publishedStory({ section: 'world' })
    await ctx.api.get('/v1/articles?section=world&limit=5')
    const swapped = await ctx.api.get('/v1/articles?limit=5&section=world')
    expect(swapped.headers['x-cache']).toBe('HIT')
  })

  it('answers If-None-Match from the cache with 304', async () => {
    await publishedStory({ slug: 'harbour' })
    const { headers } = await cached('/v1/articles/harbour')
    const revalidated = await ctx.api
      .get('/v1/articles/harbour')
      .set('if-none-match', headers.etag as string)
    expect(revalidated.status).toBe(304)
    expect(revalidated.headers['x-cache']).toBe('HIT')
    expect(revalidated.headers.etag).toBe(headers.etag)
    expect(revalidated.headers['content-type']).toBeUndefined()
    expect(revalidated.headers['x-request-id']).toBeTruthy()
    expect(revalidated.text ?? '').toBe('')
  })

  it('keeps bodies gzip-compressed: gzip clients get them as stored, others decompressed', async () => {
    await publishedStory({ slug: 'harbour', body: 'The harbour reopened on Monday. '.repeat(100) })
    await ctx.api.get('/v1/articles/harbour')
    const identity = await ctx.api.get('/v1/articles/harbour').set('accept-encoding', 'identity')
    expect(identity.headers['x-cache']).toBe('HIT')
    expect(identity.headers['content-encoding']).toBeUndefined()
    expect(Number(identity.headers['content-length'])).toBe(Buffer.byteLength(identity.text))
    const gzip = await ctx.api
      .get('/v1/articles/harbour')
      .set('accept-encoding', 'gzip')
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => done(null, Buffer.concat(chunks)))
      })
    expect(gzip.headers['x-cache']).toBe('HIT')
    expect(gzip.headers['content-encoding']).toBe('gzip')
    expect(gzip.headers.vary).toMatch(/accept-encoding/)
    expect(identity.headers.vary).toBe(gzip.headers.vary)
    for (const header of ['content-type', 'cache-control', 'surrogate-key', 'cache-tag']) {
      expect(gzip.headers[header], header).toBe(identity.headers[header])
    }
    // Each representation has its own ETag, and revalidates with it.
    expect(gzip.headers.etag).toBe(`${String(identity.headers.etag).slice(0, -1)}-gzip"`)
    const revalidated = await ctx.api
      .get('/v1/articles/harbour')
      .set('accept-encoding', 'gzip')
      .set('if-none-match', gzip.headers.etag as string)
    expect([revalidated.status, revalidated.headers.etag, revalidated.headers['x-cache']]).toEqual([
      304,
      gzip.headers.etag,
      'HIT',
    ])
    // The stored gzip bytes' length, not the decoded body's.
    expect(Number(gzip.headers['content-length'])).toBeLessThan(
      Buffer.byteLength(identity.text) / 4,
    )
    // superagent hands over the bytes undecoded when asked to buffer them raw: decode them here.
    const body =
      Buffer.isBuffer(gzip.body) && gzip.body[0] === 0x1f ? gunzipSync(gzip.body) : gzip.body
    expect(JSON.parse(String(body))).toEqual(identity.body)
  })

  it('gives clients without gzip the current body after an edit, not a decompressed copy of the old one', async () => {
    const long = (text: string) => `${text} `.repeat(100)
    await publishedStory({ slug: 'harbour', body: long('The harbour reopened on Monday.') })
    const plain = () => ctx.api.get('/v1/articles/harbour').set('accept-encoding', 'identity')
    await plain()
    const before = await plain()
    expect(before.headers['x-cache']).toBe('HIT')
    expect((await plain()).body).toEqual(before.body)

    await editArticle('harbour', { body: long('The harbour reopened on Tuesday.') })
    await plain()
    const after = await plain()
    expect(after.headers['x-cache']).toBe('HIT')
    expect(after.headers.etag).not.toBe(before.headers.etag)
    expect(after.body.body).toContain('Tuesday')
    expect(after.body.body).not.toContain('Monday')
  })

  it('never serves or stores keyed requests, errors or responses to bad input', async () => {
    await publishedStory({ slug: 'harbour' })
    await cached('/v1/articles/harbour')
    const keyed = await ctx.api.get('/v1/articles/harbour').set('authorization', ctx.auth.editor)
    expect(keyed.headers['x-cache']).toBeUndefined()
    expect(keyed.headers['cache-control']).toBe('private, no-store')
    expect(keyed.body.warnings).toBeDefined()
    for (let i = 0; i < 2; i++) {
      const missing = await ctx.api.get('/v1/articles/no-such-story')
      problem(missing, 404)
      expect(missing.headers['x-cache']).toBeUndefined()
      const invalid = await ctx.api.get('/v1/articles?limit=0')
      problem(invalid, 400)
      expect(invalid.headers['x-cache']).toBeUndefined()
    }
    // A 404 is not remembered: the story is there as soon as it exists.
    await publishedStory({ slug: 'no-such-story' })
    expect((await ctx.api.get('/v1/articles/no-such-story')).status).toBe(200)
  })

  it('keeps one entry per Host; feeds link to PUBLIC_SITE_URL whatever the Host', async () => {
    await publishedStory()
    const a = await ctx.api.get('/v1/feeds/json').set('host', 'a.example')
    const b = await ctx.api.get('/v1/feeds/json').set('host', 'b.example')
    expect([a.headers['x-cache'], b.headers['x-cache']]).toEqual(['MISS', 'MISS'])
    expect(JSON.parse(a.text).feed_url).toBe('http://localhost:3000/v1/feeds/json')
    expect(JSON.parse(b.text).feed_url).toBe('http://localhost:3000/v1/feeds/json')
  })

  it('behind a trusted proxy, keeps one entry per forwarded origin', async () => {
    const app = await buildApp({ prisma: ctx.db.prisma, clock: ctx.clock.now, trustProxy: true })
    try {
      await app.listen({ port: 0, host: '127.0.0.1' })
      const api = supertest(app.server)
      await publishedStory()
      const feedUrl = async (forwarded: Record<string, string>) => {
        const res = await api.get('/v1/feeds/json').set(forwarded)
        return [res.headers['x-cache'], JSON.parse(res.text).feed_url]
      }
      const a = { 'x-forwarded-host': 'a.example', 'x-forwarded-proto': 'https' }
      const b = { 'x-forwarded-host': 'b.example', 'x-forwarded-proto': 'https' }
      const site = 'http://localhost:3000/v1/feeds/json'
      expect(await feedUrl(a)).toEqual(['MISS', site])
      expect(await feedUrl(b)).toEqual(['MISS', site])
      expect(await feedUrl({ ...a, 'x-forwarded-proto': 'http' })).toEqual(['MISS', site])
      expect(await feedUrl(a)).toEqual(['HIT', site])
    } finally {
      await app.close()
    }
  })
})

describe('invalidation after each kind of write', () => {
  it('an article edit shows in the cached article and the cached list; other articles stay cached', async () => {
    await publishedStory({ slug: 'harbour', headline: 'Harbour reopens' })
    await publishedStory({ slug: 'bridge', headline: 'Bridge closes', publishedAt: at(-2 * HOUR) })
    await cached('/v1/articles/harbour')
    await cached('/v1/articles/bridge')
    await cached('/v1/articles')

    await editArticle('harbour', { headline: 'Harbour reopens at last' })

    expect((await ctx.api.get('/v1/articles/harbour')).body.headline).toBe(
      'Harbour reopens at last',
    )
    expect((await ctx.api.get('/v1/articles')).body.items[0].headline).toBe(
      'Harbour reopens at last',
    )
    const other = await ctx.api.get('/v1/articles/bridge')
    expect(other.headers['x-cache']).toBe('HIT')
  })

  it('a byline rename shows in every cached article crediting it and in cached lists', async () => {
    const ana = await createByline(ctx, { name: 'Ana Ruiz' })
    await publishedStory({ slug: 'harbour', bylines: [{ byline: ana.id, role: 'author' }] })
    await cached('/v1/articles/harbour')
    await cached('/v1/articles')
    await cached(`/v1/articles?byline=${ana.slug}`)
    await cached('/v1/feeds/json')

    const renamed = await ctx.api
      .patch(`/v1/bylines/${ana.id}`)
      .set('authorization', ctx.auth.editor)
      .send({ name: 'Ana Ruiz-Ortega' })
    expect(renamed.status).toBe(200)

    expect((await ctx.api.get('/v1/articles/harbour')).body.bylines[0].name).toBe('Ana Ruiz-Ortega')
    expect((await ctx.api.get('/v1/articles')).body.items[0].bylineText).toBe('By Ana Ruiz-Ortega')
    expect(
      (await ctx.api.get(`/v1/articles?byline=${ana.slug}`)).body.items[0].bylines[0].name,
    ).toBe('Ana Ruiz-Ortega')
    expect(JSON.parse((await ctx.api.get('/v1/feeds/json')).text).items[0].authors[0].name).toBe(
      'Ana Ruiz-Ortega',
    )
  })

  it('a byline slug change reaches a cached list filtered by the new slug', async () => {
    const ana = await createByline(ctx, { name: 'Ana Ruiz', slug: 'ana' })
    await publishedStory({ bylines: [{ byline: ana.id, role: 'author' }] })
    expect((await cached('/v1/articles?byline=ana-ruiz')).body.items).toHaveLength(0)
    await ctx.api
      .patch(`/v1/bylines/${ana.id}`)
      .set('authorization', ctx.auth.editor)
      .send({ slug: 'ana-ruiz' })
    expect((await ctx.api.get('/v1/articles?byline=ana-ruiz')).body.items).toHaveLength(1)
    expect((await ctx.api.get('/v1/articles?byline=ana')).body.items).toHaveLength(0)
  })

  it('a slot change shows in cached recommendations', async () => {
    await createSlot(ctx, { key: 'more', label: 'More', fill: 'automatic' })
    await publishedStory({ slug: 'harbour', tags: ['ports'] })
    await publishedStory({ slug: 'docks', tags: ['ports'], publishedAt: at(-2 * HOUR) })
    await cached('/v1/articles/harbour/recommendations')
    const relabelled = await ctx.api
      .patch('/v1/slots/more')
      .set('authorization', ctx.auth.admin)
      .send({ label: 'Read next' })
    expect(relabelled.status).toBe(200)
    expect((await ctx.api.get('/v1/articles/harbour/recommendations')).body.slots[0].label).toBe(
      'Read next',
    )
  })

  it('a new story shows in cached recommendations of others', async () => {
    await createSlot(ctx, { key: 'more', label: 'More', fill: 'automatic' })
    await publishedStory({ slug: 'harbour', tags: ['ports'] })
    expect((await cached('/v1/articles/harbour/recommendations')).body.slots[0].items).toHaveLength(
      0,
    )
    await publishedStory({ slug: 'docks', tags: ['ports'] })
    const items = (await ctx.api.get('/v1/articles/harbour/recommendations')).body.slots[0].items
    expect(items.map((i: { slug: string }) => i.slug)).toEqual(['docks'])
  })

  it('publishing shows the story in a cached list; unpublishing hides it', async () => {
    await publishedStory({ slug: 'bridge' })
    const draft = await createArticle(ctx, { slug: 'harbour', creditLine: 'Desk' })
    await cached('/v1/articles')
    const published = await ctx.api
      .post('/v1/articles/harbour/publish')
      .set('authorization', ctx.auth.editor)
    expect(published.status).toBe(200)
    expect(
      (await ctx.api.get('/v1/articles')).body.items.map((a: { id: string }) => a.id),
    ).toContain(draft.id)
    await cached('/v1/articles/harbour')
    const unpublished = await ctx.api
      .post('/v1/articles/harbour/unpublish')
      .set('authorization', ctx.auth.editor)
    expect(unpublished.status).toBe(200)
    problem(await ctx.api.get('/v1/articles/harbour'), 404)
  })

  it('trashing removes the story from the cached article, list and feed', async () => {
    const story = await publishedStory({ slug: 'harbour' })
    await cached('/v1/articles/harbour')
    await cached('/v1/articles')
    await cached('/v1/feeds/json')
    const trashed = await ctx.api
      .delete('/v1/articles/harbour')
      .set('authorization', ctx.auth.editor)
      .set('if-match', `"${story.version}"`)
    expect(trashed.status).toBe(204)
    problem(await ctx.api.get('/v1/articles/harbour'), 404)
    expect((await ctx.api.get('/v1/articles')).body.items).toHaveLength(0)
    expect(JSON.parse((await ctx.api.get('/v1/feeds/json')).text).items).toHaveLength(0)
  })

  it('a rejected write invalidates nothing', async () => {
    await publishedStory({ slug: 'harbour' })
    await cached('/v1/articles/harbour')
    const stale = await patchArticle('harbour', { headline: 'x' })
    expect(stale.status).toBe(428)
    const conflict = await ctx.api
      .patch('/v1/articles/harbour')
      .set('authorization', ctx.auth.editor)
      .set('if-match', '"99"')
      .send({ headline: 'Changed' })
    problem(conflict, 412)
    expect((await ctx.api.get('/v1/articles/harbour')).headers['x-cache']).toBe('HIT')
  })
})

describe('scheduled stories', () => {
  it('appear in a cached list at their publication time, with no write in between', async () => {
    await publishedStory({ slug: 'bridge' })
    // Sooner than entries expire anyway (5 minutes): the publication time itself must end the entry.
    await createArticle(ctx, { slug: 'harbour', status: 'published', publishedAt: at(3 * MINUTE) })
    expect((await cached('/v1/articles')).body.items).toHaveLength(1)

    ctx.clock.advance(2 * MINUTE)
    expect((await ctx.api.get('/v1/articles')).headers['x-cache']).toBe('HIT')

    ctx.clock.advance(MINUTE)
    const list = await ctx.api.get('/v1/articles')
    expect(list.body.items.map((a: { slug: string }) => a.slug)).toEqual(['harbour', 'bridge'])
    expect((await ctx.api.get('/v1/articles/harbour')).status).toBe(200)
  })
})

describe('with RESPONSE_CACHE off', () => {
  it('every request is built afresh', async () => {
    const app = await buildApp({
      prisma: ctx.db.prisma,
      clock: ctx.clock.now,
      responseCacheBytes: 0,
    })
    try {
      await app.listen({ port: 0, host: '127.0.0.1' })
      await publishedStory({ slug: 'harbour' })
      const api = supertest(app.server)
      for (let i = 0; i < 2; i++) {
        const res = await api.get('/v1/articles/harbour')
        expect(res.status).toBe(200)
        expect(res.headers['x-cache']).toBeUndefined()
      }
      expect(app.responseCache).toBeNull()
    } finally {
      await app.close()
    }
  })
})

describe('two instances on one database', () => {
  async function instance(): Promise<{ app: App; api: ReturnType<typeof supertest> }> {
    const app = await buildApp({
      prisma: ctx.db.prisma,
      clock: ctx.clock.now,
      databaseUrl: ctx.db.url ?? undefined,
    })
    await app.listen({ port: 0, host: '127.0.0.1' })
    return { app, api: supertest(app.server) }
  }

  /** Polls until `check` passes; returns the milliseconds it took. */
  async function within(ms: number, check: () => Promise<boolean>) {
    const started = Date.now()
    while (!(await check())) {
      if (Date.now() - started > ms) throw new Error(`not within ${ms} ms`)
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    return Date.now() - started
  }

  /**
   * Waits until `app` has heard every change announced so far: the test's own writes are
   * announced to the other instances asynchronously, and one heard after a response was stored
   * drops it again. PostgreSQL delivers notifications in commit order, so once a marker sent now
   * arrives, every earlier one has.
   */
  async function caughtUp(app: App) {
    const marker = `marker:${randomUUID()}`
    const heard = new Promise<void>((resolve) =>
      app.changes.subscribe((tags) => tags.includes(marker) && resolve()),
    )
    await ctx.db.prisma
      .$executeRaw`SELECT pg_notify(${CHANGES_CHANNEL}, ${JSON.stringify({ origin: 'test', tags: [marker] })})`
    await heard
  }

  it('invalidate each other through LISTEN/NOTIFY within a second', async (test) => {
    if (!ctx.db.url) test.skip() // PGlite is one process: there is no other instance to tell
    const [a, b] = [await instance(), await instance()]
    try {
      const ana = await createByline(ctx, { name: 'Ana Ruiz' })
      await publishedStory({ slug: 'harbour', bylines: [{ byline: ana.id, role: 'author' }] })
      await caughtUp(b.app)
      await cached('/v1/articles/harbour', b.api)
      await cached('/v1/articles', b.api)

      // The write goes through instance a (the shared test app would do as well).
      const current = await a.api.get('/v1/articles/harbour').set('authorization', ctx.auth.editor)
      const edit = await a.api
        .patch('/v1/articles/harbour')
        .set('authorization', ctx.auth.editor)
        .set('if-match', current.headers.etag as string)
        .send({ headline: 'Seen everywhere' })
      expect(edit.status).toBe(200)
      await within(
        1_000,
        async () => (await b.api.get('/v1/articles/harbour')).body.headline === 'Seen everywhere',
      )
      await within(
        1_000,
        async () => (await b.api.get('/v1/articles')).body.items[0].headline === 'Seen everywhere',
      )

      await cached('/v1/articles/harbour', b.api)
      await a.api
        .patch(`/v1/bylines/${ana.id}`)
        .set('authorization', ctx.auth.editor)
        .send({ name: 'Ana R.' })
      await within(
        1_000,
        async () => (await b.api.get('/v1/articles/harbour')).body.bylines[0].name === 'Ana R.',
      )
    } finally {
      await a.app.close()
      await b.app.close()
    }
  })

  it('stop using the cache while the LISTEN connection is down, and recover', async (test) => {
    if (!ctx.db.url) test.skip()
    const b = await instance()
    try {
      await publishedStory({ slug: 'harbour' })
      await caughtUp(b.app)
      await cached('/v1/articles/harbour', b.api)
      // Ends every LISTEN session on this database, as a server restart or a network cut would.
      await ctx.db.prisma.$executeRawUnsafe(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = '${FEED_APPLICATION_NAME}'`,
      )
      await within(1_000, async () => !b.app.changes.connected)
      expect(b.app.responseCache?.store.size).toBe(0)
      const uncached = await b.api.get('/v1/articles/harbour')
      expect(uncached.status).toBe(200)
      expect(uncached.headers['x-cache']).toBeUndefined()
      await within(5_000, async () => b.app.changes.connected)
      await cached('/v1/articles/harbour', b.api)
    } finally {
      await b.app.close()
    }
  })
})
