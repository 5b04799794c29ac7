import { describe, expect, it } from 'vitest'
import { createArticle } from '../../helpers/factories.js'
import { createSlot, setItems, type SlotBody, slotSnapshot } from '../../helpers/slots.js'
import { problem, useTestApp } from '../../helpers/test-app.js'

const ctx = useTestApp()

const paths = (body: { errors?: { path: string }[] }) => [
  ...new Set((body.errors ?? []).map((e) => e.path)),
]

/** Runs a request that must be rejected and asserts that it changed nothing in the database. */
async function unchanged<T>(run: () => Promise<T>): Promise<T> {
  const before = await slotSnapshot(ctx)
  const result = await run()
  expect(await slotSnapshot(ctx)).toEqual(before)
  return result
}

const post = (body: unknown, auth = ctx.auth.admin) =>
  ctx.api
    .post('/v1/slots')
    .set('authorization', auth)
    .send(body as object)
const patch = (key: string, body: unknown, auth = ctx.auth.admin) =>
  ctx.api
    .patch(`/v1/slots/${key}`)
    .set('authorization', auth)
    .send(body as object)
const get = (key: string, auth = ctx.auth.editor) =>
  ctx.api.get(`/v1/slots/${key}`).set('authorization', auth)
const del = (key: string, auth = ctx.auth.admin) =>
  ctx.api.delete(`/v1/slots/${key}`).set('authorization', auth)

describe('POST /v1/slots', () => {
  it('creates a slot with every field and returns it with 201', async () => {
    const res = await post({
      key: 'recommended-for-you',
      label: 'Recommended for you',
      description: 'Related stories and one sponsored link',
      capacity: 6,
      fill: 'automatic',
      allowSponsored: true,
      position: 2,
    })
    expect(res.status).toBe(201)
    const slot = res.body as SlotBody
    expect(slot).toMatchObject({
      key: 'recommended-for-you',
      label: 'Recommended for you',
      description: 'Related stories and one sponsored link',
      capacity: 6,
      fill: 'automatic',
      allowSponsored: true,
      position: 2,
      version: 1,
    })
    expect(slot.id).toMatch(/^[0-9a-f-]{36}$/)
    expect((await get('recommended-for-you')).body).toEqual(slot)
  })

  it('fills in the defaults: capacity 4, mixed, no sponsored content, position 0', async () => {
    const res = await post({ key: 'you-may-also-like', label: 'You May Also Like' })
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({
      description: null,
      capacity: 4,
      fill: 'mixed',
      allowSponsored: false,
      position: 0,
    })
  })

  it('accepts capacities 1 and 24 and refuses 0, 25 and fractions, naming capacity', async () => {
    expect((await post({ key: 'one', label: 'One', capacity: 1 })).status).toBe(201)
    expect((await post({ key: 'many', label: 'Many', capacity: 24 })).status).toBe(201)
    for (const capacity of [0, 25, 2.5, '4']) {
      const body = problem(await unchanged(() => post({ key: 'bad', label: 'Bad', capacity })), 400)
      expect(paths(body)).toEqual(['capacity'])
    }
  })

  it('refuses a key that is not a slug, a blank label, an unknown fill and unknown fields, naming each', async () => {
    const body = problem(
      await unchanged(() =>
        post({ key: 'Not A Slug', label: '  ', fill: 'random', allowSponsored: 'yes', bogus: 1 }),
      ),
      400,
    )
    expect(paths(body).sort()).toEqual(['allowSponsored', 'bogus', 'fill', 'key', 'label'])
  })

  it('refuses a missing key or label', async () => {
    expect(paths(problem(await unchanged(() => post({ label: 'No key' })), 400))).toEqual(['key'])
    expect(paths(problem(await unchanged(() => post({ key: 'no-label' })), 400))).toEqual(['label'])
  })

  it('refuses a key that is already taken with 409 and creates nothing', async () => {
    await createSlot(ctx, { key: 'you-may-also-like' })
    const body = problem(
      await unchanged(() => post({ key: 'you-may-also-like', label: 'Again' })),
      409,
    )
    expect(body.detail).toMatch(/key/)
  })

  it('needs a chief key: 401 without a key, 403 with an editor key', async () => {
    const slot = { key: 'you-may-also-like', label: 'You May Also Like' }
    const anonymous = problem(await unchanged(() => ctx.api.post('/v1/slots').send(slot)), 401)
    expect(anonymous.detail).toMatch(/API key/)
    const editor = problem(await unchanged(() => post(slot, ctx.auth.editor)), 403)
    expect(editor.detail).toMatch(/needs a chief key/)
  })
})

describe('GET /v1/slots and /v1/slots/{key}', () => {
  it('lists the slots by position, then key, to editors', async () => {
    await createSlot(ctx, { key: 'c-slot', position: 1 })
    await createSlot(ctx, { key: 'b-slot', position: 0 })
    await createSlot(ctx, { key: 'a-slot', position: 1 })
    const res = await ctx.api.get('/v1/slots').set('authorization', ctx.auth.editor)
    expect(res.status).toBe(200)
    expect((res.body.items as SlotBody[]).map((s) => s.key)).toEqual(['b-slot', 'a-slot', 'c-slot'])
  })

  it('gets one slot by key, and 404 for an unknown key', async () => {
    const slot = await createSlot(ctx)
    expect((await get(slot.key)).body).toEqual(slot)
    const body = problem(await get('no-such-slot'), 404)
    expect(body.detail).toMatch(/no-such-slot/)
  })

  it('refuses a malformed key with 400', async () => {
    expect(paths(problem(await get('Bad_Key'), 400))).toEqual(['path.key'])
  })

  it('is not for anonymous readers', async () => {
    await createSlot(ctx)
    problem(await ctx.api.get('/v1/slots'), 401)
    problem(await ctx.api.get('/v1/slots/you-may-also-like'), 401)
  })
})

describe('PATCH /v1/slots/{key}', () => {
  it('changes the given fields, keeps the others and counts the version up', async () => {
    const slot = await createSlot(ctx, { description: 'Under the story' })
    const res = await patch(slot.key, {
      label: 'More on this',
      capacity: 6,
      fill: 'curated',
      description: null,
    })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({
      key: slot.key,
      label: 'More on this',
      capacity: 6,
      fill: 'curated',
      description: null,
      allowSponsored: false,
      position: 0,
      version: 2,
    })
    expect((await get(slot.key)).body).toEqual(res.body)
  })

  it('renames the key, and refuses a key another slot has with 409', async () => {
    await createSlot(ctx, { key: 'first' })
    await createSlot(ctx, { key: 'second' })
    expect((await patch('first', { key: 'renamed' })).status).toBe(200)
    problem(await get('first'), 404)
    expect((await get('renamed')).status).toBe(200)
    problem(await unchanged(() => patch('renamed', { key: 'second' })), 409)
  })

  it('changes nothing for an empty body', async () => {
    const slot = await createSlot(ctx)
    const res = await unchanged(() => patch(slot.key, {}))
    expect(res.status).toBe(200)
    expect(res.body).toEqual(slot)
  })

  it('refuses invalid values, unknown fields and an editor key, and 404 for an unknown slot', async () => {
    const slot = await createSlot(ctx)
    const body = problem(
      await unchanged(() => patch(slot.key, { capacity: 25, fill: null, id: 'x' })),
      400,
    )
    expect(paths(body).sort()).toEqual(['capacity', 'fill', 'id'])
    problem(await unchanged(() => patch(slot.key, { label: 'Mine' }, ctx.auth.editor)), 403)
    problem(await unchanged(() => patch('no-such-slot', { label: 'Mine' })), 404)
  })
})

describe('the audit log', () => {
  it('records who created, changed and deleted a slot', async () => {
    const slot = await createSlot(ctx)
    await patch(slot.key, { label: 'More on this' })
    await del(slot.key)
    const entries = await ctx.db.prisma.auditEntry.findMany({
      where: { resourceId: slot.id },
      orderBy: { id: 'asc' },
    })
    expect(entries.map((e) => [e.action, e.resourceType, e.keyName])).toEqual([
      ['slot.create', 'slot', 'test admin'],
      ['slot.update', 'slot', 'test admin'],
      ['slot.delete', 'slot', 'test admin'],
    ])
  })
})

describe('DELETE /v1/slots/{key}', () => {
  it('deletes the slot with its item lists', async () => {
    const slot = await createSlot(ctx)
    const a = await createArticle(ctx, {
      slug: 'a',
      status: 'published',
      creditLine: 'Newsroom staff',
    })
    const b = await createArticle(ctx, {
      slug: 'b',
      status: 'published',
      creditLine: 'Newsroom staff',
    })
    await setItems(ctx, slot.key, [{ type: 'article', article: a.slug }])
    await setItems(ctx, slot.key, [{ type: 'article', article: a.slug }], b.slug)
    expect(await ctx.db.prisma.slotItem.count()).toBe(2)

    const res = await del(slot.key)
    expect(res.status).toBe(204)
    expect(res.text).toBe('')
    problem(await get(slot.key), 404)
    expect(await ctx.db.prisma.slotItem.count()).toBe(0)
    expect(await ctx.db.prisma.article.count()).toBe(2)
  })

  it('is for admins only, and 404 for an unknown slot', async () => {
    const slot = await createSlot(ctx)
    problem(await unchanged(() => del(slot.key, ctx.auth.editor)), 403)
    problem(await unchanged(() => ctx.api.delete(`/v1/slots/${slot.key}`)), 401)
    problem(await unchanged(() => del('no-such-slot')), 404)
  })
})

describe('optimistic concurrency on slots', () => {
  it('carries the version as a strong ETag on POST, GET and PATCH', async () => {
    const created = await post({ key: 'you-may-also-like', label: 'You May Also Like' })
    expect(created.headers.etag).toBe('"1"')
    expect((await get('you-may-also-like')).headers.etag).toBe('"1"')
    const changed = await patch('you-may-also-like', { capacity: 6 })
    expect(changed.headers.etag).toBe('"2"')
  })

  it('honours If-Match on PATCH: stale → 412 with currentVersion and nothing changed, current → 200', async () => {
    await post({ key: 'you-may-also-like', label: 'You May Also Like' })
    await patch('you-may-also-like', { capacity: 6 })
    const stale = await unchanged(() =>
      ctx.api
        .patch('/v1/slots/you-may-also-like')
        .set('authorization', ctx.auth.admin)
        .set('if-match', '"1"')
        .send({ label: 'Stale' }),
    )
    expect(problem(stale, 412)).toMatchObject({ currentVersion: 2 })
    const fresh = await ctx.api
      .patch('/v1/slots/you-may-also-like')
      .set('authorization', ctx.auth.admin)
      .set('if-match', '"2"')
      .send({ label: 'Fresh' })
    expect(fresh.status).toBe(200)
    expect(fresh.body).toMatchObject({ label: 'Fresh', version: 3 })
  })

  it('honours If-Match on DELETE: stale → 412 and the slot stays, current → 204', async () => {
    await post({ key: 'you-may-also-like', label: 'You May Also Like' })
    await patch('you-may-also-like', { capacity: 6 })
    const stale = await unchanged(() => del('you-may-also-like').set('if-match', '"1"'))
    expect(problem(stale, 412)).toMatchObject({ currentVersion: 2 })
    expect((await del('you-may-also-like').set('if-match', '"2"')).status).toBe(204)
    expect((await get('you-may-also-like')).status).toBe(404)
  })
})
