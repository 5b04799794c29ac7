import supertest from 'supertest'
import { describe, expect, it } from 'vitest'
import { buildApp } from '../../../src/app.js'
import { createArticle, createByline } from '../../helpers/factories.js'
import { createSlot, setItems } from '../../helpers/slots.js'
import { problem, useTestApp } from '../../helpers/test-app.js'

const ctx = useTestApp()

const NOW = Date.parse('2026-06-01T12:00:00.000Z')
const HOUR = 3_600_000
const at = (hours: number) => new Date(NOW + hours * HOUR).toISOString()

const PUBLIC = 'public, max-age=10, s-maxage=60, stale-while-revalidate=300'
const STRONG_HASH_ETAG = /^"[A-Za-z0-9_-]{20,}"$/

/** Reads a body as bytes, whatever its media type (superagent has already undone gzip or br). */
type Parser = Parameters<ReturnType<ReturnType<typeof supertest>['get']>['parse']>[0]
const rawBody: Extract<Parser, (res: never, done: never) => void> = (res, done) => {
  const chunks: Buffer[] = []
  res.on('data', (chunk: Buffer) => chunks.push(chunk))
  res.on('end', () => done(null, Buffer.concat(chunks)))
}

const keysOf = (header: unknown) =>
  String(header ?? '')
    .split(' ')
    .filter(Boolean)

async function publishedStory(fields: Record<string, unknown> = {}) {
  return createArticle(ctx, { status: 'published', publishedAt: at(-1), ...fields })
}

describe('public GET responses', () => {
  it('carry CDN-friendly Cache-Control, Vary: authorization and a strong ETag of the body', async () => {
    await publishedStory({ slug: 'harbour' })
    const res = await ctx.api.get('/v1/articles/harbour')
    expect(res.status).toBe(200)
    expect(res.headers['cache-control']).toBe(PUBLIC)
    expect(res.headers.vary).toMatch(/authorization/i)
    expect(res.headers.etag).toMatch(STRONG_HASH_ETAG)
    // The same representation gives the same ETag, by slug and by id alike.
    expect((await ctx.api.get(`/v1/articles/${res.body.id}`)).headers.etag).toBe(res.headers.etag)
  })

  it('answer If-None-Match with the current ETag with 304, no body and the same caching headers', async () => {
    await publishedStory({ slug: 'harbour' })
    const first = await ctx.api.get('/v1/articles/harbour')
    const again = await ctx.api
      .get('/v1/articles/harbour')
      .set('if-none-match', first.headers.etag as string)
    expect(again.status).toBe(304)
    expect(again.text ?? '').toBe('')
    expect(again.headers.etag).toBe(first.headers.etag)
    expect(again.headers['cache-control']).toBe(PUBLIC)
    expect(again.headers['surrogate-key']).toBe(first.headers['surrogate-key'])
    // A list of ETags, or a weak form of it, matches too; another one does not.
    const listed = await ctx.api
      .get('/v1/articles/harbour')
      .set('if-none-match', `"other", W/${first.headers.etag}`)
    expect(listed.status).toBe(304)
    const other = await ctx.api.get('/v1/articles/harbour').set('if-none-match', '"1"')
    expect(other.status).toBe(200)
    expect(other.body.slug).toBe('harbour')
  })

  it('change the ETag of an article when a credited byline is renamed, though the article version does not change', async () => {
    const ana = await createByline(ctx, { name: 'Ana Ruiz' })
    const story = await publishedStory({
      slug: 'harbour',
      bylines: [{ byline: ana.id, role: 'author' }],
    })
    const before = await ctx.api.get('/v1/articles/harbour')
    const renamed = await ctx.api
      .patch(`/v1/bylines/${ana.id}`)
      .set('authorization', ctx.auth.editor)
      .send({ name: 'Ana Ruiz-Ortega' })
    expect(renamed.status).toBe(200)
    const after = await ctx.api
      .get('/v1/articles/harbour')
      .set('if-none-match', before.headers.etag as string)
    expect(after.status).toBe(200)
    expect(after.body.version).toBe(story.version)
    expect(after.body.bylines[0].name).toBe('Ana Ruiz-Ortega')
    expect(after.headers.etag).toMatch(STRONG_HASH_ETAG)
    expect(after.headers.etag).not.toBe(before.headers.etag)
  })

  it('apply to lists, bylines, recommendations, feeds and ninjs too', async () => {
    const ana = await createByline(ctx, { name: 'Ana Ruiz' })
    await publishedStory({ slug: 'harbour' })
    await createSlot(ctx, { key: 'more', fill: 'automatic' })
    for (const path of [
      '/v1/articles',
      '/v1/bylines',
      `/v1/bylines/${ana.slug}`,
      '/v1/articles/harbour/recommendations',
      '/v1/articles/harbour/ninjs',
      '/v1/feeds/rss',
    ]) {
      // A fixed Host: feeds link to themselves, and supertest listens on a new port for every request.
      const res = await ctx.api.get(path).set('host', 'api.example').buffer(true).parse(rawBody)
      expect(res.status, path).toBe(200)
      expect(res.headers['cache-control'], path).toBe(PUBLIC)
      expect(res.headers.etag, path).toMatch(STRONG_HASH_ETAG)
      const again = await ctx.api
        .get(path)
        .set('host', 'api.example')
        .set('if-none-match', res.headers.etag as string)
      expect(again.status, path).toBe(304)
    }
  })

  it('answer HEAD like GET, with the same ETag', async () => {
    await publishedStory({ slug: 'harbour' })
    // Uncompressed both: @fastify/compress does not encode HEAD answers, whose ETag then lacks -gzip.
    const get = await ctx.api.get('/v1/articles/harbour').set('accept-encoding', 'identity')
    const head = await ctx.api.head('/v1/articles/harbour').set('accept-encoding', 'identity')
    expect(head.status).toBe(200)
    expect(head.headers.etag).toBe(get.headers.etag)
    expect(head.headers['cache-control']).toBe(PUBLIC)
  })
})

describe('keyed requests', () => {
  it('are private, no-store, and keep the version ETag editors send as If-Match', async () => {
    const story = await publishedStory({ slug: 'harbour' })
    for (const path of [
      '/v1/articles/harbour',
      '/v1/articles',
      '/v1/articles/harbour/recommendations',
    ]) {
      const res = await ctx.api.get(path).set('authorization', ctx.auth.editor)
      expect(res.status, path).toBe(200)
      expect(res.headers['cache-control'], path).toBe('private, no-store')
      expect(res.headers['surrogate-key'], path).toBeUndefined()
    }
    const keyed = await ctx.api.get('/v1/articles/harbour').set('authorization', ctx.auth.editor)
    expect(keyed.headers.etag).toBe(`"${story.version}"`)
    // No 304 for keyed reads: the version does not see byline renames.
    const again = await ctx.api
      .get('/v1/articles/harbour')
      .set('authorization', ctx.auth.editor)
      .set('if-none-match', '"1"')
    expect(again.status).toBe(200)
    const patched = await ctx.api
      .patch('/v1/articles/harbour')
      .set('authorization', ctx.auth.editor)
      .set('if-match', keyed.headers.etag as string)
      .send({ dek: 'A dek.' })
    expect(patched.status).toBe(200)
    expect(patched.headers.etag).toBe(`"${story.version + 1}"`)
  })
})

describe('errors and redirects', () => {
  it('are never publicly cacheable', async () => {
    const unknown = await ctx.api.get('/v1/articles/no-such-story')
    problem(unknown, 404)
    expect(unknown.headers['cache-control']).toBe('no-store')
    expect(unknown.headers['surrogate-key']).toBeUndefined()
    const invalid = await ctx.api.get('/v1/articles?limit=1000')
    problem(invalid, 400)
    expect(invalid.headers['cache-control']).toBe('no-store')
    const noRoute = await ctx.api.get('/v1/nowhere')
    problem(noRoute, 404)
    expect(String(noRoute.headers['cache-control'] ?? '')).not.toMatch(/public/)
    const badKey = await ctx.api.get('/v1/articles').set('authorization', 'Bearer ncms_nope')
    problem(badKey, 401)
    expect(String(badKey.headers['cache-control'] ?? '')).not.toMatch(/public/)
  })
})

describe('surrogate keys', () => {
  it('name an article and every byline it credits', async () => {
    const ana = await createByline(ctx, { name: 'Ana Ruiz' })
    const li = await createByline(ctx, { name: 'Li Wei' })
    const story = await publishedStory({
      slug: 'harbour',
      bylines: [
        { byline: ana.id, role: 'author' },
        { byline: li.id, role: 'photographer' },
      ],
    })
    const res = await ctx.api.get('/v1/articles/harbour')
    expect(keysOf(res.headers['surrogate-key']).sort()).toEqual(
      [`article:${story.id}`, `byline:${ana.id}`, `byline:${li.id}`].sort(),
    )
    expect(String(res.headers['cache-tag']).split(',').sort()).toEqual(
      keysOf(res.headers['surrogate-key']).sort(),
    )
  })

  it('name a filtered list, its scopes and every item, percent-encoding the values', async () => {
    const ana = await createByline(ctx, { name: 'Ana Ruiz' })
    const credit = { bylines: [{ byline: ana.id, role: 'author' }] }
    const a = await publishedStory({
      slug: 'one',
      section: 'world',
      tags: ['deep water'],
      ...credit,
    })
    const b = await publishedStory({
      slug: 'two',
      section: 'world',
      tags: ['deep water'],
      publishedAt: at(-2),
      ...credit,
    })
    await publishedStory({ slug: 'three', section: 'sport', tags: ['deep water'] })
    const res = await ctx.api
      .get('/v1/articles')
      .query({ section: 'world', tag: 'Deep Water', byline: ana.slug })
    expect(res.status).toBe(200)
    const keys = keysOf(res.headers['surrogate-key'])
    expect(keys).toEqual([
      'articles',
      'section:world',
      'tag:deep-water',
      `byline:${ana.slug}`,
      `article:${a.id}`,
      `article:${b.id}`,
      `byline:${ana.id}`,
    ])
    expect(res.headers['cache-tag']).toBe(keys.join(','))
    // Whatever a reader types, the keys hold no separator nor anything a header cannot carry.
    const odd = await ctx.api.get('/v1/articles').query({ section: 'a b,c', tag: '日本' })
    expect(odd.status).toBe(200)
    expect(keysOf(odd.headers['surrogate-key'])).toEqual([
      'articles',
      'section:a%20b%2Cc',
      'tag:%E6%97%A5%E6%9C%AC',
    ])
  })

  it('name the bylines of a list of bylines, and the one byline of a byline', async () => {
    const ana = await createByline(ctx, { name: 'Ana Ruiz' })
    const li = await createByline(ctx, { name: 'Li Wei' })
    const list = await ctx.api.get('/v1/bylines')
    expect(keysOf(list.headers['surrogate-key'])).toEqual([
      'bylines',
      `byline:${ana.id}`,
      `byline:${li.id}`,
    ])
    const one = await ctx.api.get(`/v1/bylines/${li.slug}`)
    expect(one.headers['surrogate-key']).toBe(`byline:${li.id}`)
    expect(one.headers['cache-tag']).toBe(`byline:${li.id}`)
  })

  it('name the slots, the article and every recommended article of recommendations', async () => {
    const ana = await createByline(ctx, { name: 'Ana Ruiz' })
    const source = await publishedStory({ slug: 'river-deal' })
    const pinned = await publishedStory({
      slug: 'pinned',
      bylines: [{ byline: ana.id, role: 'author' }],
    })
    await createSlot(ctx, { key: 'editors-picks', label: 'Picks', fill: 'curated' })
    await setItems(ctx, 'editors-picks', [{ type: 'article', article: 'pinned' }])
    const res = await ctx.api.get('/v1/articles/river-deal/recommendations')
    expect(res.status).toBe(200)
    expect(keysOf(res.headers['surrogate-key'])).toEqual([
      'slots',
      'articles',
      'slot:editors-picks',
      `article:${source.id}`,
      `article:${pinned.id}`,
      `byline:${ana.id}`,
    ])
  })

  it('name feeds, their scope, and every story and byline they carry', async () => {
    const ana = await createByline(ctx, { name: 'Ana Ruiz' })
    const story = await publishedStory({
      slug: 'harbour',
      section: 'world',
      bylines: [{ byline: ana.id, role: 'author' }],
    })
    const res = await ctx.api.get('/v1/feeds/json?section=world')
    expect(keysOf(res.headers['surrogate-key'])).toEqual([
      'feeds',
      'articles',
      'section:world',
      `article:${story.id}`,
      `byline:${ana.id}`,
    ])
  })
})

describe('compression', () => {
  async function manyStories(n: number) {
    for (let i = 0; i < n; i++)
      await publishedStory({ slug: `story-${i}`, headline: `Story number ${i} of the day` })
  }

  it('gzips a large list when asked, and the body still reads as JSON', async () => {
    await manyStories(5)
    const res = await ctx.api.get('/v1/articles?limit=100').set('accept-encoding', 'gzip')
    expect(res.status).toBe(200)
    expect(res.headers['content-encoding']).toBe('gzip')
    expect(res.headers.vary).toMatch(/accept-encoding/i)
    expect(res.body.items).toHaveLength(5)
  })

  it('prefers brotli when building a response, gzip as the response cache stores it, each with an ETag of its own', async () => {
    await manyStories(5)
    const built = await ctx.api
      .get('/v1/articles?limit=100')
      .set('accept-encoding', 'br, gzip')
      .buffer(true)
      .parse(rawBody)
    expect(built.status).toBe(200)
    expect(built.headers['content-encoding']).toBe('br')
    const plain = await ctx.api
      .get('/v1/articles?limit=100')
      .set('accept-encoding', 'identity')
      .buffer(true)
      .parse(rawBody)
    expect(plain.headers['content-encoding']).toBeUndefined()
    const cached = await ctx.api
      .get('/v1/articles?limit=100')
      .set('accept-encoding', 'br, gzip')
      .buffer(true)
      .parse(rawBody)
    expect(cached.headers['x-cache']).toBe('HIT')
    expect(cached.headers['content-encoding']).toBe('gzip')
    // A strong ETag names exact bytes: each coding gets its own, derived from the identity body's.
    const identityTag = plain.headers.etag as string
    expect(built.headers.etag).toBe(`${identityTag.slice(0, -1)}-br"`)
    expect(cached.headers.etag).toBe(`${identityTag.slice(0, -1)}-gzip"`)
    for (const res of [built, plain, cached]) {
      expect(JSON.parse(Buffer.from(res.body as Buffer).toString('utf8')).items).toHaveLength(5)
    }
  })

  it('revalidates any coding of the current body with a 304 naming the tag the client holds, built or cached', async () => {
    const story = await publishedStory({
      slug: 'harbour',
      body: 'The harbour reopened on Monday. '.repeat(100),
    })
    const first = await ctx.api
      .get('/v1/articles/harbour')
      .set('accept-encoding', 'br')
      .buffer(true)
      .parse(rawBody)
    const brTag = first.headers.etag as string
    expect(brTag).toMatch(/-br"$/)
    const gzipTag = brTag.replace(/-br"$/, '-gzip"')
    // The same article by id: a URL the cache has not seen, so the route builds the answer.
    const built = await ctx.api
      .get(`/v1/articles/${story.id}`)
      .set('accept-encoding', 'gzip')
      .set('if-none-match', `"other", ${gzipTag}`)
    expect(built.headers['x-cache']).toBe('MISS')
    expect(built.status).toBe(304)
    expect(built.headers.etag).toBe(gzipTag)
    const cached = await ctx.api
      .get('/v1/articles/harbour')
      .set('accept-encoding', 'br')
      .set('if-none-match', `W/${brTag}`)
    expect(cached.headers['x-cache']).toBe('HIT')
    expect(cached.status).toBe(304)
    expect(cached.headers.etag).toBe(brTag)
    const otherCoding = await ctx.api
      .get('/v1/articles/harbour')
      .set('if-none-match', brTag.replace(/-br"$/, '-zstd"'))
    expect(otherCoding.status).toBe(200)
  })

  it('leaves responses under 1 KiB alone', async () => {
    const res = await ctx.api.get('/healthz').set('accept-encoding', 'br, gzip')
    expect(res.status).toBe(200)
    expect(res.headers['content-encoding']).toBeUndefined()
    expect(res.body).toEqual({ status: 'ok' })
  })

  it('still serves problem documents as application/problem+json', async () => {
    const res = await ctx.api
      .get('/v1/articles?limit=0&cursor=%25&status=nope')
      .set('accept-encoding', 'gzip')
    const body = problem(res, 400)
    expect(body.errors?.length).toBeGreaterThan(0)
  })
})

describe('configuration', () => {
  it('sets max-age, s-maxage and stale-while-revalidate from the options', async () => {
    await publishedStory({ slug: 'harbour' })
    const app = await buildApp({
      prisma: ctx.db.prisma,
      clock: ctx.clock.now,
      httpCache: { maxAge: 0, sMaxAge: 600, staleWhileRevalidate: 86400 },
    })
    try {
      await app.ready()
      const res = await supertest(app.server).get('/v1/articles/harbour')
      expect(res.status).toBe(200)
      expect(res.headers['cache-control']).toBe(
        'public, max-age=0, s-maxage=600, stale-while-revalidate=86400',
      )
    } finally {
      await app.close()
    }
  })
})
