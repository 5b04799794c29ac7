import { describe, expect, it } from 'vitest'
import { articleLists, slugsOf } from '../../helpers/article-lists.js'
import { createArticle, createByline } from '../../helpers/factories.js'
import { problem, useTestApp } from '../../helpers/test-app.js'
import { at, DAY, HOUR } from '../../helpers/time.js'

const ctx = useTestApp()
const { list } = articleLists(ctx)

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
    await createArticle(ctx, {
      slug: 'draft-world-climate-ana',
      section: 'world',
      tags: ['climate'],
      bylines: [{ byline: ana.slug }],
    })
    return { ana, li, sam }
  }

  it('section=world returns only stories in that section', async () => {
    await filterFixture()
    expect(slugsOf(await list('?section=world'))).toEqual([
      'world-climate-ana',
      'world-politics-li',
      'world-climate-sam-photo',
    ])
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
    expect(slugsOf(await list('?byline=ana-ruiz'))).toEqual([
      'world-climate-ana',
      'science-climate-li-ana',
    ])
    expect(slugsOf(await list('?byline=li-wei'))).toEqual([
      'world-politics-li',
      'science-climate-li-ana',
      'world-climate-sam-photo',
    ])
    expect(slugsOf(await list('?byline=sam-roe'))).toEqual(['world-climate-sam-photo'])
    expect(slugsOf(await list('?byline=nobody'))).toEqual([])
  })

  it('combined filters narrow to stories matching all of them', async () => {
    await filterFixture()
    expect(slugsOf(await list('?section=world&tag=Climate'))).toEqual([
      'world-climate-ana',
      'world-climate-sam-photo',
    ])
    expect(slugsOf(await list('?section=world&tag=climate&byline=li-wei'))).toEqual([
      'world-climate-sam-photo',
    ])
    expect(slugsOf(await list('?section=science&byline=ana-ruiz&tag=climate'))).toEqual([
      'science-climate-li-ana',
    ])
    expect(slugsOf(await list('?section=science&byline=sam-roe'))).toEqual([])
  })

  it('filters combine with status and visibility: an editor finds the draft, anonymous readers do not', async () => {
    await filterFixture()
    expect(slugsOf(await list('?section=world&tag=climate&byline=ana-ruiz'))).toEqual([
      'world-climate-ana',
    ])
    expect(
      slugsOf(await list('?section=world&tag=climate&byline=ana-ruiz', ctx.auth.editor)),
    ).toEqual(['draft-world-climate-ana', 'world-climate-ana'])
    expect(slugsOf(await list('?status=draft&byline=ana-ruiz', ctx.auth.editor))).toEqual([
      'draft-world-climate-ana',
    ])
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
    expect(problem(res, 400).errors?.map((e) => e.path)).toEqual([
      'query.sort',
      'query.author',
      'query.page',
      'query.foo',
    ])
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
      expect(
        problem(res, 400).errors?.map((e) => e.path),
        query,
      ).toEqual([path])
    }
  })

  it('filter values with odd characters (quotes, LIKE wildcards, emoji) match nothing and never cause a 500', async () => {
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
        expect(
          problem(res, 400).errors?.map((e) => e.path),
          `${param}=${value}`,
        ).toEqual([`query.${param}`])
      }
    }
  })

  it('filters by language, publication window and last change (for sync jobs)', async () => {
    const story = (slug: string, fields: Record<string, unknown>) =>
      createArticle(ctx, { slug, headline: slug, status: 'published', ...fields })
    await story('old-english', { publishedAt: at(-3 * DAY) })
    await story('recent-spanish', { language: 'es', publishedAt: at(-HOUR) })
    await story('recent-english', { publishedAt: at(-2 * HOUR) })
    ctx.clock.advance(HOUR)
    const edited = await ctx.api
      .patch('/v1/articles/old-english')
      .set('authorization', ctx.auth.editor)
      .set('if-match', '"1"')
      .send({ dek: 'Updated.' })
    expect(edited.status).toBe(200)
    const slugs = async (query: string) =>
      ((await ctx.api.get(`/v1/articles?${query}`)).body.items as { slug: string }[]).map(
        (i) => i.slug,
      )
    expect(await slugs('language=es')).toEqual(['recent-spanish'])
    expect(await slugs('language=ES')).toEqual(['recent-spanish'])
    expect(await slugs(`publishedAfter=${at(-DAY)}`)).toEqual(['recent-spanish', 'recent-english'])
    expect(await slugs(`publishedBefore=${at(-DAY)}`)).toEqual(['old-english'])
    expect(
      await slugs(`publishedAfter=${at(-3 * HOUR)}&publishedBefore=${at(-90 * 60_000)}`),
    ).toEqual(['recent-english'])
    expect(await slugs(`updatedSince=${at(30 * 60_000)}`)).toEqual(['old-english'])
    for (const bad of ['language=xx-!!', 'updatedSince=yesterday', 'publishedAfter=2026-13-01']) {
      const name = bad.split('=')[0]
      expect(
        problem(await ctx.api.get(`/v1/articles?${bad}`), 400).errors?.map((e) => e.path),
      ).toEqual([`query.${name}`])
    }
  })
})
