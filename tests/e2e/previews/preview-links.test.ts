// Preview links: a draft shown to someone without a key, for that one article, until the link
// expires or is revoked; never cached, indexed or logged with its token.
import supertest from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type App, buildApp } from '../../../src/app.js'
import { createArticle } from '../../helpers/factories.js'
import { problem, useTestApp } from '../../helpers/test-app.js'

const ctx = useTestApp()
const HOUR = 3_600_000

function makeLink(ref: string, body: object = {}, auth = ctx.auth.editor) {
  return ctx.api.post(`/v1/articles/${ref}/preview-links`).set('authorization', auth).send(body)
}

describe('preview links', () => {
  it('show a draft as readers will see it, with recommendations, to anyone with the token', async () => {
    const draft = await createArticle(ctx, { headline: 'Budget leaks before the vote' })
    const link = await makeLink(draft.slug, { expiresIn: 3600 })
    expect(link.status).toBe(201)
    expect(link.body.token).toMatch(/^prv_[A-Za-z0-9_-]{43}$/)
    expect(link.body.url).toBe(`/v1/preview/${link.body.token}`)
    expect(link.body.expiresAt).toBe(new Date(ctx.clock.now().getTime() + HOUR).toISOString())
    // Only a hash is stored.
    const stored = await ctx.db.prisma.previewLink.findFirstOrThrow()
    expect(JSON.stringify(stored)).not.toContain(link.body.token)

    for (let i = 0; i < 2; i++) {
      const res = await ctx.api.get(link.body.url)
      expect(res.status).toBe(200)
      expect(res.body.article).toMatchObject({ id: draft.id, status: 'draft' })
      expect(res.body.article.jsonLd.headline).toBe('Budget leaks before the vote')
      expect(res.body.article).not.toHaveProperty('warnings')
      expect(res.body.recommendations).toHaveProperty('slots')
      expect(res.headers['cache-control']).toBe('private, no-store')
      expect(res.headers['x-robots-tag']).toBe('noindex, nofollow')
      expect(res.headers['x-cache']).not.toBe('HIT')
      expect(res.headers['surrogate-key']).toBeUndefined()
    }
    // The draft itself stays hidden from everyone else.
    problem(await ctx.api.get(`/v1/articles/${draft.slug}`), 404)
  })

  it('answer 404 for a foreign, expired or revoked token, and after the story is trashed', async () => {
    const draft = await createArticle(ctx)
    problem(await ctx.api.get('/v1/preview/prv_not-a-token'), 404)
    const short = (await makeLink(draft.id, { expiresIn: 60 })).body
    expect((await ctx.api.get(short.url)).status).toBe(200)
    ctx.clock.advance(61_000)
    problem(await ctx.api.get(short.url), 404)

    const revoked = (await makeLink(draft.id)).body
    const listed = await ctx.api
      .get(`/v1/articles/${draft.id}/preview-links`)
      .set('authorization', ctx.auth.editor)
    expect(listed.body.items.map((l: { id: string }) => l.id)).toEqual([revoked.id])
    expect(JSON.stringify(listed.body)).not.toContain(revoked.token)
    const del = await ctx.api
      .delete(`/v1/articles/${draft.id}/preview-links/${revoked.id}`)
      .set('authorization', ctx.auth.editor)
    expect(del.status).toBe(204)
    problem(await ctx.api.get(revoked.url), 404)

    const trashedLink = (await makeLink(draft.id)).body
    await ctx.api
      .delete(`/v1/articles/${draft.id}`)
      .set('authorization', ctx.auth.editor)
      .set('if-match', `"${draft.version}"`)
    problem(await ctx.api.get(trashedLink.url), 404)
  })

  it('is scoped to its one article', async () => {
    const a = await createArticle(ctx, { headline: 'First draft' })
    await createArticle(ctx, { headline: 'Second draft' })
    const link = (await makeLink(a.id)).body
    const res = await ctx.api.get(link.url)
    expect(res.body.article.id).toBe(a.id)
    // The token is no key: it opens nothing else.
    problem(await ctx.api.get('/v1/articles').set('authorization', `Bearer ${link.token}`), 401)
  })

  it('need an editor key and a valid expiry (at most 7 days)', async () => {
    const draft = await createArticle(ctx)
    problem(await ctx.api.post(`/v1/articles/${draft.id}/preview-links`).send({}), 401)
    const tooLong = problem(await makeLink(draft.id, { expiresIn: 7 * 24 * 3600 + 1 }), 400)
    expect(JSON.stringify(tooLong.errors)).toContain('expiresIn')
    problem(await makeLink('no-such-story'), 404)
    expect(await ctx.db.prisma.previewLink.count()).toBe(0)
  })
})

describe('preview links with includePending', () => {
  const putPending = (story: { id: string; version: number }, body: object) =>
    ctx.api
      .put(`/v1/articles/${story.id}/pending`)
      .set('authorization', ctx.auth.editor)
      .set('if-match', `"${story.version}"`)
      .send(body)

  it('show the pending version of a live story, marked, while readers keep the live one', async () => {
    const story = await createArticle(ctx, { status: 'published', headline: 'Harbour reopens' })
    const withPending = (await makeLink(story.id, { includePending: true })).body
    const plain = (await makeLink(story.id)).body
    expect(withPending.includePending).toBe(true)
    expect(plain.includePending).toBe(false)

    // No pending version yet: the live story, unmarked.
    const before = await ctx.api.get(withPending.url)
    expect(before.body).toMatchObject({ pending: false, article: { headline: 'Harbour reopens' } })

    expect(
      (await putPending(story, { headline: 'Harbour reopens; ferry sails', slug: 'ferry-sails' }))
        .status,
    ).toBe(201)
    const shown = await ctx.api.get(withPending.url)
    expect(shown.status).toBe(200)
    expect(shown.headers['cache-control']).toBe('private, no-store')
    expect(shown.body.pending).toBe(true)
    expect(shown.body.article).toMatchObject({
      id: story.id,
      headline: 'Harbour reopens; ferry sails',
      slug: 'ferry-sails',
      version: story.version + 1,
    })
    expect(shown.body.article.jsonLd.headline).toBe('Harbour reopens; ferry sails')
    expect(shown.body.recommendations).toHaveProperty('slots')

    // A link made without it, and readers, see the live story.
    const live = await ctx.api.get(plain.url)
    expect(live.body).toMatchObject({ pending: false, article: { headline: 'Harbour reopens' } })
    expect((await ctx.api.get(`/v1/articles/${story.id}`)).body.headline).toBe('Harbour reopens')

    // Dropped: the link shows live again.
    await ctx.api
      .delete(`/v1/articles/${story.id}/pending`)
      .set('authorization', ctx.auth.editor)
      .expect(204)
    expect((await ctx.api.get(withPending.url)).body.pending).toBe(false)
  })

  it('show a draft as it is, and refuse a non-boolean includePending naming the field', async () => {
    const draft = await createArticle(ctx, { headline: 'Budget leaks' })
    const link = (await makeLink(draft.id, { includePending: true })).body
    expect((await ctx.api.get(link.url)).body).toMatchObject({
      pending: false,
      article: { status: 'draft', headline: 'Budget leaks' },
    })
    const bad = problem(await makeLink(draft.id, { includePending: 'yes' }), 400)
    expect(bad.errors?.map((e) => e.path)).toEqual(['includePending'])
  })
})

describe('the access log', () => {
  let app: App
  const lines: string[] = []
  beforeAll(async () => {
    app = await buildApp({
      prisma: ctx.db.prisma,
      clock: ctx.clock.now,
      logger: { level: 'info', stream: { write: (line: string) => lines.push(line) } },
    })
    await app.listen({ port: 0, host: '127.0.0.1' })
  })
  afterAll(async () => {
    await app?.close()
  })

  it('never writes a preview token', async () => {
    const draft = await createArticle(ctx)
    const link = (await makeLink(draft.id)).body
    const api = supertest(app.server)
    expect((await api.get(link.url)).status).toBe(200)
    expect((await api.get(`${link.url}x`)).status).toBe(404)
    await expect
      .poll(() => lines.filter((l) => l.includes('request completed')).length)
      .toBeGreaterThanOrEqual(2)
    expect(lines.join('\n')).not.toContain(link.token)
    expect(lines.join('\n')).toContain('/v1/preview/:token')
  })
})
