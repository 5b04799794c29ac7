import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { problem, useTestApp } from '../../helpers/test-app.js'

const ctx = useTestApp()

type CreatedKey = {
  id: string
  name: string
  role: string
  prefix: string
  createdAt: string
  lastUsedAt: string | null
  sections: string[]
  key: string
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')
const UNKNOWN_UUID = '00000000-0000-4000-8000-000000000000'

async function createKeyViaApi(fields: Record<string, unknown>): Promise<CreatedKey> {
  const res = await ctx.api.post('/v1/keys').set('authorization', ctx.auth.admin).send(fields)
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  return res.body as CreatedKey
}

describe('POST /v1/keys', () => {
  it('creates a key with the given name and role and shows the secret once, in the response', async () => {
    const before = await ctx.snapshot()
    const created = await createKeyViaApi({ name: 'night desk', role: 'editor' })
    expect(created).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
      name: 'night desk',
      role: 'editor',
      prefix: created.key.slice(0, 11),
      createdAt: expect.any(String),
      lastUsedAt: null,
      sections: [],
      key: expect.stringMatching(/^ncms_[A-Za-z0-9_-]{40,}$/),
    })
    expect(await ctx.snapshot()).toEqual({ ...before, keys: Number(before.keys) + 1 })
  })

  it('generates a different random key every time', async () => {
    const a = await createKeyViaApi({ name: 'bot a', role: 'editor' })
    const b = await createKeyViaApi({ name: 'bot b', role: 'editor' })
    expect(a.key).not.toBe(b.key)
    expect(a.key.slice(5)).not.toBe(b.key.slice(5))
  })

  it('stores only the sha256 hash of the key, never the key itself', async () => {
    const created = await createKeyViaApi({ name: 'ingest bot', role: 'admin' })
    const row = await ctx.db.prisma.apiKey.findUniqueOrThrow({ where: { id: created.id } })
    expect(row.hash).toBe(sha256(created.key))
    expect(row.hash).toMatch(/^[0-9a-f]{64}$/)
    for (const [column, value] of Object.entries(row)) {
      const text = value instanceof Date ? value.toISOString() : String(value)
      expect(text, `column ${column}`).not.toContain(created.key)
      expect(text, `column ${column}`).not.toContain(created.key.slice(11))
    }
    // No row anywhere in the table holds the key.
    const raw = await ctx.db.prisma.$queryRawUnsafe<{ row: string }[]>(
      `SELECT row_to_json(k)::text AS row FROM "ApiKey" k`,
    )
    expect(raw.length).toBeGreaterThan(0)
    expect(raw.map((r) => r.row).join('\n')).not.toContain(created.key)
  })

  it('trims the name', async () => {
    const created = await createKeyViaApi({ name: '  photo desk  ', role: 'editor' })
    expect(created.name).toBe('photo desk')
  })

  it.each([
    ['an unknown role', { name: 'x', role: 'owner' }, ['role']],
    ['a missing role', { name: 'x' }, ['role']],
    ['a blank name', { name: '   ', role: 'editor' }, ['name']],
    ['an empty name', { name: '', role: 'editor' }, ['name']],
    ['a name over 100 characters', { name: 'n'.repeat(101), role: 'editor' }, ['name']],
    ['an unknown field', { name: 'x', role: 'editor', hash: 'abc' }, ['hash']],
    [
      'several bad fields',
      { name: ' ', role: 'root', prefix: 'ncms_x' },
      ['name', 'role', 'prefix'],
    ],
  ])(
    'rejects %s with a 400 naming the field, and creates nothing',
    async (_label, body, fields) => {
      const before = await ctx.snapshot()
      const res = await ctx.api.post('/v1/keys').set('authorization', ctx.auth.admin).send(body)
      const p = problem(res, 400)
      expect(p.errors?.map((e) => e.path).sort()).toEqual([...fields].sort())
      expect(await ctx.snapshot()).toEqual(before)
    },
  )

  it('a freshly created editor key can write articles but cannot manage keys', async () => {
    const editor = await createKeyViaApi({ name: 'new editor', role: 'editor' })
    const article = await ctx.api
      .post('/v1/articles')
      .set('authorization', `Bearer ${editor.key}`)
      .send({ headline: 'x' })
    expect(article.status, JSON.stringify(article.body)).toBe(201)

    const before = await ctx.snapshot()
    problem(await ctx.api.get('/v1/keys').set('authorization', `Bearer ${editor.key}`), 403)
    problem(
      await ctx.api
        .post('/v1/keys')
        .set('authorization', `Bearer ${editor.key}`)
        .send({ name: 'y', role: 'admin' }),
      403,
    )
    problem(
      await ctx.api.delete(`/v1/keys/${editor.id}`).set('authorization', `Bearer ${editor.key}`),
      403,
    )
    expect(await ctx.snapshot()).toEqual(before)
  })

  it('a freshly created admin key can manage keys', async () => {
    const admin = await createKeyViaApi({ name: 'new admin', role: 'admin' })
    const res = await ctx.api.get('/v1/keys').set('authorization', `Bearer ${admin.key}`)
    expect(res.status).toBe(200)
  })
})

describe('GET /v1/keys', () => {
  it('lists keys with their metadata but never the secret key', async () => {
    const created = await createKeyViaApi({ name: 'listed', role: 'editor' })
    const res = await ctx.api.get('/v1/keys?limit=100').set('authorization', ctx.auth.admin)
    expect(res.status).toBe(200)
    const items = res.body.items as Record<string, unknown>[]
    const listed = items.find((k) => k.id === created.id)
    const { key: _secret, ...metadata } = created
    expect(listed).toEqual(metadata)
    for (const item of items) expect(item).not.toHaveProperty('key')
    expect(res.text).not.toContain(created.key)
    expect(res.body.page).toEqual({ limit: 100, nextCursor: null })
  })

  it('pages through all keys with limit=1, visiting every key exactly once', async () => {
    await createKeyViaApi({ name: 'page a', role: 'editor' })
    await createKeyViaApi({ name: 'page b', role: 'admin' })
    const expected = (await ctx.db.prisma.apiKey.findMany({ select: { id: true } }))
      .map((k) => k.id)
      .sort()
    expect(expected.length).toBeGreaterThanOrEqual(4)

    const seen: string[] = []
    let cursor: string | null = null
    for (let page = 0; page <= expected.length + 1; page++) {
      const query: Record<string, string | number> = cursor ? { limit: 1, cursor } : { limit: 1 }
      const res = await ctx.api.get('/v1/keys').query(query).set('authorization', ctx.auth.admin)
      expect(res.status, JSON.stringify(res.body)).toBe(200)
      expect(res.body.items.length).toBeLessThanOrEqual(1)
      expect(res.body.page.limit).toBe(1)
      seen.push(...(res.body.items as { id: string }[]).map((k) => k.id))
      cursor = res.body.page.nextCursor as string | null
      if (cursor === null) break
    }
    expect(cursor).toBeNull()
    expect(seen).toHaveLength(new Set(seen).size)
    expect([...seen].sort()).toEqual(expected)
  })

  it.each([
    ['limit=0', 'query.limit'],
    ['limit=101', 'query.limit'],
    ['limit=abc', 'query.limit'],
    ['cursor=not-a-cursor', 'query.cursor'],
  ])('rejects ?%s with a 400 naming %s', async (query, field) => {
    const res = await ctx.api.get(`/v1/keys?${query}`).set('authorization', ctx.auth.admin)
    expect(problem(res, 400).errors?.map((e) => e.path)).toEqual([field])
  })
})

describe('DELETE /v1/keys/{id}', () => {
  it('revokes the key: it gets 401 afterwards and is no longer listed', async () => {
    const doomed = await createKeyViaApi({ name: 'doomed', role: 'editor' })
    const ok = await ctx.api
      .post('/v1/articles')
      .set('authorization', `Bearer ${doomed.key}`)
      .send({ headline: 'x' })
    expect(ok.status).toBe(201)

    const res = await ctx.api.delete(`/v1/keys/${doomed.id}`).set('authorization', ctx.auth.admin)
    expect(res.status).toBe(204)
    expect(res.text).toBe('')

    const after = await ctx.api
      .post('/v1/articles')
      .set('authorization', `Bearer ${doomed.key}`)
      .send({ headline: 'y' })
    problem(after, 401)
    expect(after.headers['www-authenticate']).toBe('Bearer')
    problem(await ctx.api.get('/v1/articles').set('authorization', `Bearer ${doomed.key}`), 401)

    expect(await ctx.db.prisma.apiKey.findUnique({ where: { id: doomed.id } })).toBeNull()
    const list = await ctx.api.get('/v1/keys?limit=100').set('authorization', ctx.auth.admin)
    expect((list.body.items as { id: string }[]).map((k) => k.id)).not.toContain(doomed.id)
  })

  it('deleting one key leaves the others working', async () => {
    const doomed = await createKeyViaApi({ name: 'doomed 2', role: 'editor' })
    const survivor = await createKeyViaApi({ name: 'survivor', role: 'editor' })
    expect(
      (await ctx.api.delete(`/v1/keys/${doomed.id}`).set('authorization', ctx.auth.admin)).status,
    ).toBe(204)
    const res = await ctx.api
      .post('/v1/articles')
      .set('authorization', `Bearer ${survivor.key}`)
      .send({ headline: 'x' })
    expect(res.status).toBe(201)
  })

  it('a second delete of the same key is a 404', async () => {
    const doomed = await createKeyViaApi({ name: 'doomed 3', role: 'editor' })
    expect(
      (await ctx.api.delete(`/v1/keys/${doomed.id}`).set('authorization', ctx.auth.admin)).status,
    ).toBe(204)
    problem(await ctx.api.delete(`/v1/keys/${doomed.id}`).set('authorization', ctx.auth.admin), 404)
  })

  it('an unknown uuid is a 404 problem that deletes nothing', async () => {
    const before = await ctx.snapshot()
    const p = problem(
      await ctx.api.delete(`/v1/keys/${UNKNOWN_UUID}`).set('authorization', ctx.auth.admin),
      404,
    )
    expect(p.detail).toContain(UNKNOWN_UUID)
    expect(await ctx.snapshot()).toEqual(before)
  })

  it.each(['abc', '123', `${UNKNOWN_UUID}x`, 'ncms_abc'])(
    'a non-uuid id (%s) is a 400 naming path.id',
    async (id) => {
      const before = await ctx.snapshot()
      const p = problem(
        await ctx.api.delete(`/v1/keys/${id}`).set('authorization', ctx.auth.admin),
        400,
      )
      expect(p.errors?.map((e) => e.path)).toEqual(['path.id'])
      expect(await ctx.snapshot()).toEqual(before)
    },
  )
})

describe('who may manage keys', () => {
  const requests = [
    ['POST /v1/keys', () => ctx.api.post('/v1/keys').send({ name: 'sneaky', role: 'admin' })],
    ['GET /v1/keys', () => ctx.api.get('/v1/keys')],
    ['DELETE /v1/keys/{id}', () => ctx.api.delete(`/v1/keys/${UNKNOWN_UUID}`)],
  ] as const

  it.each(requests)(
    '%s without a key is a 401 problem with www-authenticate: Bearer, and changes nothing',
    async (_label, send) => {
      const before = await ctx.snapshot()
      const res = await send()
      problem(res, 401)
      expect(res.headers['www-authenticate']).toBe('Bearer')
      expect(await ctx.snapshot()).toEqual(before)
    },
  )

  it.each(requests)(
    '%s with an editor key is a 403 problem, and changes nothing',
    async (_label, send) => {
      const before = await ctx.snapshot()
      const res = await send().set('authorization', ctx.auth.editor)
      problem(res, 403)
      expect(await ctx.snapshot()).toEqual(before)
    },
  )

  it.each(requests)(
    '%s with an unknown key is a 401 problem, and changes nothing',
    async (_label, send) => {
      const before = await ctx.snapshot()
      const res = await send().set(
        'authorization',
        'Bearer ncms_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      )
      problem(res, 401)
      expect(res.headers['www-authenticate']).toBe('Bearer')
      expect(await ctx.snapshot()).toEqual(before)
    },
  )

  it('an editor cannot delete a real key, which keeps working', async () => {
    const target = await createKeyViaApi({ name: 'target', role: 'editor' })
    problem(
      await ctx.api.delete(`/v1/keys/${target.id}`).set('authorization', ctx.auth.editor),
      403,
    )
    expect(await ctx.db.prisma.apiKey.findUnique({ where: { id: target.id } })).not.toBeNull()
    const res = await ctx.api
      .post('/v1/articles')
      .set('authorization', `Bearer ${target.key}`)
      .send({ headline: 'x' })
    expect(res.status).toBe(201)
  })
})
