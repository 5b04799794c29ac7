import { describe, expect, it } from 'vitest'
import { type Byline, bylineRequests, patch, paths, post } from '../../helpers/bylines.js'
import { createByline } from '../../helpers/factories.js'
import { problem, useTestApp } from '../../helpers/test-app.js'

const ctx = useTestApp()
const { get, unchanged } = bylineRequests(ctx)

describe('PATCH /v1/bylines/{idOrSlug}', () => {
  it('changes only the given fields and bumps the version', async () => {
    const b = (
      await post(ctx, {
        name: 'Ana Ruiz',
        kind: 'contributor',
        jobTitle: 'Reporter',
        bio: 'Bio',
        avatarUrl: 'https://cdn.example.com/a.jpg',
        links: [{ label: 'Site', url: 'https://ana.example.com' }],
      })
    ).body as Byline
    const res = await patch(ctx, b.slug, { jobTitle: 'Senior reporter' })
    expect(res.status).toBe(200)
    const after = res.body as Byline
    expect(after).toEqual({
      ...b,
      jobTitle: 'Senior reporter',
      version: 2,
      updatedAt: after.updatedAt,
    })
    expect(Date.parse(after.updatedAt)).toBeGreaterThanOrEqual(Date.parse(b.updatedAt))
    expect((await get(b.id)).body).toEqual(after)

    const again = (await patch(ctx, b.id, { kind: 'staff', links: [] })).body as Byline
    expect(again).toMatchObject({
      kind: 'staff',
      links: [],
      jobTitle: 'Senior reporter',
      bio: 'Bio',
      version: 3,
    })
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
    const b = await createByline(ctx, {
      name: 'Ana Ruiz',
      jobTitle: 'Reporter',
      bio: 'Bio',
      avatarUrl: 'https://cdn.example.com/a.jpg',
    })
    const res = await patch(ctx, b.id, { jobTitle: null })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({
      jobTitle: null,
      bio: 'Bio',
      avatarUrl: 'https://cdn.example.com/a.jpg',
      version: 2,
    })
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
      [
        { links: Array.from({ length: 11 }, () => ({ label: 'l', url: 'https://example.com' })) },
        'links',
      ],
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

  it("accepts the byline's own slug", async () => {
    const b = await createByline(ctx, { name: 'Ana Ruiz' })
    const res = await patch(ctx, b.id, { slug: 'ana-ruiz', jobTitle: 'Reporter' })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ slug: 'ana-ruiz', version: 2 })
  })

  it('returns 404 for an unknown byline', async () => {
    problem(await unchanged(() => patch(ctx, 'nobody', { jobTitle: 'X' })), 404)
    problem(
      await unchanged(() => patch(ctx, '0190f000-0000-7000-8000-000000000000', { jobTitle: 'X' })),
      404,
    )
  })

  it('refuses malformed JSON, text/plain and bodies over 1 MiB', async () => {
    const b = await createByline(ctx)
    const send = () => ctx.api.patch(`/v1/bylines/${b.id}`).set('authorization', ctx.auth.editor)
    problem(
      await unchanged(() => send().set('content-type', 'application/json').send('{"name":')),
      400,
    )
    problem(
      await unchanged(() => send().set('content-type', 'text/plain').send('{"name":"X"}')),
      415,
    )
    problem(await unchanged(() => send().send({ bio: 'x'.repeat(1024 * 1024 + 1) })), 413)
  })

  it('refuses anonymous and garbage-key requests with 401', async () => {
    const b = await createByline(ctx)
    const anon = await unchanged(() => ctx.api.patch(`/v1/bylines/${b.id}`).send({ jobTitle: 'X' }))
    problem(anon, 401)
    expect(anon.headers['www-authenticate']).toMatch(/^Bearer/)
    problem(
      await unchanged(() =>
        ctx.api
          .patch(`/v1/bylines/${b.id}`)
          .set('authorization', 'Bearer nope')
          .send({ jobTitle: 'X' }),
      ),
      401,
    )
    problem(
      await unchanged(() => ctx.api.patch(`/v1/bylines/${b.id}`).send({ name: '', bogus: 1 })),
      401,
    )
    problem(await unchanged(() => ctx.api.patch('/v1/bylines/nobody').send({ jobTitle: 'X' })), 401)
  })
})
