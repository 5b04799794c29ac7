import { describe, expect, it } from 'vitest'
import { createArticle, createByline } from '../../helpers/factories.js'
import { problem, type TestContext, useTestApp } from '../../helpers/test-app.js'

const ctx = useTestApp()

type Byline = {
  id: string
  slug: string
  name: string
  kind: 'staff' | 'contributor' | 'agency'
  jobTitle: string | null
  bio: string | null
  avatarUrl: string | null
  links: { label: string; url: string }[]
  version: number
  createdAt: string
  updatedAt: string
}
type BylineList = { items: Byline[]; page: { limit: number; nextCursor: string | null } }

/** The distinct fields a validation problem names (one field may carry several messages). */
const paths = (body: { errors?: { path: string }[] }) => [...new Set((body.errors ?? []).map((e) => e.path))]

/** Runs a request that must be rejected and asserts that it changed nothing in the database. */
async function unchanged<T>(run: () => Promise<T>): Promise<T> {
  const before = await ctx.snapshot()
  const result = await run()
  expect(await ctx.snapshot()).toEqual(before)
  return result
}

const post = (c: TestContext, body: unknown) => c.api.post('/v1/bylines').set('authorization', c.auth.editor).send(body as object)
const patch = (c: TestContext, ref: string, body: unknown) =>
  c.api.patch(`/v1/bylines/${encodeURIComponent(ref)}`).set('authorization', c.auth.editor).send(body as object)
const get = (ref: string) => ctx.api.get(`/v1/bylines/${encodeURIComponent(ref)}`)
const list = (query: Record<string, string | number> = {}) => ctx.api.get('/v1/bylines').query(query)

describe('POST /v1/bylines', () => {
  it('creates a byline with every field and returns it with 201', async () => {
    const res = await post(ctx, {
      name: 'Ana Ruiz',
      slug: 'ana',
      kind: 'contributor',
      jobTitle: 'Science correspondent',
      bio: 'Writes about **oceans**.',
      avatarUrl: 'https://cdn.example.com/ana.jpg',
      links: [{ label: 'Website', url: 'https://ana.example.com' }],
    })
    expect(res.status).toBe(201)
    expect(res.headers['content-type']).toMatch(/^application\/json/)
    const b = res.body as Byline
    expect(b).toMatchObject({
      slug: 'ana',
      name: 'Ana Ruiz',
      kind: 'contributor',
      jobTitle: 'Science correspondent',
      bio: 'Writes about **oceans**.',
      avatarUrl: 'https://cdn.example.com/ana.jpg',
      links: [{ label: 'Website', url: 'https://ana.example.com' }],
      version: 1,
    })
    expect(b.id).toMatch(/^[0-9a-f-]{36}$/)
    expect(Number.isNaN(Date.parse(b.createdAt))).toBe(false)
    expect(Number.isNaN(Date.parse(b.updatedAt))).toBe(false)
    expect((await get(b.id)).body).toEqual(b)
  })

  it('creates a byline from only a name, with defaults for the rest', async () => {
    const res = await post(ctx, { name: 'Ana Ruiz' })
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({
      slug: 'ana-ruiz',
      kind: 'staff',
      jobTitle: null,
      bio: null,
      avatarUrl: null,
      links: [],
      version: 1,
    })
  })

  it('accepts an admin key as well as an editor key', async () => {
    const res = await ctx.api.post('/v1/bylines').set('authorization', ctx.auth.admin).send({ name: 'Wire Desk', kind: 'agency' })
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({ slug: 'wire-desk', kind: 'agency' })
  })

  it('derives an ASCII slug from an accented name', async () => {
    const b = await createByline(ctx, { name: 'Zoë Ndlovu' })
    expect(b.slug).toBe('zoe-ndlovu')
    expect(b.name).toBe('Zoë Ndlovu')
  })

  it('gives a second byline with the same name a distinct slug', async () => {
    const first = await createByline(ctx, { name: 'Ana Ruiz' })
    const second = await createByline(ctx, { name: 'Ana Ruiz' })
    const third = await createByline(ctx, { name: 'Ana  Ruiz' })
    expect(first.slug).toBe('ana-ruiz')
    expect(second.slug).not.toBe(first.slug)
    expect(second.slug).toMatch(/^ana-ruiz-\d+$/)
    expect(new Set([first.slug, second.slug, third.slug]).size).toBe(3)
  })

  it('gives bylines with the same name created at the same time distinct slugs', async () => {
    const results = await Promise.all(Array.from({ length: 5 }, () => post(ctx, { name: 'Ana Ruiz' })))
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201, 201])
    expect(new Set(results.map((r) => (r.body as Byline).slug)).size).toBe(5)
  })

  it('derives a slug within 120 characters from a 200-character name', async () => {
    const b = await createByline(ctx, { name: 'Abcdefghi '.repeat(20).trim() })
    expect(b.slug.length).toBeLessThanOrEqual(120)
    expect(b.slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/)
  })

  it('derives a usable slug from a name with no letters or digits', async () => {
    const b = await createByline(ctx, { name: '—' })
    expect(b.slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/)
  })

  it('refuses an explicit slug that is already taken with 409 and creates nothing', async () => {
    await createByline(ctx, { name: 'Ana Ruiz', slug: 'ana' })
    const body = problem(await unchanged(() => post(ctx, { name: 'Another Ana', slug: 'ana' })), 409)
    expect(body.detail).toMatch(/slug/)
  })

  it('refuses a blank name', async () => {
    for (const name of ['', '   ', '\n\t']) {
      const body = problem(await unchanged(() => post(ctx, { name })), 400)
      expect(paths(body)).toEqual(['name'])
    }
  })

  it('refuses a missing name', async () => {
    const body = problem(await unchanged(() => post(ctx, { kind: 'staff' })), 400)
    expect(paths(body)).toContain('name')
  })

  it('accepts a name of 200 characters and refuses one of 201', async () => {
    expect((await post(ctx, { name: 'a'.repeat(200) })).status).toBe(201)
    const body = problem(await unchanged(() => post(ctx, { name: 'b'.repeat(201) })), 400)
    expect(paths(body)).toEqual(['name'])
  })

  it('refuses a name that is not a string', async () => {
    const body = problem(await unchanged(() => post(ctx, { name: 42 })), 400)
    expect(paths(body)).toEqual(['name'])
  })

  it('refuses a malformed explicit slug', async () => {
    for (const slug of ['Ana', 'ana--ruiz', '-ana', 'ana ruiz', 'x'.repeat(121), '']) {
      const body = problem(await unchanged(() => post(ctx, { name: 'Ana Ruiz', slug })), 400)
      expect(paths(body)).toEqual(['slug'])
    }
  })

  it('refuses an unknown kind', async () => {
    const body = problem(await unchanged(() => post(ctx, { name: 'Ana Ruiz', kind: 'freelancer' })), 400)
    expect(paths(body)).toEqual(['kind'])
  })

  it('refuses a plain-http avatarUrl', async () => {
    const body = problem(await unchanged(() => post(ctx, { name: 'Ana Ruiz', avatarUrl: 'http://cdn.example.com/a.jpg' })), 400)
    expect(paths(body)).toEqual(['avatarUrl'])
  })

  it('refuses a relative or non-web avatarUrl', async () => {
    for (const avatarUrl of ['/a.jpg', 'javascript:alert(1)', 'data:image/png;base64,AAAA', 'https://']) {
      const body = problem(await unchanged(() => post(ctx, { name: 'Ana Ruiz', avatarUrl })), 400)
      expect(paths(body)).toEqual(['avatarUrl'])
    }
  })

  it('accepts 10 links and refuses 11', async () => {
    const links = Array.from({ length: 11 }, (_, i) => ({ label: `Link ${i}`, url: `https://example.com/${i}` }))
    expect((await post(ctx, { name: 'Ten Links', links: links.slice(0, 10) })).status).toBe(201)
    const body = problem(await unchanged(() => post(ctx, { name: 'Eleven Links', links })), 400)
    expect(paths(body)).toEqual(['links'])
  })

  it('refuses a link with a bad url, a missing label or an extra field, naming the item', async () => {
    const body = problem(
      await unchanged(() =>
        post(ctx, {
          name: 'Ana Ruiz',
          links: [
            { label: 'Site', url: 'ftp://example.com' },
            { url: 'https://example.com' },
            { label: 'X', url: 'https://example.com', rel: 'me' },
          ],
        }),
      ),
      400,
    )
    expect(paths(body)).toEqual(expect.arrayContaining(['links.0.url', 'links.1.label', 'links.2.rel']))
  })

  it('accepts a bio of 10,000 characters and refuses one of 10,001', async () => {
    expect((await post(ctx, { name: 'Long Bio', bio: 'x'.repeat(10_000) })).status).toBe(201)
    const body = problem(await unchanged(() => post(ctx, { name: 'Longer Bio', bio: 'x'.repeat(10_001) })), 400)
    expect(paths(body)).toEqual(['bio'])
  })

  it('names every bad field at once', async () => {
    const body = problem(
      await unchanged(() => post(ctx, { name: '', avatarUrl: 'http://x.example.com', links: [{ label: 'a', url: 'nope' }] })),
      400,
    )
    expect(paths(body)).toEqual(expect.arrayContaining(['name', 'avatarUrl', 'links.0.url']))
    expect(body.type).toMatch(/validation/)
    for (const e of body.errors ?? []) expect(e.message).toBeTruthy()
  })

  it('refuses unknown body fields, naming each of them', async () => {
    const body = problem(
      await unchanged(() => post(ctx, { name: 'Ana Ruiz', bogus: 1, id: '00000000-0000-0000-0000-000000000000', version: 9 })),
      400,
    )
    expect(paths(body)).toEqual(expect.arrayContaining(['bogus', 'id', 'version']))
  })

  it('refuses a body that is not a JSON object', async () => {
    for (const payload of [[], 'Ana', 42, null]) {
      const res = await unchanged(() =>
        ctx.api.post('/v1/bylines').set('authorization', ctx.auth.editor).set('content-type', 'application/json').send(JSON.stringify(payload)),
      )
      problem(res, 400)
    }
  })

  it('refuses a request without a body', async () => {
    problem(await unchanged(() => ctx.api.post('/v1/bylines').set('authorization', ctx.auth.editor)), 400)
  })

  it('refuses malformed JSON with 400', async () => {
    const res = await unchanged(() =>
      ctx.api.post('/v1/bylines').set('authorization', ctx.auth.editor).set('content-type', 'application/json').send('{"name": "Ana'),
    )
    problem(res, 400)
  })

  it('refuses an empty JSON body with 400', async () => {
    const res = await unchanged(() =>
      ctx.api.post('/v1/bylines').set('authorization', ctx.auth.editor).set('content-type', 'application/json').send(''),
    )
    problem(res, 400)
  })

  it('refuses a text/plain body with 415', async () => {
    const res = await unchanged(() =>
      ctx.api.post('/v1/bylines').set('authorization', ctx.auth.editor).set('content-type', 'text/plain').send('{"name":"Ana Ruiz"}'),
    )
    problem(res, 415)
  })

  it('refuses a form-encoded body with 415', async () => {
    const res = await unchanged(() =>
      ctx.api.post('/v1/bylines').set('authorization', ctx.auth.editor).type('form').send({ name: 'Ana Ruiz' }),
    )
    problem(res, 415)
  })

  it('refuses a body over 1 MiB with 413', async () => {
    const res = await unchanged(() => post(ctx, { name: 'Big', bio: 'x'.repeat(1024 * 1024 + 1) }))
    problem(res, 413)
  })

  it('refuses an anonymous request with 401 and a www-authenticate challenge', async () => {
    const res = await unchanged(() => ctx.api.post('/v1/bylines').send({ name: 'Ana Ruiz' }))
    problem(res, 401)
    expect(res.headers['www-authenticate']).toMatch(/^Bearer/)
  })

  it('refuses a garbage bearer key with 401', async () => {
    for (const header of ['Bearer not-a-key', 'Bearer ncms_forged', 'Basic YWxhZGRpbjpvcGVuc2VzYW1l', 'Bearer']) {
      const res = await unchanged(() => ctx.api.post('/v1/bylines').set('authorization', header).send({ name: 'Ana Ruiz' }))
      problem(res, 401)
      expect(res.headers['www-authenticate']).toMatch(/^Bearer/)
    }
  })

  it('refuses text with a NUL character with 400 naming the field, not 500', async () => {
    const body = problem(
      await unchanged(() =>
        post(ctx, {
          name: 'Ana\u0000Ruiz',
          jobTitle: 'Re\u0000porter',
          bio: 'line\u0000break',
          avatarUrl: 'https://cdn.example.com/a\u0000.jpg',
          links: [{ label: 'Si\u0000te', url: 'https://example.com/\u0000' }],
        }),
      ),
      400,
    )
    expect(paths(body).sort()).toEqual(['avatarUrl', 'bio', 'jobTitle', 'links.0.label', 'links.0.url', 'name'])
    const b = await createByline(ctx)
    expect(paths(problem(await unchanged(() => patch(ctx, b.id, { bio: 'line\u0000break' })), 400))).toEqual(['bio'])
  })

  it('refuses an anonymous request with 401 before looking at its body', async () => {
    const anon = () => ctx.api.post('/v1/bylines')
    problem(await unchanged(() => anon().send({ name: '', bogus: 1 })), 401)
    problem(await unchanged(() => anon().set('content-type', 'text/plain').send('hello')), 401)
    problem(await unchanged(() => anon().set('content-type', 'application/json').send('{"name":')), 401)
    problem(await unchanged(() => anon().send({ name: 'Big', bio: 'x'.repeat(1024 * 1024 + 1) })), 401)
  })
})

describe('GET /v1/bylines', () => {
  it('is public and returns an empty page when there are no bylines', async () => {
    const res = await list()
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ items: [], page: { limit: 20, nextCursor: null } })
  })

  it('pages through every byline exactly once, in name order, with an opaque cursor', async () => {
    // Created out of order, with a tie on the name that the id has to break.
    for (const name of ['Elena Diaz', 'Bruno Costa', 'Carmen Vidal', 'Alba Serra', 'Carmen Vidal', 'Dario Fo']) {
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
    expect(items.map((b) => b.name)).toEqual(['Alba Serra', 'Bruno Costa', 'Carmen Vidal', 'Carmen Vidal', 'Dario Fo', 'Elena Diaz'])
    expect(new Set(items.map((b) => b.id)).size).toBe(6)
  })

  it('defaults to 20 items per page', async () => {
    for (let i = 0; i < 21; i++) await createByline(ctx, { name: `Writer ${String(i).padStart(2, '0')}` })
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
      Buffer.from(JSON.stringify(['Ana\u0000', '0190f000-0000-7000-8000-000000000000'])).toString('base64url'),
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
    expect((res.body as BylineList).items.map((b) => b.name)).toEqual(['Another Agency', 'Wire Desk'])
    const staff = (await list({ kind: 'staff' })).body as BylineList
    expect(staff.items.map((b) => b.slug)).toEqual(['ana-ruiz'])
  })

  it('keeps the kind filter across pages', async () => {
    for (const name of ['A Agency', 'B Staff', 'C Agency', 'D Staff', 'E Agency']) {
      await createByline(ctx, { name, kind: name.endsWith('Agency') ? 'agency' : 'staff' })
    }
    const first = (await list({ kind: 'agency', limit: 2 })).body as BylineList
    const second = (await list({ kind: 'agency', limit: 2, cursor: first.page.nextCursor ?? '' })).body as BylineList
    expect([...first.items, ...second.items].map((b) => b.name)).toEqual(['A Agency', 'C Agency', 'E Agency'])
    expect(second.page.nextCursor).toBeNull()
  })

  it('refuses an unknown kind naming query.kind', async () => {
    const body = problem(await list({ kind: 'freelancer' }), 400)
    expect(paths(body)).toEqual(['query.kind'])
  })

  it('accepts a valid key but refuses a garbage one with 401', async () => {
    expect((await ctx.api.get('/v1/bylines').set('authorization', ctx.auth.editor)).status).toBe(200)
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
    expect(byId.body).toMatchObject({ id: b.id, slug: 'zoe-ndlovu', name: 'Zoë Ndlovu', jobTitle: 'Editor' })
    const bySlug = await get('zoe-ndlovu')
    expect(bySlug.status).toBe(200)
    expect(bySlug.body).toEqual(byId.body)
    expect((await get(b.id.toUpperCase())).body).toEqual(byId.body)
  })

  it('returns 404 for an unknown slug or id', async () => {
    for (const ref of ['nobody', '0190f000-0000-7000-8000-000000000000', 'Not A Slug', 'a'.repeat(200)]) {
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

describe('PATCH /v1/bylines/{idOrSlug}', () => {
  it('changes only the given fields and bumps the version', async () => {
    const b = (await post(ctx, {
      name: 'Ana Ruiz',
      kind: 'contributor',
      jobTitle: 'Reporter',
      bio: 'Bio',
      avatarUrl: 'https://cdn.example.com/a.jpg',
      links: [{ label: 'Site', url: 'https://ana.example.com' }],
    })).body as Byline
    const res = await patch(ctx, b.slug, { jobTitle: 'Senior reporter' })
    expect(res.status).toBe(200)
    const after = res.body as Byline
    expect(after).toEqual({ ...b, jobTitle: 'Senior reporter', version: 2, updatedAt: after.updatedAt })
    expect(Date.parse(after.updatedAt)).toBeGreaterThanOrEqual(Date.parse(b.updatedAt))
    expect((await get(b.id)).body).toEqual(after)

    const again = (await patch(ctx, b.id, { kind: 'staff', links: [] })).body as Byline
    expect(again).toMatchObject({ kind: 'staff', links: [], jobTitle: 'Senior reporter', bio: 'Bio', version: 3 })
  })

  it('keeps the slug when the name changes', async () => {
    const b = await createByline(ctx, { name: 'Ana Ruiz' })
    const res = await patch(ctx, b.id, { name: 'Ana Ruiz Pérez' })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ name: 'Ana Ruiz Pérez', slug: 'ana-ruiz' })
  })

  it('changes the slug when one is given, and the old slug no longer resolves', async () => {
    const b = await createByline(ctx, { name: 'Ana Ruiz' })
    const res = await patch(ctx, b.slug, { slug: 'ana' })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ id: b.id, slug: 'ana' })
    expect((await get('ana')).status).toBe(200)
    problem(await get('ana-ruiz'), 404)
  })

  it('clears jobTitle, bio and avatarUrl when sent null', async () => {
    const b = await createByline(ctx, { name: 'Ana Ruiz', jobTitle: 'Reporter', bio: 'Bio', avatarUrl: 'https://cdn.example.com/a.jpg' })
    const res = await patch(ctx, b.id, { jobTitle: null })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ jobTitle: null, bio: 'Bio', avatarUrl: 'https://cdn.example.com/a.jpg', version: 2 })
    const res2 = await patch(ctx, b.id, { bio: null, avatarUrl: null })
    expect(res2.body).toMatchObject({ jobTitle: null, bio: null, avatarUrl: null, version: 3 })
  })

  it('returns the byline unchanged for an empty body', async () => {
    const b = await createByline(ctx)
    const res = await unchanged(() => patch(ctx, b.id, {}))
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ id: b.id, version: 1 })
  })

  it('refuses null for a required field, naming it', async () => {
    const b = await createByline(ctx)
    for (const field of ['name', 'slug', 'kind', 'links']) {
      const body = problem(await unchanged(() => patch(ctx, b.id, { [field]: null })), 400)
      expect(paths(body)).toEqual([field])
    }
  })

  it('refuses invalid fields, naming each, and changes nothing', async () => {
    const b = await createByline(ctx)
    const cases: [Record<string, unknown>, string][] = [
      [{ name: '  ' }, 'name'],
      [{ name: 'n'.repeat(201) }, 'name'],
      [{ avatarUrl: 'http://cdn.example.com/a.jpg' }, 'avatarUrl'],
      [{ bio: 'x'.repeat(10_001) }, 'bio'],
      [{ links: [{ label: 'Site', url: 'not a url' }] }, 'links.0.url'],
      [{ links: Array.from({ length: 11 }, () => ({ label: 'l', url: 'https://example.com' })) }, 'links'],
      [{ slug: 'Bad Slug' }, 'slug'],
      [{ kind: 'robot' }, 'kind'],
      [{ bogus: true }, 'bogus'],
    ]
    for (const [input, path] of cases) {
      const body = problem(await unchanged(() => patch(ctx, b.id, input)), 400)
      expect(paths(body)).toEqual([path])
    }
    expect((await get(b.id)).body).toMatchObject({ name: 'Ana Ruiz', version: 1 })
  })

  it('refuses a slug taken by another byline with 409', async () => {
    await createByline(ctx, { name: 'Ana Ruiz' })
    const other = await createByline(ctx, { name: 'Bea Ruiz' })
    const body = problem(await unchanged(() => patch(ctx, other.id, { slug: 'ana-ruiz' })), 409)
    expect(body.detail).toMatch(/slug/)
    expect((await get(other.id)).body).toMatchObject({ slug: 'bea-ruiz', version: 1 })
  })

  it('accepts the byline\'s own slug', async () => {
    const b = await createByline(ctx, { name: 'Ana Ruiz' })
    const res = await patch(ctx, b.id, { slug: 'ana-ruiz', jobTitle: 'Reporter' })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ slug: 'ana-ruiz', version: 2 })
  })

  it('returns 404 for an unknown byline', async () => {
    problem(await unchanged(() => patch(ctx, 'nobody', { jobTitle: 'X' })), 404)
    problem(await unchanged(() => patch(ctx, '0190f000-0000-7000-8000-000000000000', { jobTitle: 'X' })), 404)
  })

  it('refuses malformed JSON, text/plain and bodies over 1 MiB', async () => {
    const b = await createByline(ctx)
    const send = () => ctx.api.patch(`/v1/bylines/${b.id}`).set('authorization', ctx.auth.editor)
    problem(await unchanged(() => send().set('content-type', 'application/json').send('{"name":')), 400)
    problem(await unchanged(() => send().set('content-type', 'text/plain').send('{"name":"X"}')), 415)
    problem(await unchanged(() => send().send({ bio: 'x'.repeat(1024 * 1024 + 1) })), 413)
  })

  it('refuses anonymous and garbage-key requests with 401', async () => {
    const b = await createByline(ctx)
    const anon = await unchanged(() => ctx.api.patch(`/v1/bylines/${b.id}`).send({ jobTitle: 'X' }))
    problem(anon, 401)
    expect(anon.headers['www-authenticate']).toMatch(/^Bearer/)
    problem(await unchanged(() => ctx.api.patch(`/v1/bylines/${b.id}`).set('authorization', 'Bearer nope').send({ jobTitle: 'X' })), 401)
    problem(await unchanged(() => ctx.api.patch(`/v1/bylines/${b.id}`).send({ name: '', bogus: 1 })), 401)
    problem(await unchanged(() => ctx.api.patch('/v1/bylines/nobody').send({ jobTitle: 'X' })), 401)
  })
})

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
    expect((await ctx.api.delete(`/v1/bylines/${b.id}`).set('authorization', ctx.auth.admin)).status).toBe(204)
    problem(await get(b.id), 404)
  })

  it('refuses to delete a credited byline with 409 naming the articles', async () => {
    const ana = await createByline(ctx, { name: 'Ana Ruiz' })
    const bea = await createByline(ctx, { name: 'Bea Soto' })
    const a1 = await createArticle(ctx, { headline: 'Harbour reopens', bylines: [{ byline: ana.slug, role: 'author' }] })
    const a2 = await createArticle(ctx, {
      headline: 'Storm damage assessed',
      bylines: [
        { byline: bea.slug, role: 'author' },
        { byline: ana.id, role: 'author' },
      ],
    })
    await createArticle(ctx, { headline: 'Unrelated', bylines: [{ byline: bea.slug, role: 'author' }] })

    const res = await unchanged(() => ctx.api.delete(`/v1/bylines/${ana.slug}`).set('authorization', ctx.auth.editor))
    const body = problem(res, 409) as ReturnType<typeof problem> & { articles?: { slug: string }[]; articleCount?: number }
    expect(body.detail).toContain(a1.slug)
    expect(body.detail).toContain(a2.slug)
    expect(body.detail).not.toContain('unrelated')
    expect(body.articles?.map((a) => a.slug).sort()).toEqual([a1.slug, a2.slug].sort())
    expect(body.articleCount).toBe(2)
    expect((await get(ana.id)).status).toBe(200)
  })

  it('returns 404 for an unknown byline', async () => {
    problem(await unchanged(() => ctx.api.delete('/v1/bylines/nobody').set('authorization', ctx.auth.editor)), 404)
    problem(
      await unchanged(() => ctx.api.delete('/v1/bylines/0190f000-0000-7000-8000-000000000000').set('authorization', ctx.auth.editor)),
      404,
    )
  })

  it('returns 404 the second time', async () => {
    const b = await createByline(ctx)
    expect((await ctx.api.delete(`/v1/bylines/${b.id}`).set('authorization', ctx.auth.editor)).status).toBe(204)
    problem(await ctx.api.delete(`/v1/bylines/${b.id}`).set('authorization', ctx.auth.editor), 404)
  })

  it('refuses anonymous and garbage-key requests with 401 and keeps the byline', async () => {
    const b = await createByline(ctx)
    const anon = await unchanged(() => ctx.api.delete(`/v1/bylines/${b.id}`))
    problem(anon, 401)
    expect(anon.headers['www-authenticate']).toMatch(/^Bearer/)
    problem(await unchanged(() => ctx.api.delete(`/v1/bylines/${b.id}`).set('authorization', 'Bearer ncms_garbage')), 401)
    expect((await get(b.id)).status).toBe(200)
  })
})
