import { describe, expect, it } from 'vitest'
import { createArticle } from '../../../helpers/factories.js'
import { problem, useTestApp } from '../../../helpers/test-app.js'

const ctx = useTestApp()

const HOUR = 60 * 60 * 1000

type Problem = ReturnType<typeof problem> & { field?: string }

/** An anonymous read unless a key is given. */
const read = (ref: string, auth: string | null = null) => {
  const req = ctx.api.get(`/v1/articles/${encodeURIComponent(ref)}`)
  return auth === null ? req : req.set('authorization', auth)
}
const currentVersion = async (id: string) =>
  (await read(id, ctx.auth.editor)).body.version as number

/** PATCHes with the current ETag. */
async function patch(id: string, body: object) {
  return ctx.api
    .patch(`/v1/articles/${id}`)
    .set('authorization', ctx.auth.editor)
    .set('if-match', `"${await currentVersion(id)}"`)
    .send(body)
}
async function rename(id: string, slug: string) {
  const res = await patch(id, { slug })
  if (res.status !== 200)
    throw new Error(`rename to ${slug}: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body as { id: string; slug: string; version: number }
}
async function action(id: string, name: 'unpublish' | 'publish' | 'restore') {
  const res = await ctx.api.post(`/v1/articles/${id}/${name}`).set('authorization', ctx.auth.editor)
  if (res.status !== 200) throw new Error(`${name}: ${res.status} ${JSON.stringify(res.body)}`)
}
async function trash(id: string) {
  const res = await ctx.api
    .delete(`/v1/articles/${id}`)
    .set('authorization', ctx.auth.editor)
    .set('if-match', `"${await currentVersion(id)}"`)
  if (res.status !== 204) throw new Error(`trash: ${res.status} ${JSON.stringify(res.body)}`)
}

const published = (slug: string, fields: Record<string, unknown> = {}) =>
  createArticle(ctx, { slug, status: 'published', ...fields })

/** Asserts a 308 from `from` to the article now at `to`, and returns the response. */
async function expectMoved(from: string, to: string, auth: string | null = null) {
  const res = await read(from, auth)
  expect(res.status, `GET ${from}`).toBe(308)
  expect(res.headers.location).toBe(`/v1/articles/${to}`)
  expect(res.headers['content-type']).toMatch(/^application\/json/)
  expect(res.body).toEqual({ slug: to, location: `/v1/articles/${to}` })
  return res
}

/** Runs a request that must be rejected and asserts that nothing changed. */
async function unchanged<T>(run: () => Promise<T>): Promise<T> {
  const state = async () => ({
    ...(await ctx.snapshot()),
    redirects: await ctx.db.prisma.articleSlugRedirect.findMany({ orderBy: { slug: 'asc' } }),
    slugs: (
      await ctx.db.prisma.article.findMany({ orderBy: { slug: 'asc' }, select: { slug: true } })
    ).map((a) => a.slug),
  })
  const before = await state()
  const result = await run()
  expect(await state()).toEqual(before)
  return result
}

describe('old slugs of published articles', () => {
  it('answers an anonymous GET of the old slug with 308, the current URL in Location and a JSON body saying so', async () => {
    const a = await published('storm-hits-coast')
    await rename(a.id, 'storm-hits-north-coast')
    await expectMoved('storm-hits-coast', 'storm-hits-north-coast')
  })

  it('leads to the article itself when the Location is followed', async () => {
    const a = await published('storm-hits-coast', { headline: 'Storm hits coast' })
    await rename(a.id, 'storm-hits-north-coast')
    const moved = await expectMoved('storm-hits-coast', 'storm-hits-north-coast')
    const followed = await ctx.api.get(moved.headers.location as string)
    expect(followed.status).toBe(200)
    expect(followed.body).toMatchObject({
      id: a.id,
      slug: 'storm-hits-north-coast',
      headline: 'Storm hits coast',
    })
  })

  it('redirects keyed readers from the old slug as well', async () => {
    const a = await published('old-name')
    await rename(a.id, 'new-name')
    await expectMoved('old-name', 'new-name', ctx.auth.editor)
  })

  it('redirects every old slug straight to the current one after two renames', async () => {
    const a = await published('first-name')
    await rename(a.id, 'second-name')
    await rename(a.id, 'third-name')
    await expectMoved('first-name', 'third-name')
    await expectMoved('second-name', 'third-name')
    expect((await read('third-name')).status).toBe(200)
  })

  it('keeps the old slug reserved: another article creating it gets a 409 naming the slug', async () => {
    const a = await published('reserved-slug')
    await rename(a.id, 'moved-slug')
    const res = await unchanged(() =>
      ctx.api
        .post('/v1/articles')
        .set('authorization', ctx.auth.editor)
        .send({ headline: 'Squatter', slug: 'reserved-slug' }),
    )
    const body = problem(res, 409) as Problem
    expect(body.detail).toContain('"reserved-slug"')
    expect(body.field).toBe('slug')
    await expectMoved('reserved-slug', 'moved-slug')
  })

  it('keeps the old slug reserved: another article PATCHing to it gets a 409 naming the slug', async () => {
    const a = await published('reserved-slug')
    await rename(a.id, 'moved-slug')
    const other = await createArticle(ctx, { slug: 'other-story' })
    const res = await unchanged(async () => {
      const etag = `"${await currentVersion(other.id)}"`
      return ctx.api
        .patch(`/v1/articles/${other.id}`)
        .set('authorization', ctx.auth.editor)
        .set('if-match', etag)
        .send({ slug: 'reserved-slug' })
    })
    const body = problem(res, 409) as Problem
    expect(body.detail).toContain('"reserved-slug"')
    expect(body.field).toBe('slug')
    expect((await read(other.id, ctx.auth.editor)).body.slug).toBe('other-story')
  })

  it('skips a reserved old slug when deriving a slug from a headline', async () => {
    const a = await published('harbour-reopens', { headline: 'Harbour reopens' })
    await rename(a.id, 'harbour-reopens-after-storm')
    const b = await createArticle(ctx, { headline: 'Harbour reopens' })
    expect(b.slug).toBe('harbour-reopens-2')
    await expectMoved('harbour-reopens', 'harbour-reopens-after-storm')
  })

  it('lets the article take its old slug back: it then answers 200 there and its other old slug redirects to it', async () => {
    const a = await published('original')
    await rename(a.id, 'renamed')
    const back = await rename(a.id, 'original')
    expect(back.slug).toBe('original')
    const direct = await read('original')
    expect(direct.status).toBe(200)
    expect(direct.body).toMatchObject({ id: a.id, slug: 'original' })
    await expectMoved('renamed', 'original')
  })

  it('lets the article take back the first of two old slugs, both others then redirecting to it', async () => {
    const a = await published('one')
    await rename(a.id, 'two')
    await rename(a.id, 'three')
    await rename(a.id, 'one')
    expect((await read('one')).status).toBe(200)
    await expectMoved('two', 'one')
    await expectMoved('three', 'one')
  })

  it('answers 404 to anonymous readers for an old slug of an article that was unpublished, and keeps it reserved', async () => {
    const a = await published('was-public')
    await rename(a.id, 'now-public')
    await action(a.id, 'unpublish')
    problem(await read('was-public'), 404)
    problem(await read('now-public'), 404)
    const res = await ctx.api
      .post('/v1/articles')
      .set('authorization', ctx.auth.editor)
      .send({ headline: 'X', slug: 'was-public' })
    expect((problem(res, 409) as Problem).field).toBe('slug')
  })

  it('answers 404 to anonymous readers for an old slug of an article in the trash, and 308 again once it is restored', async () => {
    const a = await published('was-public')
    await rename(a.id, 'now-public')
    await trash(a.id)
    problem(await read('was-public'), 404)
    await action(a.id, 'restore')
    await expectMoved('was-public', 'now-public')
  })

  it('answers 404 to anonymous readers for an old slug of a story scheduled for later', async () => {
    const a = await published('scheduled-old', {
      publishedAt: new Date(ctx.clock.now().getTime() + HOUR).toISOString(),
    })
    await rename(a.id, 'scheduled-new')
    problem(await read('scheduled-old'), 404)
    ctx.clock.advance(2 * HOUR)
    await expectMoved('scheduled-old', 'scheduled-new')
  })
})

describe('old slugs of articles never published', () => {
  it('drops the old slug of a renamed draft: it is a 404, even for editors', async () => {
    const a = await createArticle(ctx, { slug: 'draft-name' })
    await rename(a.id, 'better-draft-name')
    problem(await read('draft-name', ctx.auth.editor), 404)
    problem(await read('draft-name'), 404)
    expect(await ctx.db.prisma.articleSlugRedirect.count()).toBe(0)
  })

  it('leaves the old slug of a renamed draft free for another article', async () => {
    const a = await createArticle(ctx, { slug: 'draft-name' })
    await rename(a.id, 'better-draft-name')
    const b = await createArticle(ctx, { slug: 'draft-name', headline: 'Another story' })
    expect(b.slug).toBe('draft-name')
    expect((await read('draft-name', ctx.auth.editor)).body.id).toBe(b.id)
  })
})
