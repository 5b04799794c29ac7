import { beforeAll, describe, expect, it } from 'vitest'
import { createArticle, createByline } from '../../helpers/factories.js'
import { problem, useTestApp } from '../../helpers/test-app.js'
import { UNKNOWN_ID } from '../../helpers/time.js'

const ctx = useTestApp()

interface AuditEntry {
  id: string
  keyId: string | null
  keyName: string
  action: string
  resourceType: string
  resourceId: string
  requestId: string
  createdAt: string
}
type AuditList = { items: AuditEntry[]; page: { limit: number; nextCursor: string | null } }
type Response = { status: number; headers: Record<string, string>; body: unknown }

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/

let keyIds: { admin: string; editor: string }
beforeAll(async () => {
  const keys = await ctx.db.prisma.apiKey.findMany({
    where: { name: { in: ['test admin', 'test editor'] } },
  })
  const idOf = (name: string) => keys.find((k) => k.name === name)!.id
  keyIds = { admin: idOf('test admin'), editor: idOf('test editor') }
})

const audit = (
  query: Record<string, string | number> = {},
  auth: string | null = ctx.auth.admin,
) => {
  const req = ctx.api.get('/v1/audit').query(query)
  return auth === null ? req : req.set('authorization', auth)
}
async function entries(query: Record<string, string | number> = {}) {
  const res = await audit(query)
  expect(res.status).toBe(200)
  return res.body as AuditList
}

/**
 * Asserts that `res` succeeded with `status` and that it added exactly one audit entry, the newest
 * one, describing it; returns that entry.
 */
async function expectAudited(
  res: Response,
  status: number,
  expected: { action: string; resourceType: string; resourceId: string; as: 'admin' | 'editor' },
  countBefore: number,
) {
  expect(res.status, JSON.stringify(res.body)).toBe(status)
  const requestId = res.headers['x-request-id']
  expect(requestId).toBeTruthy()
  expect(await ctx.db.prisma.auditEntry.count()).toBe(countBefore + 1)
  const [newest] = (await entries({ limit: 1 })).items
  expect(newest).toEqual({
    id: expect.any(String),
    action: expected.action,
    resourceType: expected.resourceType,
    resourceId: expected.resourceId,
    keyName: expected.as === 'admin' ? 'test admin' : 'test editor',
    keyId: keyIds[expected.as],
    requestId,
    createdAt: expect.stringMatching(ISO),
  })
  return newest!
}
const auditCount = () => ctx.db.prisma.auditEntry.count()

const etagOf = async (id: string) =>
  (await ctx.api.get(`/v1/articles/${id}`).set('authorization', ctx.auth.editor)).headers
    .etag as string

describe('audit entries for article writes', () => {
  it('records create, update, publish, trash, restore and purge of an article, each with its key and request id', async () => {
    let before = await auditCount()
    const created = await ctx.api
      .post('/v1/articles')
      .set('authorization', ctx.auth.editor)
      .send({ headline: 'Audited', body: 'Text.' })
    const id = created.body.id as string
    await expectAudited(
      created,
      201,
      { action: 'article.create', resourceType: 'article', resourceId: id, as: 'editor' },
      before,
    )

    before = await auditCount()
    const updated = await ctx.api
      .patch(`/v1/articles/${id}`)
      .set('authorization', ctx.auth.editor)
      .set('if-match', await etagOf(id))
      .send({ creditLine: 'Desk' })
    await expectAudited(
      updated,
      200,
      { action: 'article.update', resourceType: 'article', resourceId: id, as: 'editor' },
      before,
    )

    before = await auditCount()
    const publishedRes = await ctx.api
      .post(`/v1/articles/${id}/publish`)
      .set('authorization', ctx.auth.editor)
    await expectAudited(
      publishedRes,
      200,
      { action: 'article.publish', resourceType: 'article', resourceId: id, as: 'editor' },
      before,
    )

    before = await auditCount()
    const trashed = await ctx.api
      .delete(`/v1/articles/${id}`)
      .set('authorization', ctx.auth.editor)
      .set('if-match', await etagOf(id))
    await expectAudited(
      trashed,
      204,
      { action: 'article.trash', resourceType: 'article', resourceId: id, as: 'editor' },
      before,
    )

    before = await auditCount()
    const restored = await ctx.api
      .post(`/v1/articles/${id}/restore`)
      .set('authorization', ctx.auth.editor)
    await expectAudited(
      restored,
      200,
      { action: 'article.restore', resourceType: 'article', resourceId: id, as: 'editor' },
      before,
    )

    before = await auditCount()
    const purged = await ctx.api
      .delete(`/v1/articles/${id}?permanent=true`)
      .set('authorization', ctx.auth.admin)
      .set('if-match', await etagOf(id))
    await expectAudited(
      purged,
      204,
      { action: 'article.purge', resourceType: 'article', resourceId: id, as: 'admin' },
      before,
    )

    // The trail outlives the article it describes.
    const trail = await entries({ resourceType: 'article', resourceId: id })
    expect(trail.items.map((e) => e.action)).toEqual([
      'article.purge',
      'article.restore',
      'article.trash',
      'article.publish',
      'article.update',
      'article.create',
    ])
    expect(new Set(trail.items.map((e) => e.requestId)).size).toBe(6)
  })

  it('records unpublish and archive', async () => {
    const a = await createArticle(ctx, { status: 'published' })
    for (const action of ['unpublish', 'archive'] as const) {
      const before = await auditCount()
      const res = await ctx.api
        .post(`/v1/articles/${a.id}/${action}`)
        .set('authorization', ctx.auth.editor)
      await expectAudited(
        res,
        200,
        { action: `article.${action}`, resourceType: 'article', resourceId: a.id, as: 'editor' },
        before,
      )
    }
  })

  it('records the request id a client sent in x-request-id', async () => {
    const res = await ctx.api
      .post('/v1/articles')
      .set('authorization', ctx.auth.editor)
      .set('x-request-id', 'trace-4711')
      .send({ headline: 'Traced' })
    expect(res.headers['x-request-id']).toBe('trace-4711')
    const entry = await expectAudited(
      res,
      201,
      {
        action: 'article.create',
        resourceType: 'article',
        resourceId: res.body.id as string,
        as: 'editor',
      },
      0,
    )
    expect(entry.requestId).toBe('trace-4711')
  })
})

describe('audit entries for byline and key writes', () => {
  it('records create, update and delete of a byline', async () => {
    let before = await auditCount()
    const created = await ctx.api
      .post('/v1/bylines')
      .set('authorization', ctx.auth.editor)
      .send({ name: 'Ana Ruiz' })
    const id = created.body.id as string
    await expectAudited(
      created,
      201,
      { action: 'byline.create', resourceType: 'byline', resourceId: id, as: 'editor' },
      before,
    )

    before = await auditCount()
    const updated = await ctx.api
      .patch(`/v1/bylines/${id}`)
      .set('authorization', ctx.auth.editor)
      .send({ jobTitle: 'Reporter' })
    await expectAudited(
      updated,
      200,
      { action: 'byline.update', resourceType: 'byline', resourceId: id, as: 'editor' },
      before,
    )

    before = await auditCount()
    const deleted = await ctx.api.delete(`/v1/bylines/${id}`).set('authorization', ctx.auth.admin)
    await expectAudited(
      deleted,
      204,
      { action: 'byline.delete', resourceType: 'byline', resourceId: id, as: 'admin' },
      before,
    )
  })

  it('records create and delete of an API key, without the secret', async () => {
    let before = await auditCount()
    const created = await ctx.api
      .post('/v1/keys')
      .set('authorization', ctx.auth.admin)
      .send({ name: 'night desk', role: 'editor' })
    const id = created.body.id as string
    const entry = await expectAudited(
      created,
      201,
      { action: 'key.create', resourceType: 'key', resourceId: id, as: 'admin' },
      before,
    )
    expect(JSON.stringify(entry)).not.toContain(created.body.key as string)

    before = await auditCount()
    const deleted = await ctx.api.delete(`/v1/keys/${id}`).set('authorization', ctx.auth.admin)
    await expectAudited(
      deleted,
      204,
      { action: 'key.delete', resourceType: 'key', resourceId: id, as: 'admin' },
      before,
    )
  })
})

describe('rejected writes', () => {
  it('records no entry for writes refused with 400, 401, 403, 404, 409, 412, 422 or 428', async () => {
    const byline = await createByline(ctx, { name: 'Ana Ruiz' })
    const a = await createArticle(ctx, { slug: 'taken', bylines: [{ byline: byline.slug }] })
    const draft = await createArticle(ctx, { slug: 'empty-draft', body: '' })
    const before = await ctx.db.prisma.auditEntry.findMany({ orderBy: { id: 'asc' } })
    expect(before).toHaveLength(3)
    const editor = ctx.auth.editor
    const refused: [number, () => PromiseLike<Response>][] = [
      [400, () => ctx.api.post('/v1/articles').set('authorization', editor).send({ headline: '' })],
      [
        400,
        () =>
          ctx.api
            .patch(`/v1/articles/${a.id}`)
            .set('authorization', editor)
            .set('if-match', 'nonsense')
            .send({ dek: 'x' }),
      ],
      [401, () => ctx.api.post('/v1/articles').send({ headline: 'Anonymous' })],
      [
        403,
        () =>
          ctx.api
            .post('/v1/keys')
            .set('authorization', editor)
            .send({ name: 'sneaky', role: 'admin' }),
      ],
      [
        403,
        () =>
          ctx.api
            .delete(`/v1/articles/${a.id}?permanent=true`)
            .set('authorization', editor)
            .set('if-match', '"1"'),
      ],
      [
        404,
        () =>
          ctx.api
            .patch(`/v1/articles/${UNKNOWN_ID}`)
            .set('authorization', editor)
            .set('if-match', '"1"')
            .send({ dek: 'x' }),
      ],
      [404, () => ctx.api.delete(`/v1/keys/${UNKNOWN_ID}`).set('authorization', ctx.auth.admin)],
      [
        409,
        () =>
          ctx.api
            .post('/v1/articles')
            .set('authorization', editor)
            .send({ headline: 'Dup', slug: 'taken' }),
      ],
      [409, () => ctx.api.delete(`/v1/bylines/${byline.id}`).set('authorization', editor)],
      [
        412,
        () =>
          ctx.api
            .patch(`/v1/articles/${a.id}`)
            .set('authorization', editor)
            .set('if-match', '"7"')
            .send({ dek: 'x' }),
      ],
      [
        412,
        () =>
          ctx.api
            .patch(`/v1/bylines/${byline.id}`)
            .set('authorization', editor)
            .set('if-match', '"7"')
            .send({ bio: 'x' }),
      ],
      [422, () => ctx.api.post(`/v1/articles/${draft.id}/publish`).set('authorization', editor)],
      [
        428,
        () => ctx.api.patch(`/v1/articles/${a.id}`).set('authorization', editor).send({ dek: 'x' }),
      ],
      [428, () => ctx.api.delete(`/v1/articles/${a.id}`).set('authorization', editor)],
    ]
    for (const [status, send] of refused) {
      problem(await send(), status)
    }
    expect(await ctx.db.prisma.auditEntry.findMany({ orderBy: { id: 'asc' } })).toEqual(before)
  })
})

describe('GET /v1/audit', () => {
  /** Six entries: two bylines by the editor, a key by the admin, an article by the editor and two updates of it. */
  async function seedTrail() {
    const ana = await createByline(ctx, { name: 'Ana Ruiz' })
    const li = await createByline(ctx, { name: 'Li Wei' })
    const key = await ctx.api
      .post('/v1/keys')
      .set('authorization', ctx.auth.admin)
      .send({ name: 'ingest bot', role: 'editor' })
    expect(key.status).toBe(201)
    const a = await createArticle(ctx, { headline: 'Trail' })
    for (const [version, dek] of [
      [1, 'one'],
      [2, 'two'],
    ] as const) {
      const res = await ctx.api
        .patch(`/v1/articles/${a.id}`)
        .set('authorization', ctx.auth.admin)
        .set('if-match', `"${version}"`)
        .send({ dek })
      expect(res.status).toBe(200)
    }
    return { ana, li, keyId: key.body.id as string, article: a }
  }

  it('lists entries newest first', async () => {
    const { ana, li, keyId, article } = await seedTrail()
    const { items } = await entries()
    expect(items.map((e) => [e.action, e.resourceId])).toEqual([
      ['article.update', article.id],
      ['article.update', article.id],
      ['article.create', article.id],
      ['key.create', keyId],
      ['byline.create', li.id],
      ['byline.create', ana.id],
    ])
    const times = items.map((e) => Date.parse(e.createdAt))
    expect([...times].sort((x, y) => y - x)).toEqual(times)
  })

  it('filters by resource type', async () => {
    const { ana, li } = await seedTrail()
    const { items } = await entries({ resourceType: 'byline' })
    expect(items.map((e) => e.resourceId)).toEqual([li.id, ana.id])
  })

  it('filters by resource id', async () => {
    const { article } = await seedTrail()
    const { items } = await entries({ resourceId: article.id })
    expect(items.map((e) => e.action)).toEqual([
      'article.update',
      'article.update',
      'article.create',
    ])
  })

  it('filters by resource type and id together', async () => {
    const { article } = await seedTrail()
    expect((await entries({ resourceType: 'article', resourceId: article.id })).items).toHaveLength(
      3,
    )
    expect((await entries({ resourceType: 'byline', resourceId: article.id })).items).toEqual([])
  })

  it('filters by key', async () => {
    const { keyId, article } = await seedTrail()
    const byAdmin = await entries({ keyId: keyIds.admin })
    expect(byAdmin.items.map((e) => [e.action, e.resourceId])).toEqual([
      ['article.update', article.id],
      ['article.update', article.id],
      ['key.create', keyId],
    ])
    for (const e of byAdmin.items)
      expect(e).toMatchObject({ keyId: keyIds.admin, keyName: 'test admin' })
    const byEditor = await entries({ keyId: keyIds.editor })
    expect(byEditor.items.map((e) => e.action)).toEqual([
      'article.create',
      'byline.create',
      'byline.create',
    ])
    expect((await entries({ keyId: UNKNOWN_ID })).items).toEqual([])
  })

  it('pages through every entry with limit=2, in order and without repeats', async () => {
    await seedTrail()
    const all = (await entries()).items.map((e) => e.id)
    expect(all).toHaveLength(6)
    const seen: string[] = []
    let cursor: string | null = null
    let pages = 0
    do {
      const page: AuditList = await entries({ limit: 2, ...(cursor ? { cursor } : {}) })
      expect(page.page.limit).toBe(2)
      expect(page.items.length).toBeLessThanOrEqual(2)
      seen.push(...page.items.map((e) => e.id))
      cursor = page.page.nextCursor
      pages++
    } while (cursor && pages < 10)
    expect(seen).toEqual(all)
    expect(pages).toBe(3)
  })

  it('pages within a filter', async () => {
    const { article } = await seedTrail()
    const first = await entries({ resourceId: article.id, limit: 2 })
    expect(first.items.map((e) => e.action)).toEqual(['article.update', 'article.update'])
    expect(first.page.nextCursor).not.toBeNull()
    const second = await entries({
      resourceId: article.id,
      limit: 2,
      cursor: first.page.nextCursor!,
    })
    expect(second.items.map((e) => e.action)).toEqual(['article.create'])
    expect(second.page.nextCursor).toBeNull()
  })

  it('refuses an editor key with 403', async () => {
    await seedTrail()
    problem(await audit({}, ctx.auth.editor), 403)
  })

  it('refuses anonymous readers with 401', async () => {
    await seedTrail()
    problem(await audit({}, null), 401)
    problem(await audit({}, 'Bearer garbage'), 401)
  })

  it('checks the key before the query: 401 without one and 403 for an editor, even with invalid filters', async () => {
    const invalid = { resourceType: 'banana', keyId: 'not-a-uuid' }
    problem(await audit(invalid, null), 401)
    problem(await audit(invalid, ctx.auth.editor), 403)
  })

  it('refuses an unknown resource type, a malformed key id or a forged cursor with 400', async () => {
    const queries: Record<string, string | number>[] = [
      { resourceType: 'banana' },
      { keyId: 'not-a-uuid' },
      { cursor: 'forged' },
      { limit: 0 },
    ]
    for (const query of queries) {
      problem(await audit(query), 400)
    }
  })
})
