import { describe, expect, it } from 'vitest'
import { mixedStatuses } from '../../helpers/article-lists.js'
import { createArticle, createByline } from '../../helpers/factories.js'
import { problem, useTestApp } from '../../helpers/test-app.js'
import { at, HOUR } from '../../helpers/time.js'

const ctx = useTestApp()

describe('GET /v1/articles/{idOrSlug}', () => {
  it('returns the article by id and by slug, with body, bodyHtml and bylines in credit order', async () => {
    const [ana, li] = await Promise.all([
      createByline(ctx, { name: 'Ana Ruiz', slug: 'ana-ruiz' }),
      createByline(ctx, { name: 'Li Wei', slug: 'li-wei' }),
    ])
    const created = await createArticle(ctx, {
      slug: 'harbour-reopens',
      status: 'published',
      publishedAt: at(-HOUR),
      body: 'The harbour *reopened* on Monday.',
      bylines: [{ byline: li.slug }, { byline: ana.slug }],
    })
    const byId = await ctx.api.get(`/v1/articles/${created.id}`)
    const bySlug = await ctx.api.get('/v1/articles/harbour-reopens')
    expect(byId.status).toBe(200)
    expect(bySlug.status).toBe(200)
    expect(byId.headers['content-type']).toMatch(/^application\/json/)
    expect(bySlug.body).toEqual(byId.body)
    // Editorial lint comes with keyed responses only: the anonymous read is the created article without it.
    const { warnings, ...article } = created
    expect(warnings).toEqual([])
    expect(byId.body).not.toHaveProperty('warnings')
    expect(byId.body).toEqual(article)
    expect(byId.body).toMatchObject({
      id: created.id,
      slug: 'harbour-reopens',
      body: 'The harbour *reopened* on Monday.',
      bodyHtml: '<p>The harbour <em>reopened</em> on Monday.</p>\n',
      bylineText: 'By Li Wei and Ana Ruiz',
      publishedAt: at(-HOUR),
      version: 1,
    })
    expect(byId.body.bylines.map((b: { slug: string }) => b.slug)).toEqual(['li-wei', 'ana-ruiz'])
  })

  it('an id in upper case finds the same article', async () => {
    const created = await createArticle(ctx, { status: 'published', publishedAt: at(-HOUR) })
    const res = await ctx.api.get(`/v1/articles/${created.id.toUpperCase()}`)
    expect(res.status).toBe(200)
    expect(res.body.id).toBe(created.id)
  })

  it('carries ETag "<version>" to keyed readers and a content ETag to anonymous ones, by id and by slug, following edits', async () => {
    const created = await createArticle(ctx, {
      slug: 'etag-story',
      status: 'published',
      publishedAt: at(-HOUR),
    })
    const keyed = (ref: string) =>
      ctx.api.get(`/v1/articles/${ref}`).set('authorization', ctx.auth.editor)
    const first = await keyed(created.id)
    expect(first.headers.etag).toBe('"1"')
    expect((await keyed('etag-story')).headers.etag).toBe('"1"')
    const anonymous = (await ctx.api.get(`/v1/articles/${created.id}`)).headers.etag
    expect(anonymous).toMatch(/^"[A-Za-z0-9_-]{20,}"$/)
    expect((await ctx.api.get('/v1/articles/etag-story')).headers.etag).toBe(anonymous)

    const patched = await ctx.api
      .patch('/v1/articles/etag-story')
      .set('authorization', ctx.auth.editor)
      .set('if-match', first.headers.etag as string)
      .send({ dek: 'Now with a dek' })
    expect(patched.status).toBe(200)
    expect(patched.headers.etag).toBe('"2"')
    const second = await ctx.api.get('/v1/articles/etag-story')
    expect(second.body.version).toBe(2)
    expect(second.headers.etag).toMatch(/^"[A-Za-z0-9_-]{20,}"$/)
    expect(second.headers.etag).not.toBe(anonymous)
    expect((await keyed('etag-story')).headers.etag).toBe('"2"')
  })

  it('an unknown slug or id is a 404 problem, anonymous or keyed', async () => {
    for (const auth of [undefined, ctx.auth.editor]) {
      for (const ref of ['no-such-story', '0190a6f1-0000-7000-8000-000000000000']) {
        const req = ctx.api.get(`/v1/articles/${ref}`)
        if (auth) req.set('authorization', auth)
        const body = problem(await req, 404)
        expect(body.detail).toContain(ref)
      }
    }
  })

  it('anonymous readers get 404 for a draft, an archived and a future-scheduled story, by slug and by id; an editor gets 200', async () => {
    const { draft, archived, scheduled } = await mixedStatuses(ctx)
    for (const article of [draft, archived, scheduled]) {
      for (const ref of [article.slug, article.id]) {
        problem(await ctx.api.get(`/v1/articles/${ref}`), 404)
        const asEditor = await ctx.api
          .get(`/v1/articles/${ref}`)
          .set('authorization', ctx.auth.editor)
        expect(asEditor.status).toBe(200)
        expect(asEditor.body.id).toBe(article.id)
        expect(asEditor.headers.etag).toBe('"1"')
        const asAdmin = await ctx.api
          .get(`/v1/articles/${ref}`)
          .set('authorization', ctx.auth.admin)
        expect(asAdmin.status).toBe(200)
      }
    }
  })

  it('the 404 for a hidden story is indistinguishable from the one for a missing story', async () => {
    await createArticle(ctx, { slug: 'secret-draft' })
    const hidden = problem(await ctx.api.get('/v1/articles/secret-draft'), 404)
    const missing = problem(await ctx.api.get('/v1/articles/never-existed'), 404)
    expect({ ...hidden, detail: '', instance: '' }).toEqual({
      ...missing,
      detail: '',
      instance: '',
    })
  })

  it('odd path segments (over-long, NUL, encoded slashes, quotes) are client errors, never 500', async () => {
    const refs = [
      'a'.repeat(201),
      'a'.repeat(301),
      '%00',
      'a%00b',
      '%2F..%2F',
      "o'brien",
      '%F0%9F%8C%8D',
      '%E0%A4%A',
      '%ED%A0%80',
      '%FF',
    ]
    for (const ref of refs) {
      const res = await ctx.api.get(`/v1/articles/${ref}`)
      expect(res.status, `${ref}: ${JSON.stringify(res.body)}`).toBeGreaterThanOrEqual(400)
      expect(res.status, `${ref}: ${JSON.stringify(res.body)}`).toBeLessThan(500)
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/)
    }
    for (const ref of ['a'.repeat(201), '%00', 'a%00b']) {
      const res = await ctx.api.get(`/v1/articles/${ref}`).set('authorization', ctx.auth.editor)
      expect(
        problem(res, 400).errors?.map((e) => e.path),
        ref,
      ).toEqual(['path.idOrSlug'])
    }
  })
})

describe('Authorization on public reads', () => {
  const badHeaders = [
    'Basic x',
    'Bearer nope',
    'Bearer ',
    'Bearer',
    'Bearer ncms_not-a-real-key',
    'ncms_token-without-scheme',
  ]

  it.each(badHeaders)(
    'Authorization "%s" is a 401 problem on the list, even though it is public',
    async (header) => {
      await createArticle(ctx, { slug: 'public', status: 'published', publishedAt: at(-HOUR) })
      const res = await ctx.api.get('/v1/articles').set('authorization', header)
      problem(res, 401)
      expect(res.headers['www-authenticate']).toBe('Bearer')
    },
  )

  it.each(badHeaders)(
    'Authorization "%s" is a 401 problem on a single published article',
    async (header) => {
      await createArticle(ctx, { slug: 'public', status: 'published', publishedAt: at(-HOUR) })
      const res = await ctx.api.get('/v1/articles/public').set('authorization', header)
      problem(res, 401)
      expect(res.headers['www-authenticate']).toBe('Bearer')
    },
  )

  it('the scheme is case-insensitive: "bearer <key>" works like "Bearer <key>"', async () => {
    await createArticle(ctx, { slug: 'secret-draft' })
    const res = await ctx.api
      .get('/v1/articles/secret-draft')
      .set('authorization', ctx.auth.editor.replace('Bearer', 'bearer'))
    expect(res.status).toBe(200)
  })
})
