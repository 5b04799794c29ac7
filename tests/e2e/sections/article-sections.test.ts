import { describe, expect, it } from 'vitest'
import { articleWrites, ifMatch } from '../../helpers/article-writes.js'
import { createArticle, createSection } from '../../helpers/factories.js'
import { sectionRequests } from '../../helpers/sections.js'
import { paths, problem, useTestApp } from '../../helpers/test-app.js'
import { at, HOUR } from '../../helpers/time.js'

const ctx = useTestApp()
const { post, patch } = articleWrites(ctx)
const sections = sectionRequests(ctx)

const published = { status: 'published', publishedAt: at(-HOUR) }

describe("an article's section", () => {
  it('is named by slug or by name in any case, and returned as {slug, name} everywhere', async () => {
    await createSection(ctx, { name: 'World News', slug: 'world' })
    const bySlug = await createArticle(ctx, { slug: 'a', section: 'world', ...published })
    const byName = await createArticle(ctx, { slug: 'b', section: 'wORLD nEWS', ...published })
    const ref = { slug: 'world', name: 'World News' }
    expect(bySlug.section).toEqual(ref)
    expect(byName.section).toEqual(ref)
    const read = (await ctx.api.get('/v1/articles/b')).body
    expect(read.section).toEqual(ref)
    expect(read.jsonLd.articleSection).toBe('World News')
    const items = (await ctx.api.get('/v1/articles?section=world')).body.items
    expect(items.map((i: { section: unknown }) => i.section)).toEqual([ref, ref])
    const ninjs = (await ctx.api.get('/v1/articles/b/ninjs')).body
    expect(ninjs.subjects).toContainEqual({ name: 'World News', rel: 'section' })
    const feed = (await ctx.api.get('/v1/feeds/json')).text
    expect(feed).toContain('World News')
  })

  it('refuses an unknown section with 422 naming section and the value, creating nothing', async () => {
    await createSection(ctx, { name: 'World' })
    const before = await sections.counts()
    const p = problem(await post({ headline: 'Lost', section: 'Atlantis' }), 422)
    expect(paths(p)).toEqual(['section'])
    expect(p.detail).toContain('"Atlantis"')
    expect(p.errors?.[0]?.message).toContain('Atlantis')
    expect(await sections.counts()).toEqual(before)
    const a = await createArticle(ctx, { section: 'world' })
    const q = problem(await patch(a.id, { section: 'nowhere' }, ifMatch(a)), 422)
    expect(paths(q)).toEqual(['section'])
    expect(
      (await ctx.api.get(`/v1/articles/${a.id}`).set('authorization', ctx.auth.editor)).body.section
        .slug,
    ).toBe('world')
  })

  it('follows a renamed section, whose old slug answers 308 in list filters with the other parameters kept', async () => {
    await createSection(ctx, { name: 'World' })
    const a = await createArticle(ctx, { slug: 'a', section: 'world', ...published })
    await sections.patch('world', { slug: 'international', name: 'International' }).expect(200)
    const moved = await ctx.api.get('/v1/articles?limit=5&section=world&language=en')
    expect(moved.status).toBe(308)
    expect(moved.headers.location).toBe('/v1/articles?limit=5&section=international&language=en')
    const list = await ctx.api.get(String(moved.headers.location))
    expect(list.body.items.map((i: { id: string }) => i.id)).toEqual([a.id])
    expect(list.body.items[0].section).toEqual({ slug: 'international', name: 'International' })
    // An article may still name it by its old slug.
    const b = await createArticle(ctx, { section: 'world' })
    expect(b.section).toEqual({ slug: 'international', name: 'International' })
    // A section that never existed is an empty list, not a redirect.
    const none = await ctx.api.get('/v1/articles?section=atlantis')
    expect(none.status).toBe(200)
    expect(none.body.items).toEqual([])
  })

  it('shows the new name in cached answers right after a rename', async () => {
    await createSection(ctx, { name: 'World' })
    await createArticle(ctx, { slug: 'a', section: 'world', ...published })
    const urls = [
      '/v1/articles/a',
      '/v1/articles?limit=5',
      '/v1/articles?section=world',
      '/v1/sections/world',
    ]
    for (const url of urls) {
      await ctx.api.get(url).expect(200)
      expect((await ctx.api.get(url)).headers['x-cache'], url).toBe('HIT')
    }
    await sections.patch('world', { name: 'Global' }).expect(200)
    const article = await ctx.api.get('/v1/articles/a')
    expect(article.headers['x-cache']).toBe('MISS')
    expect(article.body.section).toEqual({ slug: 'world', name: 'Global' })
    expect(article.body.jsonLd.articleSection).toBe('Global')
    for (const url of urls.slice(1, 3)) {
      const res = await ctx.api.get(url)
      expect(res.headers['x-cache'], url).toBe('MISS')
      expect(res.body.items[0].section.name, url).toBe('Global')
    }
    expect((await ctx.api.get('/v1/sections/world')).body.name).toBe('Global')
  })

  it('restores an old revision under the section and tags as they are called now', async () => {
    await createSection(ctx, { name: 'World' })
    await createSection(ctx, { name: 'Sport' })
    const a = await createArticle(ctx, { section: 'world', tags: ['flood', 'rain'] })
    const v2 = await patch(a.id, { section: 'sport', tags: ['cup'] }, ifMatch(a))
    await sections.patch('world', { slug: 'international' }).expect(200)
    await ctx.api
      .post('/v1/tags/flood/merge')
      .set('authorization', ctx.auth.admin)
      .send({ into: 'rain' })
      .expect(200)
    const restore = (version: number, current: { version: number }) =>
      ctx.api
        .post(`/v1/articles/${a.id}/revisions/${version}/restore`)
        .set('authorization', ctx.auth.editor)
        .set('if-match', `"${current.version}"`)
    const v3 = await restore(1, v2.body)
    expect(v3.status).toBe(200)
    expect(v3.body.section).toEqual({ slug: 'international', name: 'World' })
    expect(v3.body.tags).toEqual(['rain'])
    // A section deleted since cannot be restored: 422 naming it.
    await sections.del('sport').expect(204)
    const current = (
      await ctx.api.get(`/v1/articles/${a.id}`).set('authorization', ctx.auth.editor)
    ).body
    expect(paths(problem(await restore(2, current), 422))).toEqual(['section'])
  })
})
