// POST /v1/articles/{ref}/kill: a story that must come down leaves every public route, its URL
// answers 410 with the notice, partners get ninjs `canceled`, and nothing brings it back.
import { beforeAll, describe, expect, it } from 'vitest'
import { createKey } from '../../../../src/modules/keys/keys.service.js'
import { createArticle } from '../../../helpers/factories.js'
import { problem, useTestApp } from '../../../helpers/test-app.js'

const ctx = useTestApp()
let chief: string

beforeAll(async () => {
  chief = `Bearer ${(await createKey(ctx.db.prisma, { name: 'night chief', role: 'chief' })).key}`
})

const NOTICE = 'This story has been removed after a legal complaint.'

function kill(ref: string, auth = chief, body: object = { reason: 'Libel risk', notice: NOTICE }) {
  return ctx.api.post(`/v1/articles/${ref}/kill`).set('authorization', auth).send(body)
}

async function liveStory(fields: Record<string, unknown> = {}) {
  return createArticle(ctx, {
    headline: 'Mayor accused of harbour deal',
    tags: ['harbour'],
    status: 'published',
    ...fields,
  })
}

describe('POST /v1/articles/{ref}/kill', () => {
  it('answers 410 with the notice at the URL, by id, slug and old slug, and purges the cache', async () => {
    const story = await liveStory({ slug: 'harbour-deal' })
    const moved = await ctx.api
      .patch(`/v1/articles/${story.id}`)
      .set('authorization', ctx.auth.editor)
      .set('if-match', `"${story.version}"`)
      .send({ slug: 'mayor-harbour-deal' })
    expect(moved.status).toBe(200)
    // Cached before the kill: the kill must purge it.
    expect((await ctx.api.get('/v1/articles/mayor-harbour-deal')).status).toBe(200)
    expect((await ctx.api.get('/v1/articles/mayor-harbour-deal')).status).toBe(200)

    const killed = await kill('mayor-harbour-deal')
    expect(killed.status).toBe(200)
    expect(killed.body.status).toBe('killed')

    for (const ref of [story.id, 'mayor-harbour-deal', 'harbour-deal']) {
      const gone = problem(await ctx.api.get(`/v1/articles/${ref}`), 410) as Record<string, unknown>
      expect(gone.notice).toBe(NOTICE)
      expect(gone.killedAt).toBe(killed.body.updatedAt)
      expect(JSON.stringify(gone)).not.toContain('Libel risk')
    }
  })

  it('takes the story out of lists, search, feeds and recommendations', async () => {
    const story = await liveStory()
    const neighbour = await liveStory({ headline: 'Harbour reopens after storm' })
    const slot = await ctx.api
      .post('/v1/slots')
      .set('authorization', chief)
      .send({ key: 'more', label: 'More on this', fill: 'automatic', capacity: 3 })
    expect(slot.status).toBe(201)
    const recsBefore = await ctx.api.get(`/v1/articles/${neighbour.slug}/recommendations`)
    expect(JSON.stringify(recsBefore.body)).toContain(`"slug":"${story.slug}"`)

    expect((await kill(story.id)).status).toBe(200)

    const list = await ctx.api.get('/v1/articles')
    expect(list.body.items.map((a: { id: string }) => a.id)).toEqual([neighbour.id])
    const search = await ctx.api.get('/v1/articles?q=mayor')
    expect(search.body.items).toEqual([])
    const feed = await ctx.api.get('/v1/feeds/json')
    expect(JSON.stringify(feed.body)).not.toContain(story.id)
    const recs = await ctx.api.get(`/v1/articles/${neighbour.slug}/recommendations`)
    expect(recs.status).toBe(200)
    expect(JSON.stringify(recs.body)).not.toContain(`"slug":"${story.slug}"`)
    // Editors still list it, by its own status.
    const killedList = await ctx.api
      .get('/v1/articles?status=killed')
      .set('authorization', ctx.auth.editor)
    expect(killedList.body.items.map((a: { id: string }) => a.id)).toEqual([story.id])
  })

  it('gives partners ninjs with pubstatus canceled, the notice, and no body', async () => {
    const story = await liveStory()
    await kill(story.slug)
    const ninjs = await ctx.api.get(`/v1/articles/${story.slug}/ninjs`)
    expect(ninjs.status).toBe(200)
    expect(ninjs.body.pubstatus).toBe('canceled')
    expect(ninjs.body.ednote).toBe(NOTICE)
    expect(ninjs.body.bodies).toEqual([])
    expect(ninjs.body.uri).toBe(`urn:uuid:${story.id}`)
  })

  it('keeps the slug reserved and the story frozen', async () => {
    const story = await liveStory({ slug: 'frozen-story' })
    const killed = (await kill(story.id)).body
    const taken = await ctx.api
      .post('/v1/articles')
      .set('authorization', ctx.auth.editor)
      .send({ headline: 'Another', slug: 'frozen-story' })
    problem(taken, 409)
    const ifMatch = { 'if-match': `"${killed.version}"` }
    const patch = await ctx.api
      .patch(`/v1/articles/${story.id}`)
      .set('authorization', ctx.auth.editor)
      .set(ifMatch)
      .send({ headline: 'Back again' })
    expect(problem(patch, 409).detail).toMatch(/killed/)
    for (const action of ['publish', 'unpublish', 'archive']) {
      const res = await ctx.api
        .post(`/v1/articles/${story.id}/${action}`)
        .set('authorization', ctx.auth.editor)
        .set(ifMatch)
      expect(problem(res, 409).detail).toMatch(/killed/)
    }
    const restore = await ctx.api
      .post(`/v1/articles/${story.id}/revisions/1/restore`)
      .set('authorization', ctx.auth.editor)
      .set(ifMatch)
    problem(restore, 409)
    expect(problem(await kill(story.id), 409).detail).toMatch(/killed/)
    const stored = await ctx.db.prisma.article.findUniqueOrThrow({ where: { id: story.id } })
    expect(stored.status).toBe('killed')
    expect(stored.version).toBe(killed.version)
  })

  it('records why, when and by whom, for editors', async () => {
    const story = await liveStory()
    const killed = (await kill(story.id)).body
    const record = await ctx.api
      .get(`/v1/articles/${story.id}/kill`)
      .set('authorization', ctx.auth.editor)
    expect(record.body).toEqual({
      reason: 'Libel risk',
      notice: NOTICE,
      killedAt: killed.updatedAt,
      keyName: 'night chief',
    })
    const keyed = await ctx.api
      .get(`/v1/articles/${story.id}`)
      .set('authorization', ctx.auth.editor)
    expect(keyed.body.status).toBe('killed')
    const audit = await ctx.api
      .get(`/v1/audit?resourceId=${story.id}`)
      .set('authorization', ctx.auth.admin)
    expect(JSON.stringify(audit.body)).toContain('article.kill')
  })

  it('needs a chief key and a reason and a notice; a refused kill changes nothing', async () => {
    const story = await liveStory()
    const before = await ctx.snapshot()
    expect(problem(await kill(story.id, ctx.auth.editor), 403).detail).toMatch(/chief key/)
    problem(await ctx.api.post(`/v1/articles/${story.id}/kill`).send({}), 401)
    const missing = problem(await kill(story.id, chief, { notice: NOTICE }), 400)
    expect(JSON.stringify(missing.errors)).toContain('reason')
    const blank = problem(await kill(story.id, chief, { reason: 'x', notice: '  ' }), 400)
    expect(JSON.stringify(blank.errors)).toContain('notice')
    expect(await ctx.snapshot()).toEqual(before)
    expect((await ctx.api.get(`/v1/articles/${story.id}`)).status).toBe(200)
  })
})
