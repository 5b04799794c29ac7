// embargoUntil: the story is held back from every public route until then, readable meanwhile by
// syndication keys (marked in JSON and ninjs), and goes live at that time without any action.
import { beforeAll, describe, expect, it } from 'vitest'
import { createKey } from '../../../../src/modules/keys/keys.service.js'
import { createArticle } from '../../../helpers/factories.js'
import { problem, useTestApp } from '../../../helpers/test-app.js'
import { NOW } from '../../../helpers/time.js'

const ctx = useTestApp()
let partner: string
const HOUR = 3_600_000
const at = (ms: number) => new Date(Date.parse(NOW) + ms).toISOString()

beforeAll(async () => {
  const key = await createKey(ctx.db.prisma, { name: 'wire partner', role: 'syndication' })
  partner = `Bearer ${key.key}`
})

const ids = (res: { body: { items: { id: string }[] } }) => res.body.items.map((a) => a.id)

async function embargoed() {
  const neighbour = await createArticle(ctx, {
    headline: 'Central bank holds rates',
    tags: ['economy'],
    status: 'published',
  })
  const story = await createArticle(ctx, {
    headline: 'Central bank report: inflation falls',
    tags: ['economy'],
    status: 'published',
    embargoUntil: at(2 * HOUR),
  })
  return { story, neighbour }
}

describe('an embargoed story', () => {
  it('is scheduled for the embargo end, and hidden from every public route until then', async () => {
    const { story, neighbour } = await embargoed()
    expect(story.status).toBe('scheduled')
    expect(story.embargoUntil).toBe(at(2 * HOUR))
    expect(story.publishedAt).toBe(at(2 * HOUR))
    await ctx.api
      .post('/v1/slots')
      .set('authorization', ctx.auth.admin)
      .send({ key: 'more', label: 'More', fill: 'automatic' })

    problem(await ctx.api.get(`/v1/articles/${story.slug}`), 404)
    problem(await ctx.api.get(`/v1/articles/${story.slug}/ninjs`), 404)
    expect(ids(await ctx.api.get('/v1/articles'))).toEqual([neighbour.id])
    expect(ids(await ctx.api.get('/v1/articles?q=inflation'))).toEqual([])
    expect((await ctx.api.get('/v1/feeds/json')).text).not.toContain(story.slug)
    expect((await ctx.api.get('/sitemaps/news.xml')).text).not.toContain(story.slug)
    const recs = await ctx.api.get(`/v1/articles/${neighbour.slug}/recommendations`)
    expect(recs.status).toBe(200)
    expect(JSON.stringify(recs.body)).not.toContain(story.slug)
  })

  it('is readable by syndication keys meanwhile, marked as embargoed', async () => {
    const { story, neighbour } = await embargoed()
    const json = await ctx.api.get(`/v1/articles/${story.slug}`).set('authorization', partner)
    expect(json.status).toBe(200)
    expect(json.body).toMatchObject({ status: 'scheduled', embargoUntil: at(2 * HOUR) })
    const ninjs = await ctx.api
      .get(`/v1/articles/${story.slug}/ninjs`)
      .set('authorization', partner)
    expect(ninjs.status).toBe(200)
    expect(ninjs.body.embargoed).toBe(at(2 * HOUR))
    expect(ninjs.body.pubstatus).toBe('usable')
    const list = await ctx.api.get('/v1/articles').set('authorization', partner)
    expect(ids(list).sort()).toEqual([story.id, neighbour.id].sort())
    // Not a way into drafts: a scheduled story without embargo stays hidden from partners.
    const scheduled = await createArticle(ctx, { status: 'published', publishedAt: at(HOUR) })
    problem(await ctx.api.get(`/v1/articles/${scheduled.id}`).set('authorization', partner), 404)
    const liveNinjs = await ctx.api
      .get(`/v1/articles/${neighbour.slug}/ninjs`)
      .set('authorization', partner)
    expect(liveNinjs.body).not.toHaveProperty('embargoed')
  })

  it('goes public at the embargo end without any action', async () => {
    const { story } = await embargoed()
    problem(await ctx.api.get(`/v1/articles/${story.slug}`), 404)
    ctx.clock.advance(2 * HOUR)
    const live = await ctx.api.get(`/v1/articles/${story.slug}`)
    expect(live.status).toBe(200)
    expect(live.body.status).toBe('published')
    expect(ids(await ctx.api.get('/v1/articles?q=inflation'))).toEqual([story.id])
    const ninjs = await ctx.api.get(`/v1/articles/${story.slug}/ninjs`)
    expect(ninjs.body).not.toHaveProperty('embargoed')
  })

  it('holds a later publish action too, and cannot pull back a story already out', async () => {
    const draft = await createArticle(ctx, { embargoUntil: at(3 * HOUR), creditLine: 'Desk' })
    const published = await ctx.api
      .post(`/v1/articles/${draft.id}/publish`)
      .set('authorization', ctx.auth.editor)
      .send({})
    expect(published.status, JSON.stringify(published.body)).toBe(200)
    expect(published.body.publishedAt).toBe(at(3 * HOUR))
    expect(published.body.status).toBe('scheduled')

    const live = await createArticle(ctx, { status: 'published', headline: 'Already out' })
    const refused = await ctx.api
      .patch(`/v1/articles/${live.id}`)
      .set('authorization', ctx.auth.editor)
      .set('if-match', `"${live.version}"`)
      .send({ embargoUntil: at(HOUR) })
    expect(problem(refused, 409).detail).toMatch(/already public/)
    expect((await ctx.api.get(`/v1/articles/${live.id}`)).status).toBe(200)
  })

  it('lifts early when an editor clears it', async () => {
    const { story } = await embargoed()
    const cleared = await ctx.api
      .patch(`/v1/articles/${story.id}`)
      .set('authorization', ctx.auth.editor)
      .set('if-match', `"${story.version}"`)
      .send({ embargoUntil: null, publishedAt: NOW })
    expect(cleared.status).toBe(200)
    expect(cleared.body.embargoUntil).toBeNull()
    expect((await ctx.api.get(`/v1/articles/${story.slug}`)).status).toBe(200)
  })

  it('rejects an embargo time that is not a date, naming the field', async () => {
    const res = await ctx.api
      .post('/v1/articles')
      .set('authorization', ctx.auth.editor)
      .send({ headline: 'x', embargoUntil: 'tomorrow' })
    expect(JSON.stringify(problem(res, 400).errors)).toContain('embargoUntil')
  })
})
