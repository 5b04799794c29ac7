// Corrections, clarifications, editor's notes and updates: append-only once public, carried by
// the article's JSON, JSON-LD, feeds and ninjs, listed site-wide at /v1/corrections; and
// `displayedUpdatedAt`, which copy fixes do not move.
import { describe, expect, it } from 'vitest'
import { createArticle } from '../../helpers/factories.js'
import { problem, useTestApp } from '../../helpers/test-app.js'

const ctx = useTestApp()
const HOUR = 3_600_000

function addNote(ref: string, body: object, auth = ctx.auth.editor) {
  return ctx.api.post(`/v1/articles/${ref}/notes`).set('authorization', auth).send(body)
}

const read = async (ref: string) => (await ctx.api.get(`/v1/articles/${ref}`)).body

describe('POST /v1/articles/{ref}/notes', () => {
  it('adds a note readers see, newest first, tied to the live version, rendered safe', async () => {
    const story = await createArticle(ctx, { status: 'published' })
    const cached = await read(story.slug)
    expect(cached.notes).toEqual([])
    ctx.clock.advance(HOUR)
    const first = await addNote(story.slug, {
      kind: 'clarification',
      text: 'The vote was *advisory*. <script>alert(1)</script>',
    })
    expect(first.status).toBe(201)
    expect(first.headers.location).toBe(`/v1/articles/${story.slug}/notes/${first.body.id}`)
    expect(first.body).toMatchObject({ kind: 'clarification', revision: story.version })
    expect(first.body.textHtml).toContain('<em>advisory</em>')
    expect(first.body.textHtml).not.toContain('<script>')
    ctx.clock.advance(HOUR)
    const second = await addNote(story.slug, {
      kind: 'editors-note',
      text: 'Updated with reaction.',
    })

    const after = await read(story.slug)
    expect(after.notes.map((n: { id: string }) => n.id)).toEqual([second.body.id, first.body.id])
    expect(after.version).toBe(story.version + 2)
    // Neither kind tells readers the story changed.
    expect(after.displayedUpdatedAt).toBe(story.publishedAt)
  })

  it('moves displayedUpdatedAt for corrections and updates, not for copy fixes', async () => {
    const story = await createArticle(ctx, { status: 'published' })
    expect(story.displayedUpdatedAt).toBe(story.publishedAt)
    ctx.clock.advance(HOUR)
    const fix = await ctx.api
      .patch(`/v1/articles/${story.id}`)
      .set('authorization', ctx.auth.editor)
      .set('if-match', `"${story.version}"`)
      .send({ dek: 'A comma, fixed.' })
    expect(fix.body.updatedAt).toBe(ctx.clock.now().toISOString())
    expect(fix.body.displayedUpdatedAt).toBe(story.publishedAt)

    ctx.clock.advance(HOUR)
    const correctedAt = ctx.clock.now().toISOString()
    await addNote(story.id, { kind: 'correction', text: 'An earlier version misnamed the mayor.' })
    expect((await read(story.id)).displayedUpdatedAt).toBe(correctedAt)

    ctx.clock.advance(HOUR)
    const current = await read(story.id)
    const significant = await ctx.api
      .patch(`/v1/articles/${story.id}`)
      .set('authorization', ctx.auth.editor)
      .set('if-match', `"${current.version}"`)
      .send({ body: 'The council voted again.', significant: true })
    expect(significant.status).toBe(200)
    expect(significant.body.displayedUpdatedAt).toBe(ctx.clock.now().toISOString())
    expect(significant.body).not.toHaveProperty('significant')

    ctx.clock.advance(HOUR)
    const updateAt = '2026-06-01T18:00:00.000Z'
    await addNote(story.id, { kind: 'update', text: 'The mayor resigned.', displayedAt: updateAt })
    const latest = await read(story.id)
    expect(latest.displayedUpdatedAt).toBe(updateAt)
    expect(latest.notes[0].displayedAt).toBe(updateAt)
  })

  it('carries corrections in JSON-LD, feeds and ninjs', async () => {
    const story = await createArticle(ctx, { status: 'published' })
    ctx.clock.advance(HOUR)
    await addNote(story.id, { kind: 'correction', text: 'The bridge is 40 m long, not 400 m.' })
    const article = await read(story.id)
    expect(article.jsonLd.dateModified).toBe(article.displayedUpdatedAt)
    expect(article.jsonLd.correction).toEqual([
      {
        '@type': 'CorrectionComment',
        text: 'The bridge is 40 m long, not 400 m.',
        datePublished: article.notes[0].displayedAt,
      },
    ])
    const feed = JSON.parse((await ctx.api.get('/v1/feeds/json')).text)
    expect(feed.items[0].content_html).toContain('<strong>Correction</strong>')
    expect(feed.items[0].content_html).toContain('40 m long')
    expect(feed.items[0].date_modified).toBe(article.displayedUpdatedAt)
    const ninjs = (await ctx.api.get(`/v1/articles/${story.id}/ninjs`)).body
    expect(ninjs.descriptions).toContainEqual({
      role: 'correction',
      contenttype: 'text/html',
      value: '<p>The bridge is 40 m long, not 400 m.</p>\n',
    })
  })
})

describe('changing and deleting notes', () => {
  it('refuses to reword a note once the article is public (409), allows it before', async () => {
    const draft = await createArticle(ctx)
    const note = (await addNote(draft.id, { kind: 'editors-note', text: 'Embargoed figures.' }))
      .body
    const reworded = await ctx.api
      .patch(`/v1/articles/${draft.id}/notes/${note.id}`)
      .set('authorization', ctx.auth.editor)
      .send({ text: 'Figures from the ministry.' })
    expect(reworded.status).toBe(200)
    expect(reworded.body.text).toBe('Figures from the ministry.')

    const live = await createArticle(ctx, { status: 'published', headline: 'Live story' })
    const public_ = (await addNote(live.id, { kind: 'correction', text: 'A wrong date.' })).body
    const refused = await ctx.api
      .patch(`/v1/articles/${live.id}/notes/${public_.id}`)
      .set('authorization', ctx.auth.editor)
      .send({ text: 'Nothing happened.' })
    expect(problem(refused, 409).detail).toMatch(/append-only/)
    expect((await read(live.id)).notes[0].text).toBe('A wrong date.')
  })

  it('lets only admins delete a note, and audits it', async () => {
    const live = await createArticle(ctx, { status: 'published' })
    const note = (await addNote(live.id, { kind: 'correction', text: 'Posted in error.' })).body
    const path = `/v1/articles/${live.id}/notes/${note.id}`
    const byEditor = await ctx.api.delete(path).set('authorization', ctx.auth.editor)
    expect(problem(byEditor, 403).detail).toMatch(/admin key/)
    expect((await ctx.api.delete(path).set('authorization', ctx.auth.admin)).status).toBe(204)
    expect((await read(live.id)).notes).toEqual([])
    const audit = await ctx.db.prisma.auditEntry.findMany({ where: { resourceId: live.id } })
    expect(audit.map((a) => a.action)).toContain('article.note.delete')
    problem(await ctx.api.delete(path).set('authorization', ctx.auth.admin), 404)
  })

  it('rejects bad notes with 400 naming the field and changes nothing', async () => {
    const live = await createArticle(ctx, { status: 'published' })
    const before = await ctx.snapshot()
    const kind = problem(await addNote(live.id, { kind: 'erratum', text: 'x' }), 400)
    expect(JSON.stringify(kind.errors)).toContain('kind')
    const text = problem(await addNote(live.id, { kind: 'correction', text: '   ' }), 400)
    expect(JSON.stringify(text.errors)).toContain('text')
    const long = problem(await addNote(live.id, { kind: 'update', text: 'x'.repeat(5001) }), 400)
    expect(JSON.stringify(long.errors)).toContain('text')
    problem(await addNote(live.id, { kind: 'update', text: 'x' }, ctx.auth.admin.slice(0, 10)), 401)
    expect(await ctx.snapshot()).toEqual(before)
    expect(await ctx.db.prisma.articleNote.count()).toBe(0)
  })
})

describe('GET /v1/corrections', () => {
  it('lists corrections on public stories, newest first, with their story, page by page', async () => {
    const a = await createArticle(ctx, { status: 'published', headline: 'Bridge opens' })
    const b = await createArticle(ctx, { status: 'published', headline: 'Mayor resigns' })
    const draft = await createArticle(ctx, { headline: 'Not yet out' })
    ctx.clock.advance(HOUR)
    await addNote(a.id, { kind: 'correction', text: 'First correction.' })
    ctx.clock.advance(HOUR)
    await addNote(b.id, { kind: 'correction', text: 'Second correction.' })
    await addNote(b.id, { kind: 'update', text: 'Not a correction.' })
    await addNote(draft.id, { kind: 'correction', text: 'On a draft.' })

    const first = await ctx.api.get('/v1/corrections?limit=1')
    expect(first.status).toBe(200)
    expect(first.body.items).toHaveLength(1)
    expect(first.body.items[0]).toMatchObject({
      kind: 'correction',
      text: 'Second correction.',
      article: { id: b.id, slug: b.slug, headline: 'Mayor resigns' },
    })
    const second = await ctx.api.get(`/v1/corrections?limit=1&cursor=${first.body.page.nextCursor}`)
    expect(second.body.items.map((n: { text: string }) => n.text)).toEqual(['First correction.'])
    expect(second.body.page.nextCursor).toBeNull()
    problem(await ctx.api.get('/v1/corrections?cursor=nonsense'), 400)
  })
})
