import { describe, expect, it } from 'vitest'
import { type BylineList, bylineRequests, paths } from '../../helpers/bylines.js'
import { createByline } from '../../helpers/factories.js'
import { problem, useTestApp } from '../../helpers/test-app.js'

const ctx = useTestApp()
const { get, list } = bylineRequests(ctx)

describe('GET /v1/bylines', () => {
  it('is public and returns an empty page when there are no bylines', async () => {
    const res = await list()
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ items: [], page: { limit: 20, nextCursor: null } })
  })

  it('pages through every byline exactly once, in name order, with an opaque cursor', async () => {
    // Created out of order, with a tie on the name that the id has to break.
    for (const name of [
      'Elena Diaz',
      'Bruno Costa',
      'Carmen Vidal',
      'Alba Serra',
      'Carmen Vidal',
      'Dario Fo',
    ]) {
      await createByline(ctx, { name })
    }
    const pages: BylineList[] = []
    let cursor: string | null = null
    do {
      const res = await list(cursor ? { limit: 2, cursor } : { limit: 2 })
      expect(res.status).toBe(200)
      const page = res.body as BylineList
      expect(page.page.limit).toBe(2)
      pages.push(page)
      cursor = page.page.nextCursor
    } while (cursor && pages.length < 10)
    expect(pages).toHaveLength(3)
    expect(pages.map((p) => p.items.length)).toEqual([2, 2, 2])
    expect(pages[2]?.page.nextCursor).toBeNull()
    const items = pages.flatMap((p) => p.items)
    expect(items.map((b) => b.name)).toEqual([
      'Alba Serra',
      'Bruno Costa',
      'Carmen Vidal',
      'Carmen Vidal',
      'Dario Fo',
      'Elena Diaz',
    ])
    expect(new Set(items.map((b) => b.id)).size).toBe(6)
  })

  it('defaults to 20 items per page', async () => {
    for (let i = 0; i < 21; i++)
      await createByline(ctx, { name: `Writer ${String(i).padStart(2, '0')}` })
    const first = (await list()).body as BylineList
    expect(first.items).toHaveLength(20)
    expect(first.page).toMatchObject({ limit: 20, nextCursor: expect.any(String) })
    const second = (await list({ cursor: first.page.nextCursor ?? '' })).body as BylineList
    expect(second.items.map((b) => b.name)).toEqual(['Writer 20'])
    expect(second.page.nextCursor).toBeNull()
  })

  it('accepts limit=100 and refuses limit=101, 0, -1 and non-numbers naming query.limit', async () => {
    expect((await list({ limit: 100 })).status).toBe(200)
    for (const limit of ['101', '0', '-1', 'ten', '2.5']) {
      const body = problem(await list({ limit }), 400)
      expect(paths(body)).toEqual(['query.limit'])
    }
  })

  it('refuses an invalid cursor naming query.cursor', async () => {
    await createByline(ctx, { name: 'Ana Ruiz' })
    const forged = [
      'not-a-cursor',
      Buffer.from('{"a":1}').toString('base64url'),
      Buffer.from(JSON.stringify(['Ana', 'not-a-uuid'])).toString('base64url'),
      Buffer.from(JSON.stringify(['Ana\u0000', '0190f000-0000-7000-8000-000000000000'])).toString(
        'base64url',
      ),
      'x'.repeat(501),
    ]
    for (const cursor of forged) {
      const body = problem(await list({ cursor }), 400)
      expect(paths(body)).toEqual(['query.cursor'])
    }
  })

  it('filters by kind', async () => {
    await createByline(ctx, { name: 'Ana Ruiz', kind: 'staff' })
    await createByline(ctx, { name: 'Wire Desk', kind: 'agency' })
    await createByline(ctx, { name: 'Guest Writer', kind: 'contributor' })
    await createByline(ctx, { name: 'Another Agency', kind: 'agency' })
    const res = await list({ kind: 'agency' })
    expect(res.status).toBe(200)
    expect((res.body as BylineList).items.map((b) => b.name)).toEqual([
      'Another Agency',
      'Wire Desk',
    ])
    const staff = (await list({ kind: 'staff' })).body as BylineList
    expect(staff.items.map((b) => b.slug)).toEqual(['ana-ruiz'])
  })

  it('keeps the kind filter across pages', async () => {
    for (const name of ['A Agency', 'B Staff', 'C Agency', 'D Staff', 'E Agency']) {
      await createByline(ctx, { name, kind: name.endsWith('Agency') ? 'agency' : 'staff' })
    }
    const first = (await list({ kind: 'agency', limit: 2 })).body as BylineList
    const second = (await list({ kind: 'agency', limit: 2, cursor: first.page.nextCursor ?? '' }))
      .body as BylineList
    expect([...first.items, ...second.items].map((b) => b.name)).toEqual([
      'A Agency',
      'C Agency',
      'E Agency',
    ])
    expect(second.page.nextCursor).toBeNull()
  })

  it('refuses an unknown kind naming query.kind', async () => {
    const body = problem(await list({ kind: 'freelancer' }), 400)
    expect(paths(body)).toEqual(['query.kind'])
  })

  it('accepts a valid key but refuses a garbage one with 401', async () => {
    expect((await ctx.api.get('/v1/bylines').set('authorization', ctx.auth.editor)).status).toBe(
      200,
    )
    const res = await ctx.api.get('/v1/bylines').set('authorization', 'Bearer garbage')
    problem(res, 401)
    expect(res.headers['www-authenticate']).toMatch(/^Bearer/)
  })
})

describe('GET /v1/bylines/{idOrSlug}', () => {
  it('returns a byline by id and by slug, publicly', async () => {
    const b = await createByline(ctx, { name: 'Zoë Ndlovu', jobTitle: 'Editor' })
    const byId = await get(b.id)
    expect(byId.status).toBe(200)
    expect(byId.body).toMatchObject({
      id: b.id,
      slug: 'zoe-ndlovu',
      name: 'Zoë Ndlovu',
      jobTitle: 'Editor',
    })
    const bySlug = await get('zoe-ndlovu')
    expect(bySlug.status).toBe(200)
    expect(bySlug.body).toEqual(byId.body)
    expect((await get(b.id.toUpperCase())).body).toEqual(byId.body)
  })

  it('returns 404 for an unknown slug or id', async () => {
    for (const ref of [
      'nobody',
      '0190f000-0000-7000-8000-000000000000',
      'Not A Slug',
      'a'.repeat(200),
    ]) {
      const body = problem(await get(ref), 404)
      expect(body.detail).toContain(ref)
    }
  })

  it('returns 404, not 500, for a reference that is no valid slug or id', async () => {
    for (const ref of ['a\u0000b', '%', '../keys']) {
      expect([400, 404]).toContain((await get(ref)).status)
    }
  })

  it('refuses a garbage key with 401', async () => {
    const b = await createByline(ctx)
    problem(await ctx.api.get(`/v1/bylines/${b.slug}`).set('authorization', 'Bearer garbage'), 401)
  })
})
