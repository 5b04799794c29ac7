import { describe, expect, it } from 'vitest'
import { createArticle, createByline } from '../../helpers/factories.js'
import { allEvents, eventTypes } from '../../helpers/events.js'
import { createSlot, putItems } from '../../helpers/slots.js'
import { problem, useTestApp } from '../../helpers/test-app.js'
import { HOUR, at } from '../../helpers/time.js'

const ctx = useTestApp()
const editor = () => ctx.auth.editor

describe('change events: one per change, written with it', () => {
  it('announces an article through its life, each change exactly once', async () => {
    const draft = await createArticle(ctx, { headline: 'Storm warning', creditLine: 'Desk' })
    await ctx.api
      .patch(`/v1/articles/${draft.id}`)
      .set('authorization', editor())
      .set('if-match', '"1"')
      .send({ dek: 'Winds' })
      .expect(200)
    await ctx.api
      .post(`/v1/articles/${draft.id}/publish`)
      .set('authorization', editor())
      .expect(200)
    await ctx.api
      .patch(`/v1/articles/${draft.id}`)
      .set('authorization', editor())
      .set('if-match', '"3"')
      .send({ slug: 'storm-alert' })
      .expect(200)
    await ctx.api
      .post(`/v1/articles/${draft.id}/unpublish`)
      .set('authorization', editor())
      .expect(200)
    await ctx.api
      .post(`/v1/articles/${draft.id}/archive`)
      .set('authorization', editor())
      .expect(200)
    await ctx.api
      .delete(`/v1/articles/${draft.id}`)
      .set('authorization', editor())
      .set('if-match', '"6"')
      .expect(204)
    await ctx.api
      .post(`/v1/articles/${draft.id}/restore`)
      .set('authorization', editor())
      .expect(200)
    await ctx.api
      .delete(`/v1/articles/${draft.id}?permanent=true`)
      .set('authorization', ctx.auth.admin)
      .set('if-match', '"8"')
      .expect(204)

    expect(await eventTypes(ctx)).toEqual([
      'article.created',
      'article.updated',
      'article.published',
      'article.updated',
      'article.slug_changed',
      'article.unpublished',
      'article.archived',
      'article.trashed',
      'article.restored',
      'article.deleted',
    ])
  })

  it('announces a kill as article.killed', async () => {
    const story = await createArticle(ctx, { status: 'published' })
    const killed = await ctx.api
      .post(`/v1/articles/${story.id}/kill`)
      .set('authorization', ctx.auth.admin)
      .send({ reason: 'Legal', notice: 'This story was withdrawn.' })
    expect([200, 201]).toContain(killed.status)
    expect(await eventTypes(ctx)).toEqual([
      'article.created',
      'article.published',
      'article.killed',
    ])
  })

  it('describes the resource, its URLs and the keys to purge, without content', async () => {
    const story = await createArticle(ctx, {
      headline: 'Harbour reopens',
      status: 'published',
      body: 'SECRET-BODY',
    })
    await ctx.api
      .patch(`/v1/articles/${story.id}`)
      .set('authorization', editor())
      .set('if-match', '"1"')
      .send({ slug: 'harbour-open' })
      .expect(200)
    const events = await allEvents(ctx)
    expect(events.map((e) => e.type)).toEqual([
      'article.created',
      'article.published',
      'article.updated',
      'article.slug_changed',
    ])
    const moved = events[3]
    expect(moved).toMatchObject({
      occurredAt: ctx.clock.now().toISOString(),
      resource: { type: 'article', id: story.id, slug: 'harbour-open', version: 2 },
      previousSlug: story.slug,
      urls: [
        'http://localhost:3000/articles/harbour-open',
        `http://localhost:3000/articles/${story.slug}`,
      ],
      paths: ['/v1/articles/harbour-open', `/v1/articles/${story.slug}`],
    })
    expect(moved?.tags).toEqual(expect.arrayContaining([`article:${story.id}`, 'articles']))
    expect(JSON.stringify(events)).not.toContain('SECRET-BODY')
    expect(new Set(events.map((e) => e.id)).size).toBe(4)
  })

  it('announces bylines and slots (config and items)', async () => {
    const byline = await createByline(ctx)
    await ctx.api
      .patch(`/v1/bylines/${byline.id}`)
      .set('authorization', editor())
      .send({ jobTitle: 'Reporter' })
      .expect(200)
    await ctx.api.delete(`/v1/bylines/${byline.id}`).set('authorization', editor()).expect(204)
    const slot = await createSlot(ctx)
    await ctx.api
      .patch(`/v1/slots/${slot.key}`)
      .set('authorization', ctx.auth.admin)
      .send({ label: 'More' })
      .expect(200)
    const story = await createArticle(ctx, { status: 'published' })
    await putItems(ctx, slot.key, [{ type: 'article', article: story.id }]).expect(200)
    await ctx.api.delete(`/v1/slots/${slot.key}`).set('authorization', ctx.auth.admin).expect(204)
    const events = await allEvents(ctx)
    expect(events.map((e) => e.type)).toEqual([
      'byline.created',
      'byline.updated',
      'byline.deleted',
      'slot.created',
      'slot.updated',
      'article.created',
      'article.published',
      'slot.updated',
      'slot.deleted',
    ])
    expect(events[1]).toMatchObject({
      resource: { type: 'byline', id: byline.id, version: 2 },
      paths: [`/v1/bylines/${byline.slug}`],
    })
    expect(events[7]).toMatchObject({
      resource: { type: 'slot', slug: slot.key },
      tags: [`slot:${slot.key}`, 'slots'],
    })
  })

  it('writes no event for a rejected or rolled-back change', async () => {
    const story = await createArticle(ctx)
    const before = await eventTypes(ctx)
    // Validation, precondition and rule failures, and a rollback after the update ran (a taken slug).
    await ctx.api
      .post('/v1/articles')
      .set('authorization', editor())
      .send({ headline: '' })
      .expect(400)
    await ctx.api
      .patch(`/v1/articles/${story.id}`)
      .set('authorization', editor())
      .set('if-match', '"7"')
      .send({ dek: 'x' })
      .expect(412)
    await ctx.api
      .post(`/v1/articles/${story.id}/publish`)
      .set('authorization', editor())
      .send({})
      .expect(422)
    const other = await createArticle(ctx, { headline: 'Other' })
    await ctx.api
      .patch(`/v1/articles/${story.id}`)
      .set('authorization', editor())
      .set('if-match', '"1"')
      .send({ slug: other.slug, dek: 'x' })
      .expect(409)
    await ctx.api.delete(`/v1/bylines/${'0190'}`).set('authorization', editor()).expect(404)
    expect(await eventTypes(ctx)).toEqual([...before, 'article.created'])
  })

  it('a scheduled publish is an update now; its article.published comes when the time does', async () => {
    const story = await createArticle(ctx, { creditLine: 'Desk' })
    await ctx.api
      .post(`/v1/articles/${story.id}/publish`)
      .set('authorization', editor())
      .send({ publishedAt: at(HOUR) })
      .expect(200)
    expect(await eventTypes(ctx)).toEqual(['article.created', 'article.updated'])
  })
})

describe('GET /v1/events', () => {
  it('pages oldest first with a cursor, filters by type, and needs an editor key', async () => {
    for (const headline of ['One', 'Two', 'Three']) await createArticle(ctx, { headline })
    const first = await ctx.api.get('/v1/events?limit=2').set('authorization', editor()).expect(200)
    expect(first.body.items.map((e: { resource: { slug: string } }) => e.resource.slug)).toEqual([
      'one',
      'two',
    ])
    const rest = await ctx.api
      .get(`/v1/events?after=${first.body.page.nextCursor}`)
      .set('authorization', editor())
      .expect(200)
    expect(rest.body.items.map((e: { resource: { slug: string } }) => e.resource.slug)).toEqual([
      'three',
    ])
    // At the end the cursor stays usable, for polling.
    const end = await ctx.api
      .get(`/v1/events?after=${rest.body.page.nextCursor}`)
      .set('authorization', editor())
      .expect(200)
    expect(end.body).toMatchObject({ items: [], page: { nextCursor: rest.body.page.nextCursor } })
    await createArticle(ctx, { headline: 'Four', status: 'published' })
    const polled = await ctx.api
      .get(`/v1/events?after=${rest.body.page.nextCursor}&types=article.published`)
      .set('authorization', editor())
      .expect(200)
    expect(polled.body.items.map((e: { type: string }) => e.type)).toEqual(['article.published'])

    problem(await ctx.api.get('/v1/events'), 401)
    problem(await ctx.api.get('/v1/events?types=article.nope').set('authorization', editor()), 400)
    problem(await ctx.api.get('/v1/events?after=garbage').set('authorization', editor()), 400)
  })

  it('answers 410 to a cursor older than the retention, and prunes old events', async () => {
    await createArticle(ctx)
    const page = await ctx.api.get('/v1/events').set('authorization', editor()).expect(200)
    ctx.clock.advance(31 * 24 * HOUR)
    const gone = problem(
      await ctx.api
        .get(`/v1/events?after=${page.body.page.nextCursor}`)
        .set('authorization', editor()),
      410,
    )
    expect(gone.detail).toContain('30 days')
    await ctx.app.eventWorkers.runOnce()
    expect(await ctx.db.prisma.event.count()).toBe(0)
  })
})
