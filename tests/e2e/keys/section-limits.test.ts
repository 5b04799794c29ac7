// Keys limited to sections: they write stories in their sections only (403 naming the sections
// otherwise), a syndication key reads only its sections, and a renamed section stays in the limit.
import { describe, expect, it } from 'vitest'
import { createArticle, ensureSections } from '../../helpers/factories.js'
import { sectionRequests } from '../../helpers/sections.js'
import { createSlot } from '../../helpers/slots.js'
import { paths, problem, useTestApp } from '../../helpers/test-app.js'
import { at, HOUR } from '../../helpers/time.js'

const ctx = useTestApp()
const sections = sectionRequests(ctx)

type Key = { id: string; role: string; sections: string[]; key: string; auth: string }

async function limitedKey(role: string, limit: string[] = ['sport']): Promise<Key> {
  await ensureSections(ctx, 'sport', 'news')
  const res = await ctx.api
    .post('/v1/keys')
    .set('authorization', ctx.auth.admin)
    .send({ name: `sport ${role}`, role, sections: limit })
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  return { ...res.body, auth: `Bearer ${res.body.key}` }
}

const as = (key: Key) => ({
  create: (fields: Record<string, unknown>) =>
    ctx.api
      .post('/v1/articles')
      .set('authorization', key.auth)
      .send({ headline: 'Derby ends level', body: 'A draw.', ...fields }),
  patch: (story: { id: string; version: number }, body: object) =>
    ctx.api
      .patch(`/v1/articles/${story.id}`)
      .set('authorization', key.auth)
      .set('if-match', `"${story.version}"`)
      .send(body),
  post: (story: { id: string; version: number }, action: string, body: object = {}) =>
    ctx.api
      .post(`/v1/articles/${story.id}/${action}`)
      .set('authorization', key.auth)
      .set('if-match', `"${story.version}"`)
      .send(body),
})

/** A 403 that names the key's sections, in words and as `sections`. */
function outsideLimit(res: Parameters<typeof problem>[0]) {
  const body = problem(res, 403) as ReturnType<typeof problem> & { sections?: string[] }
  expect(body.detail).toMatch(/limited to the sections sport/)
  expect(body.sections).toEqual(['sport'])
  return body
}

const ids = (res: { body: { items: { id: string }[] } }) => res.body.items.map((a) => a.id).sort()

describe('creating a key limited to sections', () => {
  it('shows the limit in the key, its list and by slug; none means every section', async () => {
    const key = await limitedKey('editor', ['sport', 'News'])
    expect(key.sections).toEqual(['news', 'sport'])
    const list = await ctx.api.get('/v1/keys').set('authorization', ctx.auth.admin)
    const listed = list.body.items.find((k: { id: string }) => k.id === key.id)
    expect(listed.sections).toEqual(['news', 'sport'])
    const open = await ctx.api
      .post('/v1/keys')
      .set('authorization', ctx.auth.admin)
      .send({ name: 'whole desk', role: 'editor', sections: [] })
    expect(open.body.sections).toEqual([])
  })

  it('refuses an unknown section naming sections.N, and a limit on an admin key; nothing is created', async () => {
    await ensureSections(ctx, 'sport')
    const before = await ctx.snapshot()
    const unknown = await ctx.api
      .post('/v1/keys')
      .set('authorization', ctx.auth.admin)
      .send({ name: 'x', role: 'editor', sections: ['sport', 'curling'] })
    expect(paths(problem(unknown, 422))).toEqual(['sections.1'])
    const admin = await ctx.api
      .post('/v1/keys')
      .set('authorization', ctx.auth.admin)
      .send({ name: 'x', role: 'admin', sections: ['sport'] })
    expect(paths(problem(admin, 422))).toEqual(['sections'])
    const blank = await ctx.api
      .post('/v1/keys')
      .set('authorization', ctx.auth.admin)
      .send({ name: 'x', role: 'editor', sections: [''] })
    expect(JSON.stringify(problem(blank, 400).errors)).toContain('sections')
    expect(await ctx.snapshot()).toEqual(before)
  })
})

describe('a key limited to sections writes', () => {
  it('stories in its sections, through every step of their life', async () => {
    const key = await limitedKey('chief')
    const created = await as(key).create({ section: 'sport', creditLine: 'Sport desk' })
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    const edited = await as(key).patch(created.body, { dek: 'Late equaliser.' })
    expect(edited.status).toBe(200)
    const published = await as(key).post(edited.body, 'publish')
    expect(published.status, JSON.stringify(published.body)).toBe(200)
    const note = await ctx.api
      .post(`/v1/articles/${created.body.id}/notes`)
      .set('authorization', key.auth)
      .send({ kind: 'correction', text: 'The score was 2-2.' })
    expect(note.status).toBe(201)
    const killed = await ctx.api
      .post(`/v1/articles/${created.body.id}/kill`)
      .set('authorization', key.auth)
      .send({ reason: 'Wrong match', notice: 'Removed.' })
    expect(killed.status).toBe(200)
  })

  it('nothing outside them: 403 naming its sections, and nothing changes', async () => {
    const key = await limitedKey('chief')
    const news = await createArticle(ctx, { section: 'news', headline: 'Council votes' })
    const sport = await createArticle(ctx, { section: 'sport', headline: 'Derby preview' })
    await createSlot(ctx, { key: 'more', label: 'More', fill: 'curated' })
    const before = { ...(await ctx.snapshot()), audit: await ctx.db.prisma.auditEntry.count() }

    outsideLimit(await as(key).create({ section: 'news' }))
    const unfiled = outsideLimit(await as(key).create({}))
    expect(unfiled.detail).toMatch(/without a section/)
    outsideLimit(await as(key).patch(news, { dek: 'x' }))
    // Nor move a story of its own out of its sections, or out of any section.
    outsideLimit(await as(key).patch(sport, { section: 'news' }))
    outsideLimit(await as(key).patch(sport, { section: null }))
    for (const action of ['publish', 'archive']) outsideLimit(await as(key).post(news, action))
    outsideLimit(await as(key).post(news, 'kill', { reason: 'x', notice: 'y' }))
    outsideLimit(
      await ctx.api
        .post(`/v1/articles/${news.id}/notes`)
        .set('authorization', key.auth)
        .send({ kind: 'correction', text: 'x' }),
    )
    outsideLimit(
      await ctx.api
        .post(`/v1/articles/${news.id}/preview-links`)
        .set('authorization', key.auth)
        .send({}),
    )
    outsideLimit(
      await ctx.api
        .put(`/v1/articles/${news.id}/slots/more`)
        .set('authorization', key.auth)
        .send({ items: [{ type: 'article', article: sport.id }] }),
    )
    for (const permanent of ['false', 'true'])
      outsideLimit(
        await ctx.api
          .delete(`/v1/articles/${news.id}?permanent=${permanent}`)
          .set('authorization', key.auth)
          .set('if-match', `"${news.version}"`),
      )
    expect({ ...(await ctx.snapshot()), audit: await ctx.db.prisma.auditEntry.count() }).toEqual(
      before,
    )
    const stored = await ctx.db.prisma.article.findUniqueOrThrow({ where: { id: sport.id } })
    expect(stored.section).toBe('sport')
  })

  it('nor staged edits of a live story outside them', async () => {
    const key = await limitedKey('chief')
    const live = await createArticle(ctx, {
      section: 'news',
      headline: 'Council budget passes',
      status: 'published',
      creditLine: 'City desk',
    })
    const staged = await ctx.api
      .put(`/v1/articles/${live.id}/pending`)
      .set('authorization', ctx.auth.editor)
      .set('if-match', `"${live.version}"`)
      .send({ dek: 'By one vote.' })
    expect(staged.status, JSON.stringify(staged.body)).toBe(201)
    const before = { ...(await ctx.snapshot()), audit: await ctx.db.prisma.auditEntry.count() }

    const pending = `/v1/articles/${live.id}/pending`
    outsideLimit(
      await ctx.api
        .put(pending)
        .set('authorization', key.auth)
        .set('if-match', `"${live.version}"`)
        .send({ dek: 'x' }),
    )
    outsideLimit(await ctx.api.delete(pending).set('authorization', key.auth))
    outsideLimit(
      await ctx.api
        .post(`${pending}/publish`)
        .set('authorization', key.auth)
        .set('if-match', `"${live.version}"`)
        .send({}),
    )
    expect({ ...(await ctx.snapshot()), audit: await ctx.db.prisma.auditEntry.count() }).toEqual(
      before,
    )
    const kept = await ctx.api.get(pending).set('authorization', ctx.auth.editor)
    expect(kept.body.article.dek).toBe('By one vote.')
  })

  it('not sections or tags, which reach stories in every section', async () => {
    const key = await limitedKey('chief')
    await createArticle(ctx, { section: 'sport', tags: ['derby'] })
    const renamed = await sections.patch('sport', { name: 'Sports' }, {}, key.auth)
    expect(outsideLimit(renamed).detail).toMatch(/Changing a section/)
    outsideLimit(await sections.post({ name: 'Rugby' }, key.auth))
    const tag = await ctx.api
      .patch('/v1/tags/derby')
      .set('authorization', key.auth)
      .send({ name: 'Derbies' })
    outsideLimit(tag)
  })

  it('keeps its limit when a section is renamed, and a section that limits a key cannot be deleted', async () => {
    const key = await limitedKey('editor')
    const story = (await as(key).create({ section: 'sport' })).body
    const renamed = await sections.patch('sport', { slug: 'athletics', name: 'Athletics' })
    expect(renamed.status).toBe(200)
    const list = await ctx.api.get('/v1/keys').set('authorization', ctx.auth.admin)
    expect(list.body.items.find((k: { id: string }) => k.id === key.id).sections).toEqual([
      'athletics',
    ])
    const edited = await as(key).patch(story, { dek: 'Still ours.' })
    expect(edited.status, JSON.stringify(edited.body)).toBe(200)
    expect(edited.body.section.slug).toBe('athletics')
    const filed = await as(key).create({ section: 'athletics' })
    expect(filed.status).toBe(201)
    const denied = problem(await as(key).create({ section: 'news' }), 403)
    expect(denied.detail).toMatch(/limited to the sections athletics/)

    await ensureSections(ctx, 'rowing')
    await limitedKey('contributor', ['rowing'])
    const deleted = problem(await sections.del('rowing'), 409) as { keyCount?: number }
    expect(deleted.keyCount).toBe(1)
    expect(await ctx.db.prisma.section.count({ where: { slug: 'rowing' } })).toBe(1)
  })

  it('as a contributor, still only its own drafts', async () => {
    const key = await limitedKey('contributor')
    const draft = await as(key).create({ section: 'sport' })
    expect(draft.status).toBe(201)
    const publish = problem(await as(key).patch(draft.body, { status: 'published' }), 403)
    expect(publish.detail).toMatch(/editor key/)
  })
})

describe('a syndication key limited to sections reads', () => {
  it('only those sections: lists, search, stories, ninjs, embargoed ones included', async () => {
    const key = await limitedKey('syndication')
    const sport = await createArticle(ctx, { section: 'sport', status: 'published' })
    const embargoed = await createArticle(ctx, {
      section: 'sport',
      status: 'published',
      headline: 'Transfer record broken',
      embargoUntil: at(2 * HOUR),
    })
    const news = await createArticle(ctx, { section: 'news', status: 'published' })
    const newsEmbargoed = await createArticle(ctx, {
      section: 'news',
      status: 'published',
      headline: 'Budget leaks',
      embargoUntil: at(2 * HOUR),
    })
    const read = (url: string) => ctx.api.get(url).set('authorization', key.auth)

    expect(ids(await read('/v1/articles'))).toEqual([sport.id, embargoed.id].sort())
    expect(ids(await read('/v1/articles?section=news'))).toEqual([])
    expect(ids(await read('/v1/articles?q=budget'))).toEqual([])
    expect(ids(await read('/v1/articles?q=transfer'))).toEqual([embargoed.id])
    expect((await read(`/v1/articles/${embargoed.slug}`)).status).toBe(200)
    expect((await read(`/v1/articles/${embargoed.slug}/ninjs`)).body.embargoed).toBe(at(2 * HOUR))
    for (const story of [news, newsEmbargoed]) {
      problem(await read(`/v1/articles/${story.slug}`), 404)
      problem(await read(`/v1/articles/${story.slug}/ninjs`), 404)
    }
    // An unlimited partner still reads every section.
    const open = await ctx.api
      .post('/v1/keys')
      .set('authorization', ctx.auth.admin)
      .send({ name: 'wire', role: 'syndication' })
    const all = await ctx.api.get('/v1/articles').set('authorization', `Bearer ${open.body.key}`)
    expect(ids(all)).toEqual([sport.id, embargoed.id, news.id, newsEmbargoed.id].sort())
  })
})
