import { describe, expect, it } from 'vitest'
import { articleWrites, ifMatch, PUBLISHABLE } from '../../helpers/article-writes.js'
import { createArticle, createByline } from '../../helpers/factories.js'
import { problem, useTestApp } from '../../helpers/test-app.js'
import { MINUTE, UNKNOWN_ID } from '../../helpers/time.js'

const ctx = useTestApp()
const { patch, del, get, created, unchanged } = articleWrites(ctx)

describe('DELETE /v1/articles/{idOrSlug}', () => {
  const listIds = async (query = '', auth: string | null = ctx.auth.editor) => {
    const req = ctx.api.get(`/v1/articles${query}`)
    const res = await (auth ? req.set('authorization', auth) : req)
    expect(res.status).toBe(200)
    return (res.body.items as { id: string }[]).map((i) => i.id)
  }

  it('moves an article to the trash by slug with 204, after which readers get 404 and editors see it trashed', async () => {
    const a = await created({ headline: 'Doomed', status: 'published', ...PUBLISHABLE })
    ctx.clock.advance(5 * MINUTE)
    const res = await del(a.slug, ifMatch(a))
    expect(res.status).toBe(204)
    expect(res.text).toBe('')
    problem(await ctx.api.get(`/v1/articles/${a.slug}`), 404)
    problem(await ctx.api.get(`/v1/articles/${a.id}`), 404)
    for (const ref of [a.slug, a.id]) {
      const trashed = await get(ref)
      expect(trashed.status).toBe(200)
      expect(trashed.body).toMatchObject({
        id: a.id,
        status: 'trashed',
        trashedAt: '2026-06-01T12:05:00.000Z',
        version: 2,
      })
      expect(trashed.headers.etag).toBe('"2"')
    }
    expect(await listIds('', null)).toEqual([])
    expect(await listIds()).toEqual([])
    expect(await listIds('?status=trashed')).toEqual([a.id])
    // Trashing it again changes nothing.
    expect((await unchanged(() => del(a.slug, { 'if-match': '"2"' }), a.id)).status).toBe(204)
  })

  it('trashes an article by id, keeping it and its credits, and leaving other articles alone', async () => {
    await createByline(ctx, { name: 'Ana Ruiz' })
    const a = await created({ headline: 'Credited', bylines: [{ byline: 'ana-ruiz' }] })
    const keep = await createArticle(ctx)
    expect((await del(a.id, ifMatch(a))).status).toBe(204)
    expect(await ctx.snapshot()).toMatchObject({ articles: 2, bylines: 1, credits: 1 })
    expect((await get(a.id)).body.bylines).toEqual(a.bylines)
    expect((await get(keep.id)).body).toMatchObject({
      id: keep.id,
      status: 'draft',
      trashedAt: null,
      version: 1,
    })
  })

  it('deletes an article for good with ?permanent=true and an admin key, removing its credits but not its bylines', async () => {
    await createByline(ctx, { name: 'Ana Ruiz' })
    const trashedFirst = await created({
      headline: 'Trashed first',
      status: 'published',
      body: 'Text.',
      bylines: [{ byline: 'ana-ruiz' }],
    })
    const straight = await created({ headline: 'Straight out', bylines: [{ byline: 'ana-ruiz' }] })
    const keep = await createArticle(ctx)
    expect((await del(trashedFirst.id, ifMatch(trashedFirst))).status).toBe(204)
    expect(
      (await del(trashedFirst.slug, { 'if-match': '"2"' }, ctx.auth.admin, '?permanent=true'))
        .status,
    ).toBe(204)
    const res = await del(straight.id, ifMatch(straight), ctx.auth.admin, '?permanent=true')
    expect(res.status).toBe(204)
    expect(res.text).toBe('')
    expect(await ctx.snapshot()).toMatchObject({ articles: 1, bylines: 1, credits: 0 })
    for (const gone of [trashedFirst, straight]) {
      problem(await get(gone.id), 404)
      problem(await get(gone.slug), 404)
      expect(await ctx.db.prisma.articleRevision.count({ where: { articleId: gone.id } })).toBe(0)
    }
    expect(await listIds('?status=trashed')).toEqual([])
    expect((await get(keep.id)).status).toBe(200)
  })

  it('refuses ?permanent=true from an editor key with 403, changing nothing', async () => {
    const a = await created({ headline: 'Editors only trash' })
    problem(
      await unchanged(() => del(a.slug, ifMatch(a), ctx.auth.editor, '?permanent=true'), a.id),
      403,
    )
  })

  it('refuses a DELETE without If-Match (or with *) with 428 and a stale one with 412, changing nothing', async () => {
    const a = await created({ headline: 'Kept', status: 'published', ...PUBLISHABLE })
    for (const query of ['', '?permanent=true']) {
      for (const headers of [{}, { 'if-match': '*' }] as Record<string, string>[]) {
        const body = problem(
          await unchanged(() => del(a.slug, headers, ctx.auth.admin, query), a.id),
          428,
        )
        expect(body.type).toBe('urn:newsroom-cms:problem:precondition-required')
      }
    }
    const edited = await patch(a.slug, { dek: 'edited meanwhile' }, ifMatch(a))
    expect(edited.status).toBe(200)
    for (const query of ['', '?permanent=true']) {
      const body = problem(
        await unchanged(() => del(a.slug, ifMatch(a), ctx.auth.admin, query), a.id),
        412,
      )
      expect((body as typeof body & { currentVersion?: number }).currentVersion).toBe(2)
    }
    expect((await ctx.api.get(`/v1/articles/${a.slug}`)).status).toBe(200)
  })

  it('answers 404 for an unknown id or slug', async () => {
    await created({ headline: 'Bystander' })
    problem(await unchanged(() => del('no-such-article', { 'if-match': '"1"' })), 404)
    problem(await unchanged(() => del(UNKNOWN_ID, { 'if-match': '"1"' })), 404)
  })

  it('refuses an anonymous or garbage-key delete with 401 and keeps the article', async () => {
    const a = await created({ headline: 'Protected' })
    problem(await unchanged(() => del(a.slug, ifMatch(a), null), a.id), 401)
    problem(await unchanged(() => del(a.slug, ifMatch(a), 'Bearer garbage'), a.id), 401)
  })

  it('lets an admin delete', async () => {
    const a = await created({ headline: 'Admin delete' })
    expect((await del(a.slug, ifMatch(a), ctx.auth.admin)).status).toBe(204)
    expect((await get(a.id)).body.status).toBe('trashed')
  })
})
