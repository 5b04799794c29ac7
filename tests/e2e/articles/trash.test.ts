import { describe, expect, it } from 'vitest'
import { articleWrites } from '../../helpers/article-writes.js'
import { createArticle, createByline } from '../../helpers/factories.js'
import { problem, useTestApp } from '../../helpers/test-app.js'

const ctx = useTestApp()
/** Runs a request that must be rejected and asserts that nothing changed, the article included. */
const { unchanged } = articleWrites(ctx)

type Problem = ReturnType<typeof problem> & {
  currentVersion?: number
  articles?: { id: string; slug: string; headline: string }[]
  articleCount?: number
}
type ListBody = { items: { id: string; slug: string; status: string }[] }

/** An anonymous read unless a key is given. */
const read = (ref: string, auth: string | null = null) => {
  const req = ctx.api.get(`/v1/articles/${encodeURIComponent(ref)}`)
  return auth === null ? req : req.set('authorization', auth)
}
const list = (query: Record<string, string> = {}, auth: string | null = null) => {
  const req = ctx.api.get('/v1/articles').query(query)
  return auth === null ? req : req.set('authorization', auth)
}
const listedIds = async (query: Record<string, string> = {}, auth: string | null = null) => {
  const res = await list(query, auth)
  expect(res.status).toBe(200)
  return (res.body as ListBody).items.map((i) => i.id)
}
const etagOf = async (id: string) => (await read(id, ctx.auth.editor)).headers.etag as string

const remove = (
  ref: string,
  ifMatch: string | undefined,
  { auth = ctx.auth.editor, permanent = false } = {},
) => {
  const req = ctx.api
    .delete(`/v1/articles/${encodeURIComponent(ref)}${permanent ? '?permanent=true' : ''}`)
    .set('authorization', auth)
  return ifMatch === undefined ? req : req.set('if-match', ifMatch)
}
const restore = (ref: string, ifMatch?: string) => {
  const req = ctx.api
    .post(`/v1/articles/${encodeURIComponent(ref)}/restore`)
    .set('authorization', ctx.auth.editor)
  return ifMatch === undefined ? req : req.set('if-match', ifMatch)
}
async function trash(id: string) {
  const res = await remove(id, await etagOf(id))
  if (res.status !== 204) throw new Error(`trash: ${res.status} ${JSON.stringify(res.body)}`)
}

const published = (fields: Record<string, unknown> = {}) =>
  createArticle(ctx, { status: 'published', ...fields })

describe('DELETE /v1/articles/{idOrSlug} (trash)', () => {
  it('moves the article to the trash with 204 and an empty body, as a new version', async () => {
    const a = await published({ slug: 'binned' })
    const res = await remove('binned', '"1"')
    expect(res.status).toBe(204)
    expect(res.text).toBe('')
    const asEditor = await read(a.id, ctx.auth.editor)
    expect(asEditor.status).toBe(200)
    expect(asEditor.body).toMatchObject({ id: a.id, status: 'trashed', version: 2 })
    expect(asEditor.headers.etag).toBe('"2"')
    expect(await ctx.db.prisma.article.count()).toBe(1)
  })

  it('hides a trashed article from anonymous readers, by id, by slug and in the list', async () => {
    const a = await published({ slug: 'binned' })
    const kept = await published({ slug: 'kept' })
    expect(await listedIds()).toEqual(expect.arrayContaining([a.id, kept.id]))
    await trash(a.id)
    problem(await read(a.id), 404)
    problem(await read('binned'), 404)
    expect(await listedIds()).toEqual([kept.id])
  })

  it('leaves a trashed article out of the editor list unless status=trashed is asked for', async () => {
    const a = await published({ slug: 'binned' })
    const draft = await createArticle(ctx, { slug: 'draft' })
    await trash(a.id)
    expect(await listedIds({}, ctx.auth.editor)).toEqual([draft.id])
    const trashed = await list({ status: 'trashed' }, ctx.auth.editor)
    expect((trashed.body as ListBody).items.map((i) => [i.id, i.status])).toEqual([
      [a.id, 'trashed'],
    ])
    expect(await listedIds({ status: 'published' }, ctx.auth.editor)).toEqual([])
  })

  it('refuses status=trashed to anonymous readers with 401', async () => {
    const a = await published()
    await trash(a.id)
    problem(await list({ status: 'trashed' }), 401)
  })

  it('keeps the slug of a trashed article taken', async () => {
    const a = await published({ slug: 'binned' })
    await trash(a.id)
    const res = await unchanged(() =>
      ctx.api
        .post('/v1/articles')
        .set('authorization', ctx.auth.editor)
        .send({ headline: 'Other', slug: 'binned' }),
    )
    problem(res, 409)
  })

  it('changes nothing when an article already in the trash is trashed again', async () => {
    const a = await published()
    await trash(a.id)
    const res = await unchanged(() => remove(a.id, '"2"'), a.id)
    expect(res.status).toBe(204)
  })

  it('refuses a DELETE without If-Match with 428, leaving the article published', async () => {
    const a = await published({ slug: 'still-here' })
    problem(await unchanged(() => remove(a.id, undefined), a.id), 428)
    expect((await read('still-here')).status).toBe(200)
  })

  it('refuses a DELETE with a stale If-Match with 412 and currentVersion, leaving the article published', async () => {
    const a = await published({ slug: 'still-here' })
    const edit = await ctx.api
      .patch(`/v1/articles/${a.id}`)
      .set('authorization', ctx.auth.editor)
      .set('if-match', '"1"')
      .send({ dek: 'x' })
    expect(edit.status).toBe(200)
    const body = problem(await unchanged(() => remove(a.id, '"1"'), a.id), 412) as Problem
    expect(body.currentVersion).toBe(2)
    expect((await read('still-here')).status).toBe(200)
  })
})

describe('POST /v1/articles/{idOrSlug}/restore', () => {
  it('brings a published article back from the trash: its status returns and readers see it again', async () => {
    const a = await published({ slug: 'back-again' })
    await trash(a.id)
    const res = await restore('back-again')
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ id: a.id, status: 'published', version: 3 })
    expect(res.headers.etag).toBe('"3"')
    const anonymous = await read('back-again')
    expect(anonymous.status).toBe(200)
    expect(anonymous.body.status).toBe('published')
    expect(await listedIds()).toEqual([a.id])
    expect(await listedIds({ status: 'trashed' }, ctx.auth.editor)).toEqual([])
  })

  it('brings a draft back as a draft, still hidden from anonymous readers', async () => {
    const a = await createArticle(ctx, { slug: 'draft-back' })
    await trash(a.id)
    const res = await restore(a.id)
    expect(res.status).toBe(200)
    expect(res.body.status).toBe('draft')
    expect(await listedIds({}, ctx.auth.editor)).toEqual([a.id])
    problem(await read(a.id), 404)
  })

  it('refuses to restore an article that is not in the trash with 409, changing nothing', async () => {
    const a = await published()
    problem(await unchanged(() => restore(a.id), a.id), 409)
  })

  it('refuses a restore with a stale If-Match with 412, leaving the article in the trash', async () => {
    const a = await published()
    await trash(a.id)
    const body = problem(await unchanged(() => restore(a.id, '"1"'), a.id), 412) as Problem
    expect(body.currentVersion).toBe(2)
    expect((await read(a.id, ctx.auth.editor)).body.status).toBe('trashed')
  })

  it('refuses an anonymous restore with 401', async () => {
    const a = await published()
    await trash(a.id)
    problem(await unchanged(() => ctx.api.post(`/v1/articles/${a.id}/restore`), a.id), 401)
  })
})

describe('DELETE /v1/articles/{idOrSlug}?permanent=true (purge)', () => {
  it('lets an admin delete a trashed article for good: it is gone for editors too, with its revisions and credits', async () => {
    const byline = await createByline(ctx, { name: 'Ana Ruiz' })
    const a = await published({ slug: 'gone-for-good', bylines: [{ byline: byline.slug }] })
    await trash(a.id)
    expect(await ctx.db.prisma.articleRevision.count({ where: { articleId: a.id } })).toBe(2)
    const res = await remove(a.id, '"2"', { auth: ctx.auth.admin, permanent: true })
    expect(res.status).toBe(204)
    expect(res.text).toBe('')
    problem(await read(a.id, ctx.auth.editor), 404)
    problem(await read('gone-for-good', ctx.auth.editor), 404)
    problem(
      await ctx.api.get(`/v1/articles/${a.id}/revisions`).set('authorization', ctx.auth.editor),
      404,
    )
    expect(await ctx.db.prisma.articleRevision.count({ where: { articleId: a.id } })).toBe(0)
    expect(await listedIds({ status: 'trashed' }, ctx.auth.editor)).toEqual([])
    expect(await ctx.snapshot()).toMatchObject({ articles: 0, credits: 0, bylines: 1 })
  })

  it('lets an admin purge an article that is not in the trash', async () => {
    const a = await published({ slug: 'straight-out' })
    expect((await remove(a.id, '"1"', { auth: ctx.auth.admin, permanent: true })).status).toBe(204)
    problem(await read(a.id, ctx.auth.editor), 404)
  })

  it('frees the slug and the old slugs of a purged article', async () => {
    const a = await published({ slug: 'old-slug' })
    const renamed = await ctx.api
      .patch(`/v1/articles/${a.id}`)
      .set('authorization', ctx.auth.editor)
      .set('if-match', '"1"')
      .send({ slug: 'new-slug' })
    expect(renamed.status).toBe(200)
    expect((await read('old-slug')).status).toBe(308)
    expect((await remove(a.id, '"2"', { auth: ctx.auth.admin, permanent: true })).status).toBe(204)
    problem(await read('old-slug'), 404)
    expect((await createArticle(ctx, { slug: 'old-slug' })).slug).toBe('old-slug')
    expect((await createArticle(ctx, { slug: 'new-slug' })).slug).toBe('new-slug')
  })

  it('refuses a purge with an editor key with 403, changing nothing', async () => {
    const a = await published()
    await trash(a.id)
    problem(
      await unchanged(() => remove(a.id, '"2"', { auth: ctx.auth.editor, permanent: true }), a.id),
      403,
    )
  })

  it('refuses a purge without If-Match with 428, changing nothing', async () => {
    const a = await published()
    problem(
      await unchanged(
        () => remove(a.id, undefined, { auth: ctx.auth.admin, permanent: true }),
        a.id,
      ),
      428,
    )
  })

  it('refuses a purge with a stale If-Match with 412 and currentVersion, changing nothing', async () => {
    const a = await published()
    await trash(a.id)
    const body = problem(
      await unchanged(() => remove(a.id, '"1"', { auth: ctx.auth.admin, permanent: true }), a.id),
      412,
    ) as Problem
    expect(body.currentVersion).toBe(2)
  })
})

describe('bylines credited on trashed articles', () => {
  it('refuses to delete a byline credited only on a trashed article with 409 naming that article', async () => {
    const byline = await createByline(ctx, { name: 'Ana Ruiz' })
    const a = await published({
      slug: 'in-the-bin',
      headline: 'In the bin',
      bylines: [{ byline: byline.slug }],
    })
    await trash(a.id)
    const res = await unchanged(() =>
      ctx.api.delete(`/v1/bylines/${byline.id}`).set('authorization', ctx.auth.editor),
    )
    const body = problem(res, 409) as Problem
    expect(body.detail).toContain('in-the-bin')
    expect(body.articles).toEqual([{ id: a.id, slug: 'in-the-bin', headline: 'In the bin' }])
    expect(body.articleCount).toBe(1)
    expect((await ctx.api.get(`/v1/bylines/${byline.id}`)).status).toBe(200)
  })

  it('lets the byline be deleted once the trashed article crediting it is purged', async () => {
    const byline = await createByline(ctx, { name: 'Ana Ruiz' })
    const a = await published({ bylines: [{ byline: byline.slug }] })
    await trash(a.id)
    expect((await remove(a.id, '"2"', { auth: ctx.auth.admin, permanent: true })).status).toBe(204)
    expect(
      (await ctx.api.delete(`/v1/bylines/${byline.id}`).set('authorization', ctx.auth.editor))
        .status,
    ).toBe(204)
    problem(await ctx.api.get(`/v1/bylines/${byline.id}`), 404)
  })
})
