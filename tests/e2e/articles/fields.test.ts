import { describe, expect, it } from 'vitest'
import {
  ARTICLE_DATA_FIELDS,
  ARTICLE_FIELDS,
} from '../../../src/modules/articles/articles.schemas.js'
import { createArticle, createByline } from '../../helpers/factories.js'
import { problem, useTestApp } from '../../helpers/test-app.js'
import { at, HOUR } from '../../helpers/time.js'

const ctx = useTestApp()

/** A published story with two authors, a dek, tags and a hero image, and a second, older one. */
async function publishedStories() {
  const [ana, li] = await Promise.all([
    createByline(ctx, { name: 'Ana Ruiz', slug: 'ana-ruiz' }),
    createByline(ctx, { name: 'Li Wei', slug: 'li-wei' }),
  ])
  const story = await createArticle(ctx, {
    slug: 'river-talks',
    headline: 'River talks resume',
    dek: 'Seven states meet again.',
    body: 'The talks resumed on **Monday**.',
    section: 'world',
    tags: ['water'],
    heroImage: { url: 'https://img.example/river.jpg', alt: 'The river at dusk' },
    bylines: [{ byline: ana.slug }, { byline: li.slug }],
    status: 'published',
    publishedAt: at(-HOUR),
  })
  const older = await createArticle(ctx, {
    slug: 'older-story',
    status: 'published',
    publishedAt: at(-2 * HOUR),
  })
  return { story, older }
}

const get = (path: string, auth?: string) => {
  const req = ctx.api.get(path)
  return auth ? req.set('authorization', auth) : req
}

describe('GET /v1/articles/{idOrSlug}?fields=…', () => {
  it('returns only the chosen fields, and id always, by slug and by id', async () => {
    const { story } = await publishedStories()
    for (const ref of [story.slug, story.id]) {
      const res = await get(`/v1/articles/${ref}?fields=slug,headline`)
      expect(res.status).toBe(200)
      expect(res.body).toEqual({
        id: story.id,
        slug: 'river-talks',
        headline: 'River talks resume',
      })
    }
    expect((await get(`/v1/articles/${story.slug}?fields=id`)).body).toEqual({ id: story.id })
    // An empty selection chooses no field: the id alone, as in JSON:API.
    expect((await get(`/v1/articles/${story.slug}?fields=`)).body).toEqual({ id: story.id })
  })

  it('gives each chosen field the value the whole article has, computed ones included', async () => {
    const { story } = await publishedStories()
    const whole = (await get(`/v1/articles/${story.slug}`)).body
    const computed = await get(
      `/v1/articles/${story.slug}?fields=jsonLd,bylineText,status,heroImage`,
    )
    expect(computed.body).toEqual({
      id: story.id,
      heroImage: whole.heroImage,
      bylineText: 'By Ana Ruiz and Li Wei',
      status: 'published',
      jsonLd: whole.jsonLd,
    })
    // Repeated names work like comma-separated ones, in any order, duplicates ignored.
    const repeated = await get(
      `/v1/articles/${story.slug}?fields=bylineText&fields=jsonLd,heroImage&fields=status,status`,
    )
    expect(repeated.body).toEqual(computed.body)
  })

  it('keeps the keyed version ETag, and gives each selection its own anonymous content ETag that revalidates', async () => {
    const { story } = await publishedStories()
    expect(
      (await get(`/v1/articles/${story.slug}?fields=headline`, ctx.auth.editor)).headers.etag,
    ).toBe('"1"')

    const [whole, lean] = await Promise.all([
      get(`/v1/articles/${story.slug}`),
      get(`/v1/articles/${story.slug}?fields=headline`),
    ])
    expect(lean.headers.etag).toMatch(/^"[A-Za-z0-9_-]{20,}"$/)
    expect(lean.headers.etag).not.toBe(whole.headers.etag)
    const revalidated = await get(`/v1/articles/${story.slug}?fields=headline`).set(
      'if-none-match',
      lean.headers.etag as string,
    )
    expect(revalidated.status).toBe(304)
  })

  it('gives editors their warnings only when chosen, and never to anonymous readers', async () => {
    // No byline and no credit line: the lint says nobody is credited.
    const draft = await createArticle(ctx, { slug: 'uncredited', headline: 'Uncredited' })

    const whole = await get(`/v1/articles/${draft.slug}`, ctx.auth.editor)
    expect(whole.body.warnings.map((w: { code: string }) => w.code)).toContain('nobody-credited')
    expect((await get(`/v1/articles/${draft.slug}?fields=headline`, ctx.auth.editor)).body).toEqual(
      { id: draft.id, headline: 'Uncredited' },
    )
    expect((await get(`/v1/articles/${draft.slug}?fields=warnings`, ctx.auth.editor)).body).toEqual(
      { id: draft.id, warnings: whole.body.warnings },
    )

    const { story } = await publishedStories()
    expect((await get(`/v1/articles/${story.slug}?fields=warnings,headline`)).body).toEqual({
      id: story.id,
      headline: 'River talks resume',
    })
  })

  it('follows an old slug with a 308 that keeps the query string, so the selection survives the redirect', async () => {
    const { story } = await publishedStories()
    const renamed = await ctx.api
      .patch(`/v1/articles/${story.slug}`)
      .set('authorization', ctx.auth.editor)
      .set('if-match', `"${story.version}"`)
      .send({ slug: 'river-talks-resume' })
    expect(renamed.status).toBe(200)

    const moved = await get('/v1/articles/river-talks?fields=headline')
    expect(moved.status).toBe(308)
    expect(moved.headers.location).toBe('/v1/articles/river-talks-resume?fields=headline')
    expect((await get(moved.headers.location as string)).body).toEqual({
      id: story.id,
      headline: 'River talks resume',
    })
  })

  it('reads no credits when no chosen field shows them', async () => {
    const { story } = await publishedStories()
    // Keyed, so that no cached response answers; the key's lastUsedAt stamp happens before the measurement.
    await get(`/v1/articles/${story.slug}`, ctx.auth.editor)
    const lean = await ctx.countQueries(() =>
      get(`/v1/articles/${story.slug}?fields=headline,dek`, ctx.auth.editor),
    )
    const credited = await ctx.countQueries(() =>
      get(`/v1/articles/${story.slug}?fields=headline,bylineText`, ctx.auth.editor),
    )
    // The key lookup, then the article's row alone.
    expect(lean).toBe(2)
    expect(credited).toBeGreaterThanOrEqual(lean)
  })
})

describe('GET /v1/articles?fields=…', () => {
  it('returns only the chosen fields of every item, and id always; the page envelope stays', async () => {
    const { story, older } = await publishedStories()
    const res = await get('/v1/articles?fields=slug,bylineText&limit=1')
    expect(res.status).toBe(200)
    expect(res.body.items).toEqual([
      { id: story.id, slug: 'river-talks', bylineText: 'By Ana Ruiz and Li Wei' },
    ])
    expect(res.body.page.limit).toBe(1)
    expect(res.body.page.nextCursor).toEqual(expect.any(String))

    const next = await get(
      `/v1/articles?fields=slug,bylineText&limit=1&cursor=${res.body.page.nextCursor}`,
    )
    expect(next.body.items).toEqual([{ id: older.id, slug: 'older-story', bylineText: null }])
    expect(next.body.page.nextCursor).toBeNull()
  })

  it('adds body and bodyHtml to the chosen fields with include=body, and gives them when chosen without it', async () => {
    const { story, older } = await publishedStories()
    const included = await get('/v1/articles?fields=headline&include=body')
    expect(included.body.items[0]).toEqual({
      id: story.id,
      headline: 'River talks resume',
      body: 'The talks resumed on **Monday**.',
      bodyHtml: '<p>The talks resumed on <strong>Monday</strong>.</p>\n',
    })
    expect(included.body.items[1]).toEqual({
      id: older.id,
      headline: older.headline,
      body: older.body,
      bodyHtml: older.bodyHtml,
    })

    const chosen = await get('/v1/articles?fields=bodyHtml')
    expect(chosen.body.items[0]).toEqual({
      id: story.id,
      bodyHtml: '<p>The talks resumed on <strong>Monday</strong>.</p>\n',
    })
  })

  it('keeps rank and snippet of a search whatever the fields', async () => {
    const { story } = await publishedStories()
    const res = await get('/v1/articles?q=river&snippet=true&fields=slug')
    expect(res.status).toBe(200)
    expect(res.body.items).toEqual([
      { id: story.id, slug: 'river-talks', rank: expect.any(Number), snippet: expect.any(String) },
    ])
  })

  it('without fields, items are unchanged: every field but the body', async () => {
    const { story } = await publishedStories()
    const [item] = (await get('/v1/articles?limit=1')).body.items
    expect(Object.keys(item)).toEqual(
      ARTICLE_DATA_FIELDS.filter((f) => f !== 'body' && f !== 'bodyHtml'),
    )
    expect(item.id).toBe(story.id)
  })
})

describe('fields: validation', () => {
  it('an unknown name is a 400 on query.fields naming every unknown one, on lists and on single articles', async () => {
    const { story } = await publishedStories()
    const cases = [
      [`/v1/articles/${story.slug}?fields=headline,nope,Headline`, ['"nope"', '"Headline"']],
      ['/v1/articles?fields=slug&fields=bogus', ['"bogus"']],
      // JSON-LD and lint warnings come with single articles only.
      ['/v1/articles?fields=jsonLd,warnings', ['"jsonLd"', '"warnings"']],
      ['/v1/articles?fields=rank', ['"rank"']],
    ] as const
    for (const [path, names] of cases) {
      for (const auth of [undefined, ctx.auth.editor]) {
        const body = problem(await get(path, auth), 400)
        expect(body.errors).toHaveLength(1)
        expect(body.errors?.[0]?.path).toBe('query.fields')
        for (const name of names) expect(body.errors?.[0]?.message).toContain(name)
      }
    }
  })

  it('a rejected request changes nothing', async () => {
    const { story } = await publishedStories()
    const before = await ctx.snapshot()
    problem(await get(`/v1/articles/${story.slug}?fields=nope`, ctx.auth.editor), 400)
    problem(await get('/v1/articles?fields=nope', ctx.auth.editor), 400)
    expect(await ctx.snapshot()).toEqual(before)
    expect((await get(`/v1/articles/${story.slug}`)).body.version).toBe(story.version)
  })

  it('the OpenAPI document lists the names the article schema has, and only those', async () => {
    const document = (await get('/openapi.json')).body
    const enumOf = (path: string) => {
      const fields = document.paths[path].get.parameters.find(
        (p: { name: string }) => p.name === 'fields',
      )
      return fields.schema.anyOf.find((s: { type: string }) => s.type === 'array').items.enum
    }
    expect(enumOf('/v1/articles/{idOrSlug}')).toEqual(ARTICLE_FIELDS)
    expect(enumOf('/v1/articles')).toEqual(ARTICLE_DATA_FIELDS)
  })
})
