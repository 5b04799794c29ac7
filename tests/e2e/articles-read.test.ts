import { describe, expect, it } from 'vitest'
import { createArticle, createByline } from '../helpers/factories.js'
import { problem, type TestContext, useTestApp } from '../helpers/test-app.js'
import { NOW, at } from '../helpers/time.js'

const ctx = useTestApp()

// The clock is reset to this instant before every test.
const HOUR = 60 * 60 * 1000

interface ListItem {
  id: string
  slug: string
  status: string
  publishedAt: string | null
  createdAt: string
  body?: string
  bodyHtml?: string
  bylines: { slug: string; role: string }[]
  [key: string]: unknown
}
interface ListBody {
  items: ListItem[]
  page: { limit: number; nextCursor: string | null }
}

async function list(query = '', auth?: string): Promise<ListBody> {
  const req = ctx.api.get(`/v1/articles${query}`)
  if (auth) req.set('authorization', auth)
  const res = await req
  if (res.status !== 200) throw new Error(`GET /v1/articles${query}: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body as ListBody
}

const slugsOf = (body: ListBody) => body.items.map((i) => i.slug)

/** Follows nextCursor to the end and returns every page. */
async function allPages(query: string, auth?: string): Promise<ListBody[]> {
  const pages: ListBody[] = []
  let cursor: string | null = null
  do {
    const sep = query.includes('?') ? '&' : '?'
    const page = await list(cursor ? `${query}${sep}cursor=${encodeURIComponent(cursor)}` : query, auth)
    pages.push(page)
    cursor = page.page.nextCursor
    if (pages.length > 50) throw new Error('pagination does not end')
  } while (cursor)
  return pages
}

const cursorOf = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url')

/** A published story, a draft, an archived story and one scheduled an hour from now. */
async function mixedStatuses(c: TestContext) {
  const published = await createArticle(c, { slug: 'published-story', status: 'published', publishedAt: at(-HOUR) })
  const draft = await createArticle(c, { slug: 'draft-story', status: 'draft' })
  const archived = await createArticle(c, { slug: 'archived-story', status: 'archived', publishedAt: at(-2 * HOUR) })
  const scheduled = await createArticle(c, { slug: 'scheduled-story', status: 'published', publishedAt: at(HOUR) })
  return { published, draft, archived, scheduled }
}

describe('GET /v1/articles: visibility', () => {
  it('anonymous readers see only published stories whose publishedAt has come: drafts, archived and future-scheduled stories are left out', async () => {
    await mixedStatuses(ctx)
    const body = await list()
    expect(slugsOf(body)).toEqual(['published-story'])
    expect(body.items[0]?.status).toBe('published')
  })

  it('a scheduled story appears for anonymous readers once the clock reaches its publishedAt (decided at query time, no job needed)', async () => {
    await createArticle(ctx, { slug: 'older', status: 'published', publishedAt: at(-HOUR) })
    await createArticle(ctx, { slug: 'embargoed', status: 'published', publishedAt: at(HOUR) })
    expect(slugsOf(await list())).toEqual(['older'])
    expect((await ctx.api.get('/v1/articles/embargoed')).status).toBe(404)

    ctx.clock.advance(HOUR - 1)
    expect(slugsOf(await list())).toEqual(['older'])

    ctx.clock.advance(1) // exactly at publishedAt: visible
    expect(slugsOf(await list())).toEqual(['embargoed', 'older'])
    expect((await ctx.api.get('/v1/articles/embargoed')).status).toBe(200)
  })

  it('editor and admin keys see every status: drafts, archived and scheduled stories included', async () => {
    await mixedStatuses(ctx)
    for (const auth of [ctx.auth.editor, ctx.auth.admin]) {
      const body = await list('', auth)
      expect(new Set(slugsOf(body))).toEqual(new Set(['published-story', 'draft-story', 'archived-story', 'scheduled-story']))
    }
  })

  it('an editor can filter by status: draft, archived, published (live now), scheduled and trashed', async () => {
    await mixedStatuses(ctx)
    const binned = await createArticle(ctx, { slug: 'trashed-story', status: 'published', publishedAt: at(-3 * HOUR) })
    const trash = await ctx.api
      .delete(`/v1/articles/${binned.id}`)
      .set('authorization', ctx.auth.editor)
      .set('if-match', `"${binned.version}"`)
    expect(trash.status).toBe(204)

    expect(slugsOf(await list('?status=draft', ctx.auth.editor))).toEqual(['draft-story'])
    expect(slugsOf(await list('?status=archived', ctx.auth.editor))).toEqual(['archived-story'])
    // status=published means live: a story whose publishedAt is still to come is listed as scheduled.
    expect(slugsOf(await list('?status=published', ctx.auth.admin))).toEqual(['published-story'])
    const scheduled = await list('?status=scheduled', ctx.auth.editor)
    expect(slugsOf(scheduled)).toEqual(['scheduled-story'])
    expect(scheduled.items[0]?.status).toBe('scheduled')
    const trashed = await list('?status=trashed', ctx.auth.editor)
    expect(slugsOf(trashed)).toEqual(['trashed-story'])
    expect(trashed.items[0]?.status).toBe('trashed')
    // Without a status filter, keys see everything but the trash.
    expect(slugsOf(await list('', ctx.auth.editor))).not.toContain('trashed-story')

    // Once its time has come, the scheduled story is published, with no job having run.
    ctx.clock.advance(HOUR)
    expect(slugsOf(await list('?status=published', ctx.auth.admin))).toEqual(['scheduled-story', 'published-story'])
    expect(slugsOf(await list('?status=scheduled', ctx.auth.editor))).toEqual([])
  })

  it('an anonymous status filter is refused with a 401 problem, whatever the status asked for', async () => {
    await mixedStatuses(ctx)
    for (const status of ['draft', 'archived', 'published']) {
      const res = await ctx.api.get(`/v1/articles?status=${status}`)
      problem(res, 401)
      expect(res.headers['www-authenticate']).toBe('Bearer')
    }
  })

  it('an unknown status value is a 400 naming query.status, for keys too', async () => {
    const res = await ctx.api.get('/v1/articles?status=deleted').set('authorization', ctx.auth.editor)
    expect(problem(res, 400).errors?.map((e) => e.path)).toEqual(['query.status'])
  })
})

describe('GET /v1/articles: ordering', () => {
  it('lists newest first by publishedAt, whatever the order stories were created in', async () => {
    await createArticle(ctx, { slug: 'two-hours-ago', status: 'published', publishedAt: at(-2 * HOUR) })
    await createArticle(ctx, { slug: 'just-now', status: 'published', publishedAt: at(-1000) })
    await createArticle(ctx, { slug: 'three-hours-ago', status: 'published', publishedAt: at(-3 * HOUR) })
    await createArticle(ctx, { slug: 'one-hour-ago', status: 'published', publishedAt: at(-HOUR) })
    expect(slugsOf(await list())).toEqual(['just-now', 'one-hour-ago', 'two-hours-ago', 'three-hours-ago'])
  })

  it('stories without publishedAt (drafts) are placed by their createdAt among the others, for keys', async () => {
    ctx.clock.set(at(-90 * 60 * 1000))
    await createArticle(ctx, { slug: 'draft-ninety-minutes-ago', status: 'draft' })
    ctx.clock.set(NOW)
    await createArticle(ctx, { slug: 'published-two-hours-ago', status: 'published', publishedAt: at(-2 * HOUR) })
    await createArticle(ctx, { slug: 'published-one-hour-ago', status: 'published', publishedAt: at(-HOUR) })
    await createArticle(ctx, { slug: 'draft-now', status: 'draft' })
    const body = await list('', ctx.auth.editor)
    expect(slugsOf(body)).toEqual(['draft-now', 'published-one-hour-ago', 'draft-ninety-minutes-ago', 'published-two-hours-ago'])
    expect(body.items.find((i) => i.slug === 'draft-now')?.publishedAt).toBeNull()
  })

  it('stories published at the same instant are ordered by id, descending, identically on every request and across pages', async () => {
    const same = at(-HOUR)
    const created = await Promise.all(
      Array.from({ length: 6 }, (_, n) => createArticle(ctx, { slug: `tie-${n}`, status: 'published', publishedAt: same })),
    )
    await createArticle(ctx, { slug: 'newer', status: 'published', publishedAt: at(-1000) })
    await createArticle(ctx, { slug: 'older', status: 'published', publishedAt: at(-2 * HOUR) })
    const tiesById = [...created].sort((a, b) => (a.id < b.id ? 1 : -1)).map((a) => a.slug)
    const expected = ['newer', ...tiesById, 'older']

    const first = slugsOf(await list())
    expect(first).toEqual(expected)
    expect(slugsOf(await list())).toEqual(first)
    // Cursors land in the middle of the tie and still neither skip nor repeat.
    for (const limit of [1, 2, 3, 4]) {
      const pages = await allPages(`?limit=${limit}`)
      expect(pages.flatMap(slugsOf)).toEqual(expected)
    }
  })
})

describe('GET /v1/articles: pagination', () => {
  it('limit=2 over 5 articles returns each exactly once over 3 pages, and nextCursor is null on the last page', async () => {
    for (let n = 1; n <= 5; n++) {
      await createArticle(ctx, { slug: `story-${n}`, status: 'published', publishedAt: at(-n * HOUR) })
    }
    const pages = await allPages('?limit=2')
    expect(pages.map((p) => p.items.length)).toEqual([2, 2, 1])
    expect(pages.map((p) => p.page.limit)).toEqual([2, 2, 2])
    expect(pages[0]?.page.nextCursor).toEqual(expect.any(String))
    expect(pages[1]?.page.nextCursor).toEqual(expect.any(String))
    expect(pages[2]?.page.nextCursor).toBeNull()
    expect(pages.flatMap(slugsOf)).toEqual(['story-1', 'story-2', 'story-3', 'story-4', 'story-5'])
  })

  it('a page that ends exactly at the last story has nextCursor null (no empty trailing page)', async () => {
    for (let n = 1; n <= 4; n++) {
      await createArticle(ctx, { slug: `story-${n}`, status: 'published', publishedAt: at(-n * HOUR) })
    }
    const pages = await allPages('?limit=2')
    expect(pages.map((p) => p.items.length)).toEqual([2, 2])
    expect((await list('?limit=4')).page.nextCursor).toBeNull()
    expect((await list()).page).toEqual({ limit: 20, nextCursor: null })
  })

  it('an empty list is 200 with no items and nextCursor null', async () => {
    expect(await list()).toEqual({ items: [], page: { limit: 20, nextCursor: null } })
  })

  it('limit defaults to 20, and 100 is accepted', async () => {
    await Promise.all(
      Array.from({ length: 21 }, (_, n) =>
        createArticle(ctx, { slug: `story-${n}`, status: 'published', publishedAt: at(-(n + 1) * 60_000) }),
      ),
    )
    const page = await list()
    expect(page.items).toHaveLength(20)
    expect(page.page.limit).toBe(20)
    expect(page.page.nextCursor).toEqual(expect.any(String))
    const all = await list('?limit=100')
    expect(all.items).toHaveLength(21)
    expect(all.page).toEqual({ limit: 100, nextCursor: null })
  })

  it('a cursor keeps its place when a newer story is published between pages: no repeats, no skips', async () => {
    for (let n = 1; n <= 4; n++) {
      await createArticle(ctx, { slug: `story-${n}`, status: 'published', publishedAt: at(-n * HOUR) })
    }
    const first = await list('?limit=2')
    await createArticle(ctx, { slug: 'breaking', status: 'published', publishedAt: at(-1000) })
    const second = await list(`?limit=2&cursor=${first.page.nextCursor}`)
    expect(slugsOf(second)).toEqual(['story-3', 'story-4'])
    expect(second.page.nextCursor).toBeNull()
  })

  it('filters apply on every page of a paginated list', async () => {
    for (let n = 1; n <= 5; n++) {
      await createArticle(ctx, {
        slug: `story-${n}`,
        section: n % 2 ? 'world' : 'sport',
        status: 'published',
        publishedAt: at(-n * HOUR),
      })
    }
    const pages = await allPages('?section=world&limit=1')
    expect(pages.flatMap(slugsOf)).toEqual(['story-1', 'story-3', 'story-5'])
  })

  it.each(['0', '101', 'abc', '1.5', '-1', ''])('limit=%s is a 400 problem naming query.limit', async (limit) => {
    const res = await ctx.api.get(`/v1/articles?limit=${limit}`)
    expect(problem(res, 400).errors?.map((e) => e.path)).toEqual(['query.limit'])
  })

  it('a repeated limit (limit=1&limit=2) is a 400 naming query.limit', async () => {
    const res = await ctx.api.get('/v1/articles?limit=1&limit=2')
    expect(problem(res, 400).errors?.map((e) => e.path)).toEqual(['query.limit'])
  })

  const uuid = '0190a6f1-0000-7000-8000-000000000000'
  const tampered: [string, string][] = [
    ['not base64 at all', '!!!***'],
    ['base64 of plain text', cursorOf('hello world')],
    ['base64 of a JSON object', cursorOf({ key: NOW, id: uuid })],
    ['a JSON array of the wrong length', cursorOf([NOW])],
    ['a JSON array with a number', cursorOf([NOW, 42])],
    ['a key that is not a date', cursorOf(['yesterday', uuid])],
    ['an id that is not a UUID', cursorOf([NOW, 'not-a-uuid'])],
    ['an id with SQL in it', cursorOf([NOW, "' OR 1=1 --"])],
    ['a date beyond what PostgreSQL can store', cursorOf(['-271821-04-20T00:00:00.000Z', uuid])],
    ['an empty cursor', ''],
    ['an overlong cursor', 'a'.repeat(501)],
  ]
  it.each(tampered)('a tampered cursor (%s) is a 400 problem naming query.cursor, never a 500', async (_what, cursor) => {
    await createArticle(ctx, { slug: 'story', status: 'published', publishedAt: at(-HOUR) })
    for (const auth of [undefined, ctx.auth.editor]) {
      const req = ctx.api.get(`/v1/articles?cursor=${encodeURIComponent(cursor)}`)
      if (auth) req.set('authorization', auth)
      const res = await req
      expect(problem(res, 400).errors?.map((e) => e.path)).toEqual(['query.cursor'])
    }
  })
})

describe('GET /v1/articles: filters', () => {
  async function filterFixture() {
    const [ana, li, sam] = await Promise.all([
      createByline(ctx, { name: 'Ana Ruiz', slug: 'ana-ruiz' }),
      createByline(ctx, { name: 'Li Wei', slug: 'li-wei' }),
      createByline(ctx, { name: 'Sam Roe', slug: 'sam-roe', kind: 'contributor' }),
    ])
    const published = { status: 'published' }
    await createArticle(ctx, {
      ...published,
      slug: 'world-climate-ana',
      section: 'world',
      tags: ['climate', 'energy'],
      bylines: [{ byline: ana.slug }],
      publishedAt: at(-1 * HOUR),
    })
    await createArticle(ctx, {
      ...published,
      slug: 'world-politics-li',
      section: 'world',
      tags: ['politics'],
      bylines: [{ byline: li.slug }],
      publishedAt: at(-2 * HOUR),
    })
    await createArticle(ctx, {
      ...published,
      slug: 'science-climate-li-ana',
      section: 'science',
      tags: ['Climate'], // stored lower-cased
      bylines: [{ byline: li.slug }, { byline: ana.slug, role: 'contributor' }],
      publishedAt: at(-3 * HOUR),
    })
    await createArticle(ctx, {
      ...published,
      slug: 'world-climate-sam-photo',
      section: 'world',
      tags: ['climate'],
      bylines: [{ byline: li.slug }, { byline: sam.slug, role: 'photographer' }],
      publishedAt: at(-4 * HOUR),
    })
    await createArticle(ctx, { slug: 'draft-world-climate-ana', section: 'world', tags: ['climate'], bylines: [{ byline: ana.slug }] })
    return { ana, li, sam }
  }

  it('section=world returns only stories in that section', async () => {
    await filterFixture()
    expect(slugsOf(await list('?section=world'))).toEqual(['world-climate-ana', 'world-politics-li', 'world-climate-sam-photo'])
    expect(slugsOf(await list('?section=science'))).toEqual(['science-climate-li-ana'])
    expect(slugsOf(await list('?section=nowhere'))).toEqual([])
  })

  it('tag matching is case-insensitive on input: tag=Climate and tag=%20climate%20 match stored "climate"', async () => {
    await filterFixture()
    const expected = ['world-climate-ana', 'science-climate-li-ana', 'world-climate-sam-photo']
    expect(slugsOf(await list('?tag=climate'))).toEqual(expected)
    expect(slugsOf(await list('?tag=Climate'))).toEqual(expected)
    expect(slugsOf(await list('?tag=CLIMATE'))).toEqual(expected)
    expect(slugsOf(await list('?tag=%20climate%20'))).toEqual(expected)
    expect(slugsOf(await list('?tag=energy'))).toEqual(['world-climate-ana'])
    expect(slugsOf(await list('?tag=clim'))).toEqual([])
  })

  it('byline=<slug> returns stories crediting that byline, in any role and position', async () => {
    await filterFixture()
    expect(slugsOf(await list('?byline=ana-ruiz'))).toEqual(['world-climate-ana', 'science-climate-li-ana'])
    expect(slugsOf(await list('?byline=li-wei'))).toEqual(['world-politics-li', 'science-climate-li-ana', 'world-climate-sam-photo'])
    expect(slugsOf(await list('?byline=sam-roe'))).toEqual(['world-climate-sam-photo'])
    expect(slugsOf(await list('?byline=nobody'))).toEqual([])
  })

  it('combined filters narrow to stories matching all of them', async () => {
    await filterFixture()
    expect(slugsOf(await list('?section=world&tag=Climate'))).toEqual(['world-climate-ana', 'world-climate-sam-photo'])
    expect(slugsOf(await list('?section=world&tag=climate&byline=li-wei'))).toEqual(['world-climate-sam-photo'])
    expect(slugsOf(await list('?section=science&byline=ana-ruiz&tag=climate'))).toEqual(['science-climate-li-ana'])
    expect(slugsOf(await list('?section=science&byline=sam-roe'))).toEqual([])
  })

  it('filters combine with status and visibility: an editor finds the draft, anonymous readers do not', async () => {
    await filterFixture()
    expect(slugsOf(await list('?section=world&tag=climate&byline=ana-ruiz'))).toEqual(['world-climate-ana'])
    expect(slugsOf(await list('?section=world&tag=climate&byline=ana-ruiz', ctx.auth.editor))).toEqual([
      'draft-world-climate-ana',
      'world-climate-ana',
    ])
    expect(slugsOf(await list('?status=draft&byline=ana-ruiz', ctx.auth.editor))).toEqual(['draft-world-climate-ana'])
  })

  it('list items carry their bylines in credit order, with roles', async () => {
    await filterFixture()
    const item = (await list('?tag=climate&section=science')).items[0]
    expect(item?.bylines.map((b) => [b.slug, b.role])).toEqual([
      ['li-wei', 'author'],
      ['ana-ruiz', 'contributor'],
    ])
    expect(item?.bylineText).toBe('By Li Wei')
  })

  it('unknown query parameters are a 400 naming each of them (tests/e2e/app/input-query.test.ts)', async () => {
    const res = await ctx.api.get('/v1/articles?sort=oldest&author=ana-ruiz&page=2&foo=bar')
    expect(problem(res, 400).errors?.map((e) => e.path)).toEqual(['query.sort', 'query.author', 'query.page', 'query.foo'])
  })

  it('over-long or repeated filter values are 400 problems naming the field, never 500', async () => {
    const cases: [string, string][] = [
      [`?section=${'a'.repeat(61)}`, 'query.section'],
      [`?tag=${'a'.repeat(61)}`, 'query.tag'],
      [`?byline=${'a'.repeat(121)}`, 'query.byline'],
      ['?section=world&section=sport', 'query.section'],
      ['?tag=a&tag=b', 'query.tag'],
      ['?include=everything', 'query.include'],
    ]
    for (const [query, path] of cases) {
      const res = await ctx.api.get(`/v1/articles${query}`)
      expect(problem(res, 400).errors?.map((e) => e.path), query).toEqual([path])
    }
  })

  it('filter values with odd characters (quotes, LIKE wildcards, emoji, bad percent-encoding) match nothing and never cause a 500', async () => {
    await filterFixture()
    // Bad percent-encoding ('%FF', '%ED%A0%80', '%E0%A4%A', '%') is a 400: tests/e2e/app/input-query.test.ts.
    const raw = ["o'brien", '%25', '_', '%5C', 'climate%25', '%F0%9F%8C%8D']
    for (const value of raw) {
      for (const param of ['section', 'tag', 'byline']) {
        const res = await ctx.api.get(`/v1/articles?${param}=${value}`)
        expect(res.status, `${param}=${value}: ${JSON.stringify(res.body)}`).toBe(200)
        expect(res.body.items, `${param}=${value}`).toEqual([])
      }
    }
  })

  it('a NUL character in a filter value is a 400 naming the field (PostgreSQL text cannot hold it), not a 500', async () => {
    for (const value of ['%00', 'world%00', 'a%00b']) {
      for (const param of ['section', 'tag', 'byline']) {
        const res = await ctx.api.get(`/v1/articles?${param}=${value}`)
        expect(problem(res, 400).errors?.map((e) => e.path), `${param}=${value}`).toEqual([`query.${param}`])
      }
    }
  })
})

describe('GET /v1/articles: include=body', () => {
  it('list items omit body and bodyHtml unless include=body, which adds both', async () => {
    await createArticle(ctx, {
      slug: 'with-body',
      status: 'published',
      publishedAt: at(-HOUR),
      body: 'The **harbour** reopened.\n\n<script>alert(1)</script>',
    })
    const plain = (await list()).items[0]
    expect(plain).toBeDefined()
    expect(plain).not.toHaveProperty('body')
    expect(plain).not.toHaveProperty('bodyHtml')
    // The rest of the article is there.
    expect(plain).toMatchObject({ slug: 'with-body', wordCount: expect.any(Number), version: 1 })

    for (const auth of [undefined, ctx.auth.editor]) {
      const withBody = (await list('?include=body', auth)).items[0]
      expect(withBody?.body).toBe('The **harbour** reopened.\n\n<script>alert(1)</script>')
      expect(withBody?.bodyHtml).toContain('<strong>harbour</strong>')
      expect(withBody?.bodyHtml).not.toContain('<script>')
    }
  })

  it('include=body gives list items exactly what GET by slug returns', async () => {
    const ana = await createByline(ctx, { name: 'Ana Ruiz' })
    await createArticle(ctx, {
      slug: 'full',
      status: 'published',
      publishedAt: at(-HOUR),
      bylines: [{ byline: ana.slug }],
      tags: ['a', 'b'],
      section: 'world',
      dek: 'A dek',
    })
    const item = (await list('?include=body')).items[0]
    const single = await ctx.api.get('/v1/articles/full')
    // jsonLd is for pages showing one article: list items leave it out.
    const { jsonLd, ...rest } = single.body
    expect(jsonLd).toMatchObject({ '@type': 'NewsArticle' })
    expect(item).toEqual(rest)
  })
})

describe('GET /v1/articles: SQL statements per page', () => {
  /** Creates `count` published articles, each crediting 2 or 3 of the bylines, through the API. */
  async function createCreditedArticles(from: number, count: number, bylines: string[]) {
    const BATCH = 10
    for (let start = from; start < from + count; start += BATCH) {
      await Promise.all(
        Array.from({ length: Math.min(BATCH, from + count - start) }, (_, k) => {
          const n = start + k
          const credits = [bylines[n % 4], bylines[(n + 1) % 4], ...(n % 2 ? [bylines[(n + 2) % 4]] : [])]
          return createArticle(ctx, {
            slug: `story-${n}`,
            section: 'world',
            tags: ['climate'],
            status: 'published',
            publishedAt: at(-(n + 1) * 60_000),
            bylines: credits.map((b) => ({ byline: b })),
          })
        }),
      )
    }
  }

  async function measure(query: string) {
    const anonymous = await ctx.countQueries(async () => {
      const res = await ctx.api.get(query)
      expect(res.status).toBe(200)
    })
    const keyed = await ctx.countQueries(async () => {
      const res = await ctx.api.get(query).set('authorization', ctx.auth.editor)
      expect(res.status).toBe(200)
    })
    return { anonymous, keyed }
  }

  it('a page costs the same small number of SQL statements for 5 and for 60 credited articles, anonymous or keyed', async () => {
    const bylines = await Promise.all(
      ['Ana Ruiz', 'Li Wei', 'Sam Roe', 'Kim Park'].map((name) => createByline(ctx, { name })),
    )
    const slugs = bylines.map((b) => b.slug)
    await createCreditedArticles(0, 5, slugs)
    // Let the key's lastUsedAt stamp happen outside the measurement.
    await ctx.api.get('/v1/articles').set('authorization', ctx.auth.editor)

    const queries = ['/v1/articles?limit=100', '/v1/articles?limit=100&include=body', `/v1/articles?limit=100&byline=${slugs[0]}&tag=Climate&section=world`]
    // Measured one at a time: the statement counter is shared.
    const measureAll = async () => {
      const out: (readonly [string, { anonymous: number; keyed: number }])[] = []
      for (const q of queries) out.push([q, await measure(q)] as const)
      return out
    }
    const small = await measureAll()
    const smallSizes = await Promise.all(queries.map((q) => list(q.replace('/v1/articles', ''))))
    expect(smallSizes[0]?.items).toHaveLength(5)
    expect(smallSizes[0]?.items.every((i) => i.bylines.length >= 2)).toBe(true)

    await createCreditedArticles(5, 55, slugs)
    const large = await measureAll()
    const largeSizes = await Promise.all(queries.map((q) => list(q.replace('/v1/articles', ''))))
    expect(largeSizes[0]?.items).toHaveLength(60)
    expect(largeSizes[0]?.items.every((i) => i.bylines.length >= 2 && i.bylines.length <= 3)).toBe(true)
    expect(largeSizes[1]?.items).toHaveLength(60)
    expect(largeSizes[2]?.items.length).toBeGreaterThan(5)

    console.info(`SQL statements per list page: ${JSON.stringify({ small, large })}`)
    for (let q = 0; q < queries.length; q++) {
      const [query, s] = small[q]!
      const [, l] = large[q]!
      expect(l, query).toEqual(s)
      expect(s.anonymous, query).toBeLessThanOrEqual(6)
      expect(s.keyed, query).toBeLessThanOrEqual(6)
      // The key lookup is the only extra statement a keyed request costs.
      expect(s.keyed, query).toBe(s.anonymous + 1)
    }
  })
})

describe('GET /v1/articles/{idOrSlug}', () => {
  it('returns the article by id and by slug, with body, bodyHtml and bylines in credit order', async () => {
    const [ana, li] = await Promise.all([
      createByline(ctx, { name: 'Ana Ruiz', slug: 'ana-ruiz' }),
      createByline(ctx, { name: 'Li Wei', slug: 'li-wei' }),
    ])
    const created = await createArticle(ctx, {
      slug: 'harbour-reopens',
      status: 'published',
      publishedAt: at(-HOUR),
      body: 'The harbour *reopened* on Monday.',
      bylines: [{ byline: li.slug }, { byline: ana.slug }],
    })
    const byId = await ctx.api.get(`/v1/articles/${created.id}`)
    const bySlug = await ctx.api.get('/v1/articles/harbour-reopens')
    expect(byId.status).toBe(200)
    expect(bySlug.status).toBe(200)
    expect(byId.headers['content-type']).toMatch(/^application\/json/)
    expect(bySlug.body).toEqual(byId.body)
    // Editorial lint comes with keyed responses only: the anonymous read is the created article without it.
    const { warnings, ...article } = created
    expect(warnings).toEqual([])
    expect(byId.body).not.toHaveProperty('warnings')
    expect(byId.body).toEqual(article)
    expect(byId.body).toMatchObject({
      id: created.id,
      slug: 'harbour-reopens',
      body: 'The harbour *reopened* on Monday.',
      bodyHtml: '<p>The harbour <em>reopened</em> on Monday.</p>\n',
      bylineText: 'By Li Wei and Ana Ruiz',
      publishedAt: at(-HOUR),
      version: 1,
    })
    expect(byId.body.bylines.map((b: { slug: string }) => b.slug)).toEqual(['li-wei', 'ana-ruiz'])
  })

  it('an id in upper case finds the same article', async () => {
    const created = await createArticle(ctx, { status: 'published', publishedAt: at(-HOUR) })
    const res = await ctx.api.get(`/v1/articles/${created.id.toUpperCase()}`)
    expect(res.status).toBe(200)
    expect(res.body.id).toBe(created.id)
  })

  it('carries ETag "<version>" to keyed readers and a content ETag to anonymous ones, by id and by slug, following edits', async () => {
    const created = await createArticle(ctx, { slug: 'etag-story', status: 'published', publishedAt: at(-HOUR) })
    const keyed = (ref: string) => ctx.api.get(`/v1/articles/${ref}`).set('authorization', ctx.auth.editor)
    const first = await keyed(created.id)
    expect(first.headers.etag).toBe('"1"')
    expect((await keyed('etag-story')).headers.etag).toBe('"1"')
    const anonymous = (await ctx.api.get(`/v1/articles/${created.id}`)).headers.etag
    expect(anonymous).toMatch(/^"[A-Za-z0-9_-]{20,}"$/)
    expect((await ctx.api.get('/v1/articles/etag-story')).headers.etag).toBe(anonymous)

    const patched = await ctx.api
      .patch('/v1/articles/etag-story')
      .set('authorization', ctx.auth.editor)
      .set('if-match', first.headers.etag as string)
      .send({ dek: 'Now with a dek' })
    expect(patched.status).toBe(200)
    expect(patched.headers.etag).toBe('"2"')
    const second = await ctx.api.get('/v1/articles/etag-story')
    expect(second.body.version).toBe(2)
    expect(second.headers.etag).toMatch(/^"[A-Za-z0-9_-]{20,}"$/)
    expect(second.headers.etag).not.toBe(anonymous)
    expect((await keyed('etag-story')).headers.etag).toBe('"2"')
  })

  it('an unknown slug or id is a 404 problem, anonymous or keyed', async () => {
    for (const auth of [undefined, ctx.auth.editor]) {
      for (const ref of ['no-such-story', '0190a6f1-0000-7000-8000-000000000000']) {
        const req = ctx.api.get(`/v1/articles/${ref}`)
        if (auth) req.set('authorization', auth)
        const body = problem(await req, 404)
        expect(body.detail).toContain(ref)
      }
    }
  })

  it('anonymous readers get 404 for a draft, an archived and a future-scheduled story, by slug and by id; an editor gets 200', async () => {
    const { draft, archived, scheduled } = await mixedStatuses(ctx)
    for (const article of [draft, archived, scheduled]) {
      for (const ref of [article.slug, article.id]) {
        problem(await ctx.api.get(`/v1/articles/${ref}`), 404)
        const asEditor = await ctx.api.get(`/v1/articles/${ref}`).set('authorization', ctx.auth.editor)
        expect(asEditor.status).toBe(200)
        expect(asEditor.body.id).toBe(article.id)
        expect(asEditor.headers.etag).toBe('"1"')
        const asAdmin = await ctx.api.get(`/v1/articles/${ref}`).set('authorization', ctx.auth.admin)
        expect(asAdmin.status).toBe(200)
      }
    }
  })

  it('the 404 for a hidden story is indistinguishable from the one for a missing story', async () => {
    await createArticle(ctx, { slug: 'secret-draft' })
    const hidden = problem(await ctx.api.get('/v1/articles/secret-draft'), 404)
    const missing = problem(await ctx.api.get('/v1/articles/never-existed'), 404)
    expect({ ...hidden, detail: '', instance: '' }).toEqual({ ...missing, detail: '', instance: '' })
  })

  it('odd path segments (over-long, NUL, encoded slashes, quotes) are client errors, never 500', async () => {
    const refs = ['a'.repeat(201), 'a'.repeat(301), '%00', 'a%00b', '%2F..%2F', "o'brien", '%F0%9F%8C%8D', '%E0%A4%A', '%ED%A0%80', '%FF']
    for (const ref of refs) {
      const res = await ctx.api.get(`/v1/articles/${ref}`)
      expect(res.status, `${ref}: ${JSON.stringify(res.body)}`).toBeGreaterThanOrEqual(400)
      expect(res.status, `${ref}: ${JSON.stringify(res.body)}`).toBeLessThan(500)
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/)
    }
    for (const ref of ['a'.repeat(201), '%00', 'a%00b']) {
      const res = await ctx.api.get(`/v1/articles/${ref}`).set('authorization', ctx.auth.editor)
      expect(problem(res, 400).errors?.map((e) => e.path), ref).toEqual(['path.idOrSlug'])
    }
  })
})

describe('Authorization on public reads', () => {
  const badHeaders = ['Basic x', 'Bearer nope', 'Bearer ', 'Bearer', 'Bearer ncms_not-a-real-key', 'ncms_token-without-scheme']

  it.each(badHeaders)('Authorization "%s" is a 401 problem on the list, even though it is public', async (header) => {
    await createArticle(ctx, { slug: 'public', status: 'published', publishedAt: at(-HOUR) })
    const res = await ctx.api.get('/v1/articles').set('authorization', header)
    problem(res, 401)
    expect(res.headers['www-authenticate']).toBe('Bearer')
  })

  it.each(badHeaders)('Authorization "%s" is a 401 problem on a single published article', async (header) => {
    await createArticle(ctx, { slug: 'public', status: 'published', publishedAt: at(-HOUR) })
    const res = await ctx.api.get('/v1/articles/public').set('authorization', header)
    problem(res, 401)
    expect(res.headers['www-authenticate']).toBe('Bearer')
  })

  it('the scheme is case-insensitive: "bearer <key>" works like "Bearer <key>"', async () => {
    await createArticle(ctx, { slug: 'secret-draft' })
    const res = await ctx.api.get('/v1/articles/secret-draft').set('authorization', ctx.auth.editor.replace('Bearer', 'bearer'))
    expect(res.status).toBe(200)
  })
})
