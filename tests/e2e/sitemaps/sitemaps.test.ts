import { XMLParser } from 'fast-xml-parser'
import supertest from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type App, buildApp } from '../../../src/app.js'
import { Prisma } from '../../../src/db/generated/client.js'
import { periodRange } from '../../../src/modules/sitemaps/sitemap-parts.js'
import {
  monthSummariesSql,
  storiesPublishedInSql,
} from '../../../src/modules/sitemaps/sitemaps.sql.js'
import { createArticle } from '../../helpers/factories.js'
import { sitemapErrors } from '../../helpers/sitemap-schemas.js'
import { paths, problem, useTestApp } from '../../helpers/test-app.js'
import { at, DAY, HOUR, MINUTE, NOW } from '../../helpers/time.js'

const ctx = useTestApp()

// The test app's PUBLIC_SITE_URL and PUBLIC_SITE_NAME are the defaults.
const SITE = 'http://localhost:3000'
const linkOf = (slug: string) => `${SITE}/articles/${slug}`
const sitemapOf = (name: string) => `${SITE}/sitemaps/${name}.xml`

// biome-ignore lint/suspicious/noExplicitAny: parsed XML of any shape
type Xml = Record<string, any>
const parser = new XMLParser({
  parseTagValue: false,
  isArray: (name) => name === 'url' || name === 'sitemap',
})

/** GETs a sitemap and returns the response with its body as text. */
function get(path: string, headers: Record<string, string> = {}) {
  return ctx.api
    .get(path)
    .set(headers)
    .buffer(true)
    .parse((res, done) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (text += chunk))
      res.on('end', () => done(null, text))
    })
}

/** GETs a sitemap, checks its status, media type and schema, and returns it parsed. */
async function sitemap(path: string, kind: 'index' | 'urlset' | 'news'): Promise<Xml> {
  const res = await get(path)
  expect(res.status, String(res.body)).toBe(200)
  expect(res.headers['content-type']).toBe('application/xml; charset=utf-8')
  expect(await sitemapErrors(res.body as string, kind)).toEqual([])
  return parser.parse(res.body as string) as Xml
}

/** The sitemaps the index lists, as [url, lastmod]. */
async function indexed(): Promise<[string, string | undefined][]> {
  const doc = await sitemap('/sitemap.xml', 'index')
  return (doc.sitemapindex.sitemap as Xml[]).map((s) => [s.loc, s.lastmod])
}

/** The URLs of an article sitemap, as [loc, lastmod]. */
async function urls(period: string): Promise<[string, string][]> {
  const doc = await sitemap(`/sitemaps/articles-${period}.xml`, 'urlset')
  return (doc.urlset.url as Xml[]).map((u) => [u.loc, u.lastmod])
}

/** The stories of the news sitemap; it is schema-valid whenever it lists any. */
async function news(): Promise<Xml[]> {
  const res = await get('/sitemaps/news.xml')
  expect(res.status).toBe(200)
  const doc = parser.parse(res.body as string) as Xml
  const stories = (doc.urlset?.url ?? []) as Xml[]
  if (stories.length > 0) expect(await sitemapErrors(res.body as string, 'news')).toEqual([])
  return stories
}
const newsLinks = async () => (await news()).map((u) => u.loc as string)

/** A published story, written at `publishedAt` (so that it last changed then). */
async function publishedAt(slug: string, when: string, fields: Record<string, unknown> = {}) {
  ctx.clock.set(when)
  const article = await createArticle(ctx, {
    slug,
    status: 'published',
    publishedAt: when,
    ...fields,
  })
  ctx.clock.set(NOW)
  return article
}

const act = (id: string, action: string) =>
  ctx.api.post(`/v1/articles/${id}/${action}`).set('authorization', ctx.auth.editor)

/**
 * Public stories in March, May and June 2026 (NOW is 2026-06-01T12:00Z), and one of each kind a
 * sitemap leaves out, in months of their own: a draft, a story scheduled for July, a trashed one
 * and an archived one.
 */
async function archive() {
  const march = await publishedAt('march-story', '2026-03-15T08:00:00.000Z')
  const mayFirst = await publishedAt('may-first', '2026-05-01T00:00:00.000Z')
  const mayLast = await publishedAt('may-last', '2026-05-31T23:59:59.999Z')
  const june = await publishedAt('june-story', '2026-06-01T00:00:00.000Z')
  await createArticle(ctx, { slug: 'a-draft' })
  await createArticle(ctx, {
    slug: 'for-july',
    status: 'published',
    publishedAt: '2026-07-02T00:00:00.000Z',
  })
  const trashed = await publishedAt('trashed-story', '2026-02-10T00:00:00.000Z')
  const gone = await ctx.api
    .delete(`/v1/articles/${trashed.id}`)
    .set('authorization', ctx.auth.editor)
    .set('if-match', `"${trashed.version}"`)
  expect(gone.status).toBe(204)
  const archived = await publishedAt('archived-story', '2026-01-10T00:00:00.000Z')
  expect((await act(archived.id, 'archive')).status).toBe(200)
  return { march, mayFirst, mayLast, june }
}

describe('GET /sitemap.xml', () => {
  it('lists the news sitemap and every month with public stories, newest first, with their last change', async () => {
    await archive()
    // A later edit of a May story is May's last change.
    ctx.clock.set('2026-06-01T09:30:00.000Z')
    const edited = await ctx.api
      .patch('/v1/articles/may-first')
      .set('authorization', ctx.auth.editor)
      .set('if-match', '"1"')
      .send({ dek: 'Updated.' })
    expect(edited.status).toBe(200)
    ctx.clock.set(NOW)

    expect(await indexed()).toEqual([
      [sitemapOf('news'), undefined],
      [sitemapOf('articles-2026-06'), '2026-06-01T00:00:00.000Z'],
      [sitemapOf('articles-2026-05'), '2026-06-01T09:30:00.000Z'],
      [sitemapOf('articles-2026-03'), '2026-03-15T08:00:00.000Z'],
    ])
  })

  it('lists only the news sitemap while nothing is public', async () => {
    await createArticle(ctx, { slug: 'a-draft' })
    expect(await indexed()).toEqual([[sitemapOf('news'), undefined]])
  })

  it('reads the months in one statement', async () => {
    await archive()
    expect(await ctx.countQueries(() => get('/sitemap.xml').expect(200))).toBe(1)
  })

  it('is cached and revalidated like every public read: ETag, 304, surrogate keys', async () => {
    await archive()
    const first = await get('/sitemap.xml')
    expect(first.headers).toMatchObject({
      'cache-control': 'public, max-age=10, s-maxage=60, stale-while-revalidate=300',
      'surrogate-key': 'sitemaps articles',
      'x-cache': 'MISS',
    })
    expect(first.headers.vary).toMatch(/authorization/)
    const etag = first.headers.etag as string
    expect(etag).toMatch(/^"[\w-]+"$/)
    const again = await get('/sitemap.xml')
    expect(again.headers['x-cache']).toBe('HIT')
    expect(again.body).toBe(first.body)
    const revalidated = await get('/sitemap.xml', { 'if-none-match': etag })
    expect(revalidated.status).toBe(304)
    expect(revalidated.body).toBe('')
    const head = await ctx.api.head('/sitemap.xml')
    expect(head.status).toBe(200)
    expect(head.headers).toMatchObject({ etag, 'content-type': 'application/xml; charset=utf-8' })
  })

  it('refuses query parameters, so that none makes a cache entry of its own', async () => {
    const res = await get('/sitemap.xml?page=2')
    expect(paths(problem({ ...res, body: JSON.parse(res.body as string) }, 400))).toEqual([
      'query.page',
    ])
  })
})

describe('GET /sitemaps/articles-{period}.xml', () => {
  it('lists exactly the public stories published that month (UTC), oldest first, with their last change', async () => {
    await archive()
    expect(await urls('2026-05')).toEqual([
      [linkOf('may-first'), '2026-05-01T00:00:00.000Z'],
      [linkOf('may-last'), '2026-05-31T23:59:59.999Z'],
    ])
    expect(await urls('2026-06')).toEqual([[linkOf('june-story'), '2026-06-01T00:00:00.000Z']])
    expect(await urls('2026-03')).toEqual([[linkOf('march-story'), '2026-03-15T08:00:00.000Z']])
  })

  it.each(['2026-07', '2026-02', '2026-01', '2026-04', '2026-05-2'])(
    'answers %s, which lists no public story, with 404',
    async (period) => {
      await archive()
      const res = await get(`/sitemaps/articles-${period}.xml`)
      expect(problem({ ...res, body: JSON.parse(res.body as string) }, 404).detail).toContain(
        `articles-${period}.xml`,
      )
      expect(res.headers['cache-control']).toBe('no-store')
    },
  )

  it.each(['2026-13', '2026-5', '2026-05-1', 'latest'])(
    'refuses the period %j with 400 naming it',
    async (period) => {
      const res = await get(`/sitemaps/articles-${period}.xml`)
      expect(paths(problem({ ...res, body: JSON.parse(res.body as string) }, 400))).toEqual([
        'path.period',
      ])
    },
  )

  it('loses a story that is unpublished, at once, though it was cached', async () => {
    const { mayFirst, june } = await archive()
    expect((await get('/sitemaps/articles-2026-05.xml')).headers['x-cache']).toBe('MISS')
    expect((await get('/sitemaps/articles-2026-05.xml')).headers['x-cache']).toBe('HIT')
    expect((await act(mayFirst.id, 'unpublish')).status).toBe(200)
    expect((await urls('2026-05')).map(([loc]) => loc)).toEqual([linkOf('may-last')])

    // The last public story of a month takes the month out of the index.
    expect(await indexed()).toContainEqual([sitemapOf('articles-2026-06'), expect.any(String)])
    expect((await act(june.id, 'unpublish')).status).toBe(200)
    expect((await get('/sitemaps/articles-2026-06.xml')).status).toBe(404)
    expect((await indexed()).map(([url]) => url)).not.toContain(sitemapOf('articles-2026-06'))
  })

  it('gains a scheduled story when its time comes, though the month was cached', async () => {
    await publishedAt('june-story', '2026-06-01T00:00:00.000Z')
    await createArticle(ctx, {
      slug: 'later-today',
      status: 'published',
      publishedAt: at(30 * MINUTE),
    })
    const before = [[linkOf('june-story'), '2026-06-01T00:00:00.000Z']]
    expect(await urls('2026-06')).toEqual(before)
    expect((await get('/sitemaps/articles-2026-06.xml')).headers['x-cache']).toBe('HIT')
    ctx.clock.advance(30 * MINUTE - 1)
    expect(await urls('2026-06')).toEqual(before)
    ctx.clock.advance(1)
    expect((await urls('2026-06')).map(([loc]) => loc)).toEqual([
      linkOf('june-story'),
      linkOf('later-today'),
    ])
    expect(await newsLinks()).toContain(linkOf('later-today'))
  })
})

describe('GET /sitemaps/news.xml', () => {
  it('lists the public stories of the last 48 hours, newest first, with Google News tags', async () => {
    await publishedAt('an-hour-ago', at(-HOUR), {
      headline: 'Ministers hail “a new chapter” in river talks',
    })
    await publishedAt('yesterday', at(-DAY), { headline: 'Barges stranded', language: 'pt-BR' })
    await publishedAt('two-days-ago', at(-2 * DAY), { headline: 'Too old for news' })
    await createArticle(ctx, { slug: 'draft-now' })
    await createArticle(ctx, { slug: 'later', status: 'published', publishedAt: at(HOUR) })

    const stories = await news()
    expect(stories).toEqual([
      {
        loc: linkOf('an-hour-ago'),
        lastmod: at(-HOUR),
        'news:news': {
          'news:publication': { 'news:name': 'Newsroom', 'news:language': 'en' },
          'news:publication_date': at(-HOUR),
          'news:title': 'Ministers hail “a new chapter” in river talks',
        },
      },
      {
        loc: linkOf('yesterday'),
        lastmod: at(-DAY),
        'news:news': {
          'news:publication': { 'news:name': 'Newsroom', 'news:language': 'pt' },
          'news:publication_date': at(-DAY),
          'news:title': 'Barges stranded',
        },
      },
    ])
  })

  it('drops a story 48 hours after its publication, though the sitemap was cached', async () => {
    await publishedAt('recent', at(-MINUTE))
    // It leaves the window in 30 minutes: sooner than a cached answer expires anyway (an hour).
    await publishedAt('older', at(-47 * HOUR - 30 * MINUTE))
    expect(await newsLinks()).toEqual([linkOf('recent'), linkOf('older')])
    expect((await get('/sitemaps/news.xml')).headers['x-cache']).toBe('HIT')
    ctx.clock.advance(30 * MINUTE - 1)
    expect((await get('/sitemaps/news.xml')).headers['x-cache']).toBe('HIT')
    ctx.clock.advance(1)
    expect(await newsLinks()).toEqual([linkOf('recent')])
  })

  it('is a sitemap without URLs when nothing was published in 48 hours', async () => {
    await publishedAt('old', at(-3 * DAY))
    const res = await get('/sitemaps/news.xml')
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toBe('application/xml; charset=utf-8')
    expect(parser.parse(res.body as string).urlset).toBe('')
  })
})

describe('the sitemaps’ reads', () => {
  /** The plan of a statement, sequential scans of the table ruled out: which index can serve it. */
  async function plan(sql: Prisma.Sql): Promise<string> {
    const rows = await ctx.db.prisma.$transaction(async (tx) => {
      await tx.$executeRawUnsafe('SET LOCAL enable_seqscan = off')
      return tx.$queryRaw<Record<string, string>[]>(Prisma.sql`EXPLAIN ${sql}`)
    })
    return rows.map((row) => Object.values(row)[0]).join('\n')
  }
  const INDEX = 'Article_status_publishedAt_trashedAt_updatedAt_idx'

  it('count the months from the index alone, and read a month as a range of it', async () => {
    // Enough stories for the planner to weigh its choices, and statistics of them.
    await ctx.db.prisma.$executeRawUnsafe(`
      INSERT INTO "Article" (id, slug, headline, status, "publishedAt", "sortAt", "createdAt", "updatedAt")
      SELECT gen_random_uuid(), 'bulk-' || g, 'Bulk ' || g, 'published', t, t, t, t
      FROM (SELECT g, timestamptz '2020-01-01' + g * interval '1 hour' AS t
            FROM generate_series(1, 5000) g) s`)
    await ctx.db.prisma.$executeRawUnsafe('VACUUM ANALYZE "Article"')
    const months = await plan(monthSummariesSql(new Date(NOW)))
    expect(months).toContain(`Index Only Scan using "${INDEX}"`)
    // No sort of stories: the first and last publication times are the index's ends.
    expect(months).not.toMatch(/Sort Key: a[_\d]*\./)
    const range = periodRange('2026-05')
    if (!range) throw new Error('a period')
    const month = await plan(storiesPublishedInSql(new Date(NOW), range))
    expect(month).toMatch(new RegExp(`Index (Only )?Scan using "${INDEX}"`))
    expect(month).toContain('Index Cond')
  })
})

describe('sitemaps of a public site elsewhere', () => {
  // Behind a proxy, so that X-Forwarded-Host and -Proto would be believed if anything read them.
  const SITE_ELSEWHERE = 'https://news.example/en'
  let app: App
  beforeAll(async () => {
    app = await buildApp({
      prisma: ctx.db.prisma,
      clock: ctx.clock.now,
      publicSiteUrl: SITE_ELSEWHERE,
      publicSiteName: 'The Example Times',
      trustProxy: true,
    })
    await app.ready()
  })
  afterAll(async () => {
    await app?.close()
  })

  it('link everything under PUBLIC_SITE_URL and name PUBLIC_SITE_NAME, whatever Host the request names', async () => {
    await publishedAt('river-talks', at(-HOUR))
    const api = supertest(app.server)
    const forged = {
      host: 'evil.example',
      'x-forwarded-host': 'evil.example',
      'x-forwarded-proto': 'https',
    }
    const text = async (path: string) => {
      const res = await api
        .get(path)
        .set(forged)
        .buffer(true)
        .parse((r, done) => {
          let body = ''
          r.on('data', (chunk) => (body += chunk))
          r.on('end', () => done(null, body))
        })
      expect(res.status).toBe(200)
      return res.body as string
    }
    const index = await text('/sitemap.xml')
    expect(await sitemapErrors(index, 'index')).toEqual([])
    const listed = (parser.parse(index).sitemapindex.sitemap as Xml[]).map((s) => s.loc)
    expect(listed).toEqual([
      `${SITE_ELSEWHERE}/sitemaps/news.xml`,
      `${SITE_ELSEWHERE}/sitemaps/articles-2026-06.xml`,
    ])
    const month = parser.parse(await text('/sitemaps/articles-2026-06.xml'))
    expect(month.urlset.url).toEqual([
      { loc: `${SITE_ELSEWHERE}/articles/river-talks`, lastmod: at(-HOUR) },
    ])
    const newsDoc = await text('/sitemaps/news.xml')
    expect(await sitemapErrors(newsDoc, 'news')).toEqual([])
    const [story] = parser.parse(newsDoc).urlset.url as Xml[]
    expect(story?.loc).toBe(`${SITE_ELSEWHERE}/articles/river-talks`)
    expect(story?.['news:news']['news:publication']['news:name']).toBe('The Example Times')
    expect(index + newsDoc).not.toContain('evil.example')
  })
})
