// Publishing a pending version: atomic, one new revision, cache purged, `article.updated`;
// refused with both versions when a hot fix moved live meanwhile; one winner under concurrency;
// or scheduled with `at` and published by the event workers when the time comes.
import { describe, expect, it } from 'vitest'
import { buildApp } from '../../../../src/app.js'
import { allEvents } from '../../../helpers/events.js'
import { problem, TestClock, useTestApp } from '../../../helpers/test-app.js'
import { HOUR } from '../../../helpers/time.js'
import { pendingRequests } from './helpers.js'

const ctx = useTestApp()
const pending = pendingRequests(ctx)

const revisionsOf = async (id: string) =>
  (await ctx.api.get(`/v1/articles/${id}/revisions`).set('authorization', ctx.auth.editor)).body
    .items as { version: number; keyName: string; headline: string }[]

describe('POST /v1/articles/{ref}/pending/publish', () => {
  it('makes the pending version live as one new revision, and drops it', async () => {
    const story = await pending.liveStory()
    // A reader's answer is cached before: the publication must purge it.
    expect((await pending.read(story.slug)).headline).toBe('Harbour reopens after storm')
    await pending.put(story.id, story.version, { headline: 'Harbour reopens; first ferry sails' })
    const eventsBefore = (await allEvents(ctx)).length
    ctx.clock.advance(HOUR)

    const res = await pending.publish(story.slug, story.version)
    expect(res.status).toBe(200)
    expect(res.headers.etag).toBe(`"${story.version + 1}"`)
    expect(res.body).toMatchObject({
      headline: 'Harbour reopens; first ferry sails',
      dek: 'Ferries run again.',
      version: story.version + 1,
      updatedAt: ctx.clock.now().toISOString(),
      // Not saved significant: a copy edit, the "Updated" date stays.
      displayedUpdatedAt: story.publishedAt,
    })
    expect((await pending.read(story.slug)).headline).toBe('Harbour reopens; first ferry sails')
    problem(await pending.get(story.id), 404)

    const [latest] = await revisionsOf(story.id)
    expect(latest).toMatchObject({ version: story.version + 1, keyName: 'test editor' })
    const events = (await allEvents(ctx)).slice(eventsBefore)
    expect(events.map((e) => e.type)).toEqual(['article.updated'])
    const audit = await ctx.api
      .get(`/v1/audit?resourceId=${story.id}`)
      .set('authorization', ctx.auth.admin)
    expect(JSON.stringify(audit.body)).toContain('article.pending.publish')
  })

  it('moves displayedUpdatedAt when the pending version was saved significant', async () => {
    const story = await pending.liveStory()
    await pending.put(story.id, story.version, {
      body: 'Ferries run; buses too.',
      significant: true,
    })
    ctx.clock.advance(HOUR)
    const res = await pending.publish(story.id, story.version, {})
    expect(res.body.displayedUpdatedAt).toBe(ctx.clock.now().toISOString())
  })

  it('needs If-Match (428) and a pending version (404)', async () => {
    const story = await pending.liveStory()
    problem(await pending.publish(story.id, story.version), 404)
    await pending.put(story.id, story.version, { dek: 'Buses too.' })
    problem(await pending.publish(story.id, null), 428)
    problem(await pending.publish(story.id, story.version - 1), 412)
    const bad = problem(await pending.publish(story.id, story.version, { at: 'tomorrow' }), 400)
    expect(JSON.stringify(bad)).toContain('at')
    expect((await pending.read(story.id)).version).toBe(story.version)
  })

  it('after a hot fix moved live: 412 with both versions, and nothing changes', async () => {
    const story = await pending.liveStory()
    await pending.put(story.id, story.version, { headline: 'Harbour reopens; first ferry sails' })
    const hotFix = await ctx.api
      .patch(`/v1/articles/${story.id}`)
      .set('authorization', ctx.auth.editor)
      .set('if-match', `"${story.version}"`)
      .send({ dek: 'Ferries run again, on time.' })
    expect(hotFix.status).toBe(200)

    for (const ifMatch of [story.version, hotFix.body.version]) {
      const refused = problem(await pending.publish(story.id, ifMatch), 412)
      expect(refused).toMatchObject({
        currentVersion: hotFix.body.version,
        live: { version: hotFix.body.version, dek: 'Ferries run again, on time.' },
        pending: {
          basedOnVersion: story.version,
          liveVersion: hotFix.body.version,
          article: { headline: 'Harbour reopens; first ferry sails' },
        },
      })
    }
    expect(await pending.read(story.id)).toMatchObject({
      version: hotFix.body.version,
      headline: 'Harbour reopens after storm',
    })
    // Saved again on the live version, it publishes.
    await pending.put(story.id, hotFix.body.version, { headline: 'Harbour reopens; ferry sails' })
    expect((await pending.publish(story.id, hotFix.body.version)).status).toBe(200)
  })

  it('of two publications with one If-Match, exactly one wins', async () => {
    const story = await pending.liveStory()
    await pending.put(story.id, story.version, { headline: 'Harbour reopens; first ferry sails' })
    const results = await Promise.all([
      pending.publish(story.id, story.version),
      pending.publish(story.id, story.version),
    ])
    expect(results.map((r) => r.status).sort()).toEqual([200, 412])
    expect((await revisionsOf(story.id)).map((r) => r.version)).toEqual([
      story.version + 1,
      ...Array.from({ length: story.version }, (_, i) => story.version - i),
    ])
    expect((await pending.read(story.id)).version).toBe(story.version + 1)
  })
})

describe('scheduled publication of a pending version', () => {
  it('keeps the live version until `at`, then publishes it without any request', async () => {
    const story = await pending.liveStory()
    await pending.put(story.id, story.version, { headline: 'Harbour reopens; first ferry sails' })
    const at = new Date(ctx.clock.now().getTime() + HOUR).toISOString()
    const scheduled = await pending.publish(story.id, story.version, { at })
    expect(scheduled.status).toBe(202)
    expect(scheduled.body).toMatchObject({ publishAt: at, basedOnVersion: story.version })

    await ctx.app.eventWorkers.drain()
    ctx.clock.advance(HOUR - 1000)
    await ctx.app.eventWorkers.drain()
    expect((await pending.read(story.slug)).headline).toBe('Harbour reopens after storm')

    // Past the time, as after a restart: the next pass of the workers publishes it.
    ctx.clock.advance(2 * HOUR)
    await ctx.app.eventWorkers.drain()
    expect(await pending.read(story.slug)).toMatchObject({
      headline: 'Harbour reopens; first ferry sails',
      version: story.version + 1,
    })
    problem(await pending.get(story.id), 404)
    const [latest] = await revisionsOf(story.id)
    expect(latest).toMatchObject({ version: story.version + 1, keyName: 'test editor' })
  })

  it('one that fell due while no instance ran is published at the next start', async () => {
    const story = await pending.liveStory()
    await pending.put(story.id, story.version, { headline: 'Harbour reopens; first ferry sails' })
    const at = new Date(ctx.clock.now().getTime() + HOUR).toISOString()
    expect((await pending.publish(story.id, story.version, { at })).status).toBe(202)
    // A fresh instance, a day later.
    const clock = new TestClock()
    clock.advance(24 * HOUR)
    const next = await buildApp({ prisma: ctx.db.prisma, clock: clock.now })
    try {
      await next.ready()
      await next.eventWorkers.drain()
    } finally {
      await next.close()
    }
    ctx.changedBehindTheApp()
    expect((await pending.read(story.id)).headline).toBe('Harbour reopens; first ferry sails')
  })

  it('is not applied over a hot fix made meanwhile: it stays pending, unscheduled', async () => {
    const story = await pending.liveStory()
    await pending.put(story.id, story.version, { headline: 'Harbour reopens; first ferry sails' })
    const at = new Date(ctx.clock.now().getTime() + HOUR).toISOString()
    expect((await pending.publish(story.id, story.version, { at })).status).toBe(202)
    await ctx.api
      .patch(`/v1/articles/${story.id}`)
      .set('authorization', ctx.auth.editor)
      .set('if-match', `"${story.version}"`)
      .send({ dek: 'Ferries run again, on time.' })
      .expect(200)
    ctx.clock.advance(2 * HOUR)
    await ctx.app.eventWorkers.drain()
    expect(await pending.read(story.id)).toMatchObject({
      headline: 'Harbour reopens after storm',
      dek: 'Ferries run again, on time.',
    })
    const left = await pending.get(story.id)
    expect(left.body).toMatchObject({ publishAt: null, basedOnVersion: story.version })
    const audit = await ctx.api
      .get(`/v1/audit?resourceId=${story.id}`)
      .set('authorization', ctx.auth.admin)
    expect(JSON.stringify(audit.body)).toContain('article.pending.schedule-failed')
  })
})
