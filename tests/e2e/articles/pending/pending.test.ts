// Staged edits: one pending version of a live story, prepared with PATCH's fields and checks,
// shown with a diff against live, never to readers; editors and above only.
import { beforeAll, describe, expect, it } from 'vitest'
import { createKey } from '../../../../src/modules/keys/keys.service.js'
import { createArticle } from '../../../helpers/factories.js'
import { paths, problem, useTestApp } from '../../../helpers/test-app.js'
import { pendingRequests } from './helpers.js'

const ctx = useTestApp()
const pending = pendingRequests(ctx)
let contributor = ''

beforeAll(async () => {
  const key = await createKey(ctx.db.prisma, { name: 'test contributor', role: 'contributor' })
  contributor = `Bearer ${key.key}`
})

describe('PUT, GET and DELETE /v1/articles/{ref}/pending', () => {
  it('keeps one pending version with its diff against live; replacing it, then dropping it', async () => {
    const story = await pending.liveStory()
    const created = await pending.put(story.slug, story.version, {
      headline: 'Harbour reopens; first ferry sails',
      tags: ['harbour', 'harbour'],
    })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({
      basedOnVersion: story.version,
      liveVersion: story.version,
      significant: false,
      publishAt: null,
      keyName: 'test editor',
    })
    expect(created.body.article).toMatchObject({
      id: story.id,
      headline: 'Harbour reopens; first ferry sails',
      tags: ['harbour'],
      dek: 'Ferries run again.',
    })
    expect(created.body.article.jsonLd.headline).toBe('Harbour reopens; first ferry sails')
    expect(created.body.changes).toEqual([
      {
        field: 'headline',
        live: 'Harbour reopens after storm',
        pending: 'Harbour reopens; first ferry sails',
      },
      { field: 'tags', live: [], pending: ['harbour'] },
    ])

    const replaced = await pending.put(story.id, story.version, {
      dek: 'Ferries and buses run again.',
      significant: true,
    })
    expect(replaced.status).toBe(200)
    const got = await pending.get(story.slug)
    expect(got.status).toBe(200)
    expect(got.body.significant).toBe(true)
    expect(got.body.changes).toEqual([
      { field: 'dek', live: 'Ferries run again.', pending: 'Ferries and buses run again.' },
    ])
    // The live story did not move.
    expect((await pending.read(story.slug)).version).toBe(story.version)

    expect((await pending.remove(story.slug)).status).toBe(204)
    problem(await pending.get(story.slug), 404)
    problem(await pending.remove(story.slug), 404)
    const audit = await ctx.api
      .get(`/v1/audit?resourceId=${story.id}`)
      .set('authorization', ctx.auth.admin)
    const actions = JSON.stringify(audit.body)
    expect(actions).toContain('article.pending.save')
    expect(actions).toContain('article.pending.delete')
  })

  it('needs If-Match on the live version: 428 without, 412 when stale', async () => {
    const story = await pending.liveStory()
    problem(await pending.put(story.id, null, { dek: 'x' }), 428)
    const stale = problem(await pending.put(story.id, story.version - 1, { dek: 'x' }), 412)
    expect(stale).toMatchObject({ currentVersion: story.version })
    problem(await pending.get(story.id), 404)
  })

  it('is for live stories only: a draft or a scheduled one is a 409 (edit it with PATCH)', async () => {
    const draft = await createArticle(ctx)
    expect(problem(await pending.put(draft.id, draft.version, { dek: 'x' }), 409).detail).toMatch(
      /draft.*PATCH/,
    )
    const scheduled = await createArticle(ctx, {
      status: 'published',
      publishedAt: '2026-06-02T12:00:00.000Z',
    })
    problem(await pending.put(scheduled.id, scheduled.version, { dek: 'x' }), 409)
    problem(await pending.put('no-such-story', 1, { dek: 'x' }), 404)
    problem(await pending.get('no-such-story'), 404)
  })

  it('validates as PATCH does: 4xx problem+json naming the field, and nothing is stored', async () => {
    const story = await pending.liveStory()
    const before = await ctx.snapshot()
    const long = problem(
      await pending.put(story.id, story.version, { headline: 'x'.repeat(301) }),
      400,
    )
    expect(paths(long)).toEqual(['headline'])
    const status = problem(await pending.put(story.id, story.version, { status: 'draft' }), 400)
    expect(JSON.stringify(status)).toContain('status')
    const blank = problem(await pending.put(story.id, story.version, { headline: '  ' }), 400)
    expect(paths(blank)).toEqual(['headline'])
    // Checks that need the database run now, not at publication.
    const section = await pending.put(story.id, story.version, { section: 'no-such-section' })
    expect(section.status).toBe(422)
    expect(JSON.stringify(problem(section, 422))).toContain('section')
    const uncredited = problem(
      await pending.put(story.id, story.version, { creditLine: null }),
      422,
    )
    expect(paths(uncredited)).toEqual(['bylines'])
    problem(await pending.get(story.id), 404)
    expect(await ctx.snapshot()).toEqual(before)
  })

  it('is for editors and above: a contributor gets a 403 naming the role', async () => {
    const story = await pending.liveStory()
    for (const res of [
      await pending.put(story.id, story.version, { dek: 'x' }, contributor),
      await pending.get(story.id, contributor),
      await pending.remove(story.id, contributor),
      await pending.publish(story.id, story.version, undefined, contributor),
    ])
      expect(problem(res, 403).detail).toMatch(/an editor key/)
    problem(await ctx.api.get(`/v1/articles/${story.id}/pending`), 401)
  })
})

describe('readers never see a pending version', () => {
  it('not in the article, a list, or search', async () => {
    const story = await pending.liveStory({ headline: 'Harbour reopens after storm' })
    // Read once first: the answers cached before the pending version is saved must not change either.
    await ctx.api.get(`/v1/articles/${story.slug}`).expect(200)
    await ctx.api.get('/v1/articles').expect(200)
    const put = await pending.put(story.id, story.version, {
      headline: 'Lighthouse keeper rescues stranded walrus',
      body: 'A walrus was rescued.',
      slug: 'walrus-rescued',
    })
    expect(put.status).toBe(201)

    const article = await ctx.api.get(`/v1/articles/${story.slug}`)
    expect(article.body).toMatchObject({
      headline: 'Harbour reopens after storm',
      version: story.version,
    })
    expect(JSON.stringify(article.body)).not.toMatch(/walrus/i)
    problem(await ctx.api.get('/v1/articles/walrus-rescued'), 404)
    const list = await ctx.api.get('/v1/articles?include=body')
    expect(list.body.items.map((a: { id: string }) => a.id)).toEqual([story.id])
    expect(JSON.stringify(list.body)).not.toMatch(/walrus/i)
    const search = await ctx.api.get('/v1/articles?q=walrus')
    expect(search.status).toBe(200)
    expect(search.body.items).toEqual([])
    const keyedSearch = await ctx.api
      .get('/v1/articles?q=walrus')
      .set('authorization', ctx.auth.editor)
    expect(keyedSearch.body.items).toEqual([])
    expect((await ctx.api.get('/v1/articles?q=harbour')).body.items).toHaveLength(1)
  })
})
