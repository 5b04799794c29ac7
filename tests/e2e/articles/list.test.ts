import { describe, expect, it } from 'vitest'
import { articleLists, mixedStatuses, slugsOf } from '../../helpers/article-lists.js'
import { createArticle, createByline } from '../../helpers/factories.js'
import { problem, useTestApp } from '../../helpers/test-app.js'
import { NOW, at, HOUR } from '../../helpers/time.js'

const ctx = useTestApp()
const { list, allPages } = articleLists(ctx)

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
      expect(new Set(slugsOf(body))).toEqual(
        new Set(['published-story', 'draft-story', 'archived-story', 'scheduled-story']),
      )
    }
  })

  it('an editor can filter by status: draft, archived, published (live now), scheduled and trashed', async () => {
    await mixedStatuses(ctx)
    const binned = await createArticle(ctx, {
      slug: 'trashed-story',
      status: 'published',
      publishedAt: at(-3 * HOUR),
    })
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
    expect(slugsOf(await list('?status=published', ctx.auth.admin))).toEqual([
      'scheduled-story',
      'published-story',
    ])
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
    const res = await ctx.api
      .get('/v1/articles?status=deleted')
      .set('authorization', ctx.auth.editor)
    expect(problem(res, 400).errors?.map((e) => e.path)).toEqual(['query.status'])
  })
})

describe('GET /v1/articles: ordering', () => {
  it('lists newest first by publishedAt, whatever the order stories were created in', async () => {
    await createArticle(ctx, {
      slug: 'two-hours-ago',
      status: 'published',
      publishedAt: at(-2 * HOUR),
    })
    await createArticle(ctx, { slug: 'just-now', status: 'published', publishedAt: at(-1000) })
    await createArticle(ctx, {
      slug: 'three-hours-ago',
      status: 'published',
      publishedAt: at(-3 * HOUR),
    })
    await createArticle(ctx, { slug: 'one-hour-ago', status: 'published', publishedAt: at(-HOUR) })
    expect(slugsOf(await list())).toEqual([
      'just-now',
      'one-hour-ago',
      'two-hours-ago',
      'three-hours-ago',
    ])
  })

  it('stories without publishedAt (drafts) are placed by their createdAt among the others, for keys', async () => {
    ctx.clock.set(at(-90 * 60 * 1000))
    await createArticle(ctx, { slug: 'draft-ninety-minutes-ago', status: 'draft' })
    ctx.clock.set(NOW)
    await createArticle(ctx, {
      slug: 'published-two-hours-ago',
      status: 'published',
      publishedAt: at(-2 * HOUR),
    })
    await createArticle(ctx, {
      slug: 'published-one-hour-ago',
      status: 'published',
      publishedAt: at(-HOUR),
    })
    await createArticle(ctx, { slug: 'draft-now', status: 'draft' })
    const body = await list('', ctx.auth.editor)
    expect(slugsOf(body)).toEqual([
      'draft-now',
      'published-one-hour-ago',
      'draft-ninety-minutes-ago',
      'published-two-hours-ago',
    ])
    expect(body.items.find((i) => i.slug === 'draft-now')?.publishedAt).toBeNull()
  })

  it('stories published at the same instant are ordered by id, descending, identically on every request and across pages', async () => {
    const same = at(-HOUR)
    const created = await Promise.all(
      Array.from({ length: 6 }, (_, n) =>
        createArticle(ctx, { slug: `tie-${n}`, status: 'published', publishedAt: same }),
      ),
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
          const credits = [
            bylines[n % 4],
            bylines[(n + 1) % 4],
            ...(n % 2 ? [bylines[(n + 2) % 4]] : []),
          ]
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

    const queries = [
      '/v1/articles?limit=100',
      '/v1/articles?limit=100&include=body',
      `/v1/articles?limit=100&byline=${slugs[0]}&tag=Climate&section=world`,
    ]
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
    expect(largeSizes[0]?.items.every((i) => i.bylines.length >= 2 && i.bylines.length <= 3)).toBe(
      true,
    )
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
