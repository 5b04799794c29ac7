import { describe, expect, it } from 'vitest'
import { type Byline, bylineRequests, patch, paths, post } from '../../helpers/bylines.js'
import { createByline } from '../../helpers/factories.js'
import { problem, useTestApp } from '../../helpers/test-app.js'

const ctx = useTestApp()
const { get, unchanged } = bylineRequests(ctx)

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
    const res = await ctx.api
      .post('/v1/bylines')
      .set('authorization', ctx.auth.admin)
      .send({ name: 'Wire Desk', kind: 'agency' })
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
    const results = await Promise.all(
      Array.from({ length: 5 }, () => post(ctx, { name: 'Ana Ruiz' })),
    )
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
    const body = problem(
      await unchanged(() => post(ctx, { name: 'Another Ana', slug: 'ana' })),
      409,
    )
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
    const body = problem(
      await unchanged(() => post(ctx, { name: 'Ana Ruiz', kind: 'freelancer' })),
      400,
    )
    expect(paths(body)).toEqual(['kind'])
  })

  it('refuses a plain-http avatarUrl', async () => {
    const body = problem(
      await unchanged(() =>
        post(ctx, { name: 'Ana Ruiz', avatarUrl: 'http://cdn.example.com/a.jpg' }),
      ),
      400,
    )
    expect(paths(body)).toEqual(['avatarUrl'])
  })

  it('refuses a relative or non-web avatarUrl', async () => {
    for (const avatarUrl of [
      '/a.jpg',
      'javascript:alert(1)',
      'data:image/png;base64,AAAA',
      'https://',
    ]) {
      const body = problem(await unchanged(() => post(ctx, { name: 'Ana Ruiz', avatarUrl })), 400)
      expect(paths(body)).toEqual(['avatarUrl'])
    }
  })

  it('accepts 10 links and refuses 11', async () => {
    const links = Array.from({ length: 11 }, (_, i) => ({
      label: `Link ${i}`,
      url: `https://example.com/${i}`,
    }))
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
    expect(paths(body)).toEqual(
      expect.arrayContaining(['links.0.url', 'links.1.label', 'links.2.rel']),
    )
  })

  it('accepts a bio of 10,000 characters and refuses one of 10,001', async () => {
    expect((await post(ctx, { name: 'Long Bio', bio: 'x'.repeat(10_000) })).status).toBe(201)
    const body = problem(
      await unchanged(() => post(ctx, { name: 'Longer Bio', bio: 'x'.repeat(10_001) })),
      400,
    )
    expect(paths(body)).toEqual(['bio'])
  })

  it('names every bad field at once', async () => {
    const body = problem(
      await unchanged(() =>
        post(ctx, {
          name: '',
          avatarUrl: 'http://x.example.com',
          links: [{ label: 'a', url: 'nope' }],
        }),
      ),
      400,
    )
    expect(paths(body)).toEqual(expect.arrayContaining(['name', 'avatarUrl', 'links.0.url']))
    expect(body.type).toMatch(/validation/)
    for (const e of body.errors ?? []) expect(e.message).toBeTruthy()
  })

  it('refuses unknown body fields, naming each of them', async () => {
    const body = problem(
      await unchanged(() =>
        post(ctx, {
          name: 'Ana Ruiz',
          bogus: 1,
          id: '00000000-0000-0000-0000-000000000000',
          version: 9,
        }),
      ),
      400,
    )
    expect(paths(body)).toEqual(expect.arrayContaining(['bogus', 'id', 'version']))
  })

  it('refuses a body that is not a JSON object', async () => {
    for (const payload of [[], 'Ana', 42, null]) {
      const res = await unchanged(() =>
        ctx.api
          .post('/v1/bylines')
          .set('authorization', ctx.auth.editor)
          .set('content-type', 'application/json')
          .send(JSON.stringify(payload)),
      )
      problem(res, 400)
    }
  })

  it('refuses a request without a body', async () => {
    problem(
      await unchanged(() => ctx.api.post('/v1/bylines').set('authorization', ctx.auth.editor)),
      400,
    )
  })

  it('refuses malformed JSON with 400', async () => {
    const res = await unchanged(() =>
      ctx.api
        .post('/v1/bylines')
        .set('authorization', ctx.auth.editor)
        .set('content-type', 'application/json')
        .send('{"name": "Ana'),
    )
    problem(res, 400)
  })

  it('refuses an empty JSON body with 400', async () => {
    const res = await unchanged(() =>
      ctx.api
        .post('/v1/bylines')
        .set('authorization', ctx.auth.editor)
        .set('content-type', 'application/json')
        .send(''),
    )
    problem(res, 400)
  })

  it('refuses a text/plain body with 415', async () => {
    const res = await unchanged(() =>
      ctx.api
        .post('/v1/bylines')
        .set('authorization', ctx.auth.editor)
        .set('content-type', 'text/plain')
        .send('{"name":"Ana Ruiz"}'),
    )
    problem(res, 415)
  })

  it('refuses a form-encoded body with 415', async () => {
    const res = await unchanged(() =>
      ctx.api
        .post('/v1/bylines')
        .set('authorization', ctx.auth.editor)
        .type('form')
        .send({ name: 'Ana Ruiz' }),
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
    for (const header of [
      'Bearer not-a-key',
      'Bearer ncms_forged',
      'Basic YWxhZGRpbjpvcGVuc2VzYW1l',
      'Bearer',
    ]) {
      const res = await unchanged(() =>
        ctx.api.post('/v1/bylines').set('authorization', header).send({ name: 'Ana Ruiz' }),
      )
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
    expect(paths(body).sort()).toEqual([
      'avatarUrl',
      'bio',
      'jobTitle',
      'links.0.label',
      'links.0.url',
      'name',
    ])
    const b = await createByline(ctx)
    expect(
      paths(problem(await unchanged(() => patch(ctx, b.id, { bio: 'line\u0000break' })), 400)),
    ).toEqual(['bio'])
  })

  it('refuses an anonymous request with 401 before looking at its body', async () => {
    const anon = () => ctx.api.post('/v1/bylines')
    problem(await unchanged(() => anon().send({ name: '', bogus: 1 })), 401)
    problem(await unchanged(() => anon().set('content-type', 'text/plain').send('hello')), 401)
    problem(
      await unchanged(() => anon().set('content-type', 'application/json').send('{"name":')),
      401,
    )
    problem(
      await unchanged(() => anon().send({ name: 'Big', bio: 'x'.repeat(1024 * 1024 + 1) })),
      401,
    )
  })
})
