import { describe, expect, it } from 'vitest'
import { bylineRequests } from '../../helpers/bylines.js'
import { createArticle, createByline } from '../../helpers/factories.js'
import { problem, useTestApp } from '../../helpers/test-app.js'

const ctx = useTestApp()
const { get, unchanged } = bylineRequests(ctx)

describe('DELETE /v1/bylines/{idOrSlug}', () => {
  it('deletes an uncredited byline with 204, after which it is 404', async () => {
    const b = await createByline(ctx)
    const res = await ctx.api.delete(`/v1/bylines/${b.slug}`).set('authorization', ctx.auth.editor)
    expect(res.status).toBe(204)
    expect(res.text).toBe('')
    problem(await get(b.slug), 404)
    problem(await get(b.id), 404)
    expect(await ctx.db.prisma.byline.count()).toBe(0)
  })

  it('deletes by id', async () => {
    const b = await createByline(ctx)
    expect(
      (await ctx.api.delete(`/v1/bylines/${b.id}`).set('authorization', ctx.auth.admin)).status,
    ).toBe(204)
    problem(await get(b.id), 404)
  })

  it('refuses to delete a credited byline with 409 naming the articles', async () => {
    const ana = await createByline(ctx, { name: 'Ana Ruiz' })
    const bea = await createByline(ctx, { name: 'Bea Soto' })
    const a1 = await createArticle(ctx, {
      headline: 'Harbour reopens',
      bylines: [{ byline: ana.slug, role: 'author' }],
    })
    const a2 = await createArticle(ctx, {
      headline: 'Storm damage assessed',
      bylines: [
        { byline: bea.slug, role: 'author' },
        { byline: ana.id, role: 'author' },
      ],
    })
    await createArticle(ctx, {
      headline: 'Unrelated',
      bylines: [{ byline: bea.slug, role: 'author' }],
    })

    const res = await unchanged(() =>
      ctx.api.delete(`/v1/bylines/${ana.slug}`).set('authorization', ctx.auth.editor),
    )
    const body = problem(res, 409) as ReturnType<typeof problem> & {
      articles?: { slug: string }[]
      articleCount?: number
    }
    expect(body.detail).toContain(a1.slug)
    expect(body.detail).toContain(a2.slug)
    expect(body.detail).not.toContain('unrelated')
    expect(body.articles?.map((a) => a.slug).sort()).toEqual([a1.slug, a2.slug].sort())
    expect(body.articleCount).toBe(2)
    expect((await get(ana.id)).status).toBe(200)
  })

  it('returns 404 for an unknown byline', async () => {
    problem(
      await unchanged(() =>
        ctx.api.delete('/v1/bylines/nobody').set('authorization', ctx.auth.editor),
      ),
      404,
    )
    problem(
      await unchanged(() =>
        ctx.api
          .delete('/v1/bylines/0190f000-0000-7000-8000-000000000000')
          .set('authorization', ctx.auth.editor),
      ),
      404,
    )
  })

  it('returns 404 the second time', async () => {
    const b = await createByline(ctx)
    expect(
      (await ctx.api.delete(`/v1/bylines/${b.id}`).set('authorization', ctx.auth.editor)).status,
    ).toBe(204)
    problem(await ctx.api.delete(`/v1/bylines/${b.id}`).set('authorization', ctx.auth.editor), 404)
  })

  it('refuses anonymous and garbage-key requests with 401 and keeps the byline', async () => {
    const b = await createByline(ctx)
    const anon = await unchanged(() => ctx.api.delete(`/v1/bylines/${b.id}`))
    problem(anon, 401)
    expect(anon.headers['www-authenticate']).toMatch(/^Bearer/)
    problem(
      await unchanged(() =>
        ctx.api.delete(`/v1/bylines/${b.id}`).set('authorization', 'Bearer ncms_garbage'),
      ),
      401,
    )
    expect((await get(b.id)).status).toBe(200)
  })
})
