import { afterEach, describe, expect, it } from 'vitest'
import { type App, buildApp } from '../../../src/app.js'
import { openDatabase } from '../../../src/db/client.js'
import { emitScheduledEvents } from '../../../src/modules/events/scheduled-events.js'
import { allEvents } from '../../helpers/events.js'
import { createArticle } from '../../helpers/factories.js'
import { createSlot, putItems } from '../../helpers/slots.js'
import { TestClock, useTestApp } from '../../helpers/test-app.js'
import { HOUR, at } from '../../helpers/time.js'

const ctx = useTestApp()
const opened: { close(): Promise<unknown> }[] = []
afterEach(async () => {
  for (const item of opened.splice(0).reverse()) await item.close()
})

/** Another instance on the same database, with a clock of its own: on PostgreSQL, with its own connections. */
async function otherInstance(clock: TestClock): Promise<App> {
  let prisma = ctx.db.prisma
  if (ctx.db.url) {
    const db = await openDatabase({ kind: 'postgres', url: ctx.db.url, poolSize: 4 })
    opened.push(db)
    prisma = db.prisma
  }
  const app = await buildApp({ prisma, clock: clock.now })
  await app.ready()
  opened.push(app)
  return app
}

async function scheduleStory(delayMs: number) {
  const story = await createArticle(ctx, { creditLine: 'Desk' })
  await ctx.api
    .post(`/v1/articles/${story.id}/publish`)
    .set('authorization', ctx.auth.editor)
    .send({ publishedAt: at(delayMs) })
    .expect(200)
  return story
}

/** An instance ran before the test (the tables were emptied): the schedule is checked up to now. */
const checkedUpToNow = () => emitScheduledEvents(ctx.app.changes, ctx.clock.now())

const published = async () => (await allEvents(ctx)).filter((e) => e.type === 'article.published')

describe('scheduled visibility events', () => {
  it('emits article.published once when the scheduled time passes, stamped with that time', async () => {
    await checkedUpToNow()
    const story = await scheduleStory(HOUR)
    await ctx.app.eventWorkers.drain()
    expect(await published()).toEqual([])
    ctx.clock.advance(2 * HOUR)
    await ctx.app.eventWorkers.drain()
    await ctx.app.eventWorkers.drain()
    const events = await published()
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({
      occurredAt: at(HOUR),
      resource: { id: story.id, slug: story.slug, version: 2 },
      tags: [`article:${story.id}`, 'articles'],
    })
  })

  it('emits once with two instances checking at the same moment', async () => {
    const clock = new TestClock()
    const other = await otherInstance(clock)
    await checkedUpToNow()
    await scheduleStory(HOUR)
    ctx.clock.advance(2 * HOUR)
    clock.advance(2 * HOUR)
    await Promise.all([
      ctx.app.eventWorkers.drain(),
      other.eventWorkers.drain(),
      ctx.app.eventWorkers.runOnce(),
      other.eventWorkers.runOnce(),
    ])
    expect(await published()).toHaveLength(1)
  })

  it('emits on the next start a time that passed while no instance ran', async () => {
    await checkedUpToNow()
    const story = await scheduleStory(HOUR)
    // Every instance stopped; three hours later one starts.
    const clock = new TestClock()
    clock.advance(3 * HOUR)
    const restarted = await otherInstance(clock)
    await restarted.eventWorkers.drain()
    const events = await published()
    expect(events.map((e) => [e.resource.id, e.occurredAt])).toEqual([[story.id, at(HOUR)]])
  })

  it('emits slot.updated when a slot item window opens and when it closes', async () => {
    await checkedUpToNow()
    const slot = await createSlot(ctx)
    const target = await createArticle(ctx, { status: 'published' })
    await putItems(ctx, slot.key, [
      { type: 'article', article: target.id, startsAt: at(HOUR), endsAt: at(3 * HOUR) },
    ]).expect(200)
    ctx.clock.advance(2 * HOUR)
    await ctx.app.eventWorkers.drain()
    ctx.clock.advance(2 * HOUR)
    await ctx.app.eventWorkers.drain()
    const slotEvents = (await allEvents(ctx)).filter(
      (e) => e.type === 'slot.updated' && e.occurredAt !== at(0),
    )
    expect(slotEvents.map((e) => e.occurredAt)).toEqual([at(HOUR), at(3 * HOUR)])
  })
})
