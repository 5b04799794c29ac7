import { describe, expect, it } from 'vitest'
import { createKey } from '../../../src/modules/keys/keys.service.js'
import { createArticle, createSection } from '../../helpers/factories.js'
import { type SectionBody, sectionRequests } from '../../helpers/sections.js'
import { paths, problem, useTestApp } from '../../helpers/test-app.js'

const ctx = useTestApp()
const { post, patch, del, get, list, counts } = sectionRequests(ctx)

/** Runs a request that must be refused and asserts that nothing changed. */
async function refused(run: () => PromiseLike<{ status: number }>, status: number) {
  const before = await counts()
  const res = await run()
  const p = problem(res as never, status) as ReturnType<typeof problem> & Record<string, unknown>
  expect(await counts()).toEqual(before)
  return p
}

describe('/v1/sections', () => {
  it('creates a section with every field, deriving the slug from the name', async () => {
    const parent = await createSection(ctx, { name: 'World' })
    const res = await post({
      name: 'Middle East & Africa',
      description: 'Reporting from two continents.',
      position: 3,
      parent: 'world',
      seoTitle: 'Middle East and Africa news',
      seoDescription: 'The latest from the region.',
    })
    expect(res.status).toBe(201)
    expect(res.headers.etag).toBe('"1"')
    expect(res.body).toMatchObject({
      slug: 'middle-east-and-africa',
      name: 'Middle East & Africa',
      description: 'Reporting from two continents.',
      position: 3,
      parent: { slug: 'world', name: 'World' },
      seoTitle: 'Middle East and Africa news',
      seoDescription: 'The latest from the region.',
      version: 1,
    })
    expect((await get(res.body.id)).body).toEqual(res.body)
    expect((await get('middle-east-and-africa')).body).toEqual(res.body)
    expect(parent.slug).toBe('world')
  })

  it('lists every section to anonymous readers, by position and then name', async () => {
    await createSection(ctx, { name: 'Sport', position: 2 })
    await createSection(ctx, { name: 'World', position: 0 })
    await createSection(ctx, { name: 'Culture', position: 2 })
    await createSection(ctx, { name: 'Business', position: 1 })
    const res = await list()
    expect(res.status).toBe(200)
    expect((res.body.items as SectionBody[]).map((s) => s.slug)).toEqual([
      'world',
      'business',
      'culture',
      'sport',
    ])
    problem(await list('?page=2'), 400)
  })

  it('changes some fields with If-Match, and refuses a stale one with 412', async () => {
    const s = await createSection(ctx, { name: 'World', description: 'Old' })
    const res = await patch('world', { description: 'New', position: 4 }, { 'if-match': '"1"' })
    expect(res.status).toBe(200)
    expect(res.headers.etag).toBe('"2"')
    expect(res.body).toMatchObject({ name: 'World', description: 'New', position: 4, version: 2 })
    await refused(() => patch(s.id, { description: 'Stale' }, { 'if-match': '"1"' }), 412)
    const cleared = await patch('world', { description: null })
    expect(cleared.body.description).toBeNull()
  })

  it('deletes an unused section, and refuses with 409 naming the count while articles use it', async () => {
    await createSection(ctx, { name: 'World' })
    await createArticle(ctx, { section: 'world', slug: 'one' })
    const trashed = await createArticle(ctx, { section: 'world', slug: 'two' })
    await ctx.api
      .delete(`/v1/articles/${trashed.id}`)
      .set('authorization', ctx.auth.editor)
      .set('if-match', '"1"')
      .expect(204)
    const p = await refused(() => del('world'), 409)
    expect(p.articleCount).toBe(2)
    expect(p.detail).toContain('2 article(s)')
    await createSection(ctx, { name: 'Empty' })
    expect((await del('empty')).status).toBe(204)
    problem(await get('empty'), 404)
  })

  it('refuses to delete a section that has sub-sections', async () => {
    await createSection(ctx, { name: 'Science' })
    await createSection(ctx, { name: 'Climate', parent: 'science' })
    const p = await refused(() => del('science'), 409)
    expect(p.detail).toContain('climate')
  })

  it('refuses invalid input with 400 naming the fields, changing nothing', async () => {
    for (const [body, field] of [
      [{}, 'name'],
      [{ name: '   ' }, 'name'],
      [{ name: 'x'.repeat(101) }, 'name'],
      [{ name: 'World', slug: 'Not A Slug' }, 'slug'],
      [{ name: 'World', position: -1 }, 'position'],
      [{ name: 'World', position: 1.5 }, 'position'],
      [{ name: 'World', description: 'x'.repeat(2001) }, 'description'],
      [{ name: 'World', seoTitle: '' }, 'seoTitle'],
      [{ name: 'World', colour: 'red' }, 'colour'],
    ] as const) {
      const p = await refused(() => post(body), 400)
      expect(paths(p).join(), JSON.stringify(body)).toContain(field)
    }
    await createSection(ctx, { name: 'World' })
    const p = await refused(() => patch('world', { name: null }), 400)
    expect(paths(p)).toEqual(['name'])
  })

  it('refuses a taken name (in any case) or slug with 409, and an unknown parent or a cycle with 422', async () => {
    await createSection(ctx, { name: 'World' })
    await createSection(ctx, { name: 'Europe', parent: 'world' })
    await createSection(ctx, { name: 'France', parent: 'europe' })
    expect((await refused(() => post({ name: 'wORLD' }), 409)).field).toBe('name')
    expect((await refused(() => post({ name: 'Earth', slug: 'world' }), 409)).field).toBe('slug')
    expect(paths(await refused(() => post({ name: 'Mars', parent: 'space' }), 422))).toEqual([
      'parent',
    ])
    expect(paths(await refused(() => patch('world', { parent: 'france' }), 422))).toEqual([
      'parent',
    ])
    expect(paths(await refused(() => patch('world', { parent: 'world' }), 422))).toEqual(['parent'])
    expect((await refused(() => patch('europe', { name: 'France' }), 409)).field).toBe('name')
    const moved = await patch('france', { parent: null })
    expect(moved.body.parent).toBeNull()
  })

  it('lets only chief and admin keys write: anonymous 401, editors and contributors 403', async () => {
    await createSection(ctx, { name: 'World' })
    const [chief, contributor] = await Promise.all(
      (['chief', 'contributor'] as const).map(async (role) => {
        const { key } = await createKey(ctx.db.prisma, { name: `test ${role}`, role })
        return `Bearer ${key}`
      }),
    )
    expect((await post({ name: 'Culture' }, chief)).status).toBe(201)
    expect((await patch('culture', { position: 2 }, {}, chief)).status).toBe(200)
    expect((await del('culture', {}, chief)).status).toBe(204)
    await refused(() => post({ name: 'Sport' }, contributor), 403)
    await refused(() => post({ name: 'Sport' }, null), 401)
    await refused(() => post({ name: 'Sport' }, ctx.auth.editor), 403)
    await refused(() => patch('world', { name: 'Earth' }, {}, null), 401)
    await refused(() => patch('world', { name: 'Earth' }, {}, ctx.auth.editor), 403)
    await refused(() => del('world', {}, ctx.auth.editor), 403)
    expect((await get('world', '', ctx.auth.editor)).status).toBe(200)
  })

  it('keeps an old slug answering 308 after a rename, and reserves it', async () => {
    const s = await createSection(ctx, { name: 'World' })
    const renamed = await patch('world', { slug: 'international', name: 'International' })
    expect(renamed.status).toBe(200)
    const moved = await get('world', '?include=articles&limit=3')
    expect(moved.status).toBe(308)
    expect(moved.headers.location).toBe('/v1/sections/international?include=articles&limit=3')
    expect((await get('international')).body.id).toBe(s.id)
    expect((await refused(() => post({ name: 'World', slug: 'world' }), 409)).field).toBe('slug')
    // Its own old slug is the section's to take back.
    const back = await patch('international', { slug: 'world' })
    expect(back.body.slug).toBe('world')
    expect((await get('international')).status).toBe(308)
    expect((await get('world')).status).toBe(200)
  })
})

describe('GET /v1/sections/{slug}?include=articles', () => {
  it("embeds the section's latest published stories as GET /v1/articles lists them", async () => {
    await createSection(ctx, { name: 'World' })
    await createSection(ctx, { name: 'Sport' })
    const hours = (n: number) => new Date(Date.parse('2026-06-01T12:00:00Z') - n * 3_600_000)
    for (const [slug, section, ago] of [
      ['w1', 'world', 3],
      ['w2', 'world', 1],
      ['w3', 'world', 2],
      ['s1', 'sport', 0],
    ] as const) {
      await createArticle(ctx, {
        slug,
        section,
        status: 'published',
        publishedAt: hours(ago).toISOString(),
      })
    }
    await createArticle(ctx, { slug: 'w-draft', section: 'world' })
    const res = await get('world', '?include=articles&limit=2')
    expect(res.status).toBe(200)
    expect(res.body.slug).toBe('world')
    const articles = res.body.articles as SectionBody['articles']
    expect(articles?.items.map((a) => a.slug)).toEqual(['w2', 'w3'])
    expect(articles?.page.nextCursor).toEqual(expect.any(String))
    const listed = await ctx.api.get('/v1/articles?section=world&limit=2')
    expect(articles).toEqual(listed.body)
    // Also for keyed readers: a section page shows public stories only.
    const keyed = await get('world', '?include=articles&limit=5', ctx.auth.editor)
    expect(keyed.body.articles.items.map((a: { slug: string }) => a.slug)).toEqual([
      'w2',
      'w3',
      'w1',
    ])
    expect((await get('world')).body.articles).toBeUndefined()
    problem(await get('world', '?include=articles&limit=51'), 400)
    problem(await get('world', '?include=bylines'), 400)
  })
})
