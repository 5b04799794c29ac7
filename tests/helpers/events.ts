import type { TestContext } from './test-app.js'

export interface EventBody {
  id: string
  type: string
  occurredAt: string
  resource: { type: string; id: string; slug: string | null; version: number | null }
  previousSlug: string | null
  urls: string[]
  paths: string[]
  tags: string[]
}

/** Every event in the feed (GET /v1/events as editor), following the cursor to the end. */
export async function allEvents(ctx: TestContext, query: Record<string, string> = {}) {
  const events: EventBody[] = []
  let after: string | undefined
  for (;;) {
    const res = await ctx.api
      .get('/v1/events')
      .query({ ...query, ...(after ? { after } : {}) })
      .set('authorization', ctx.auth.editor)
    if (res.status !== 200)
      throw new Error(`GET /v1/events: ${res.status} ${JSON.stringify(res.body)}`)
    events.push(...res.body.items)
    if (res.body.items.length === 0) return events
    after = res.body.page.nextCursor
  }
}

/** The types of the feed's events, oldest first. */
export const eventTypes = async (ctx: TestContext) => (await allEvents(ctx)).map((e) => e.type)
