// A pending version that no longer applies to the live story (its slug taken since, the story
// killed, a stored body no longer valid) is shown as stored with why, never failing a read;
// reads racing writes never fail like a write; the scheduler sets such a one aside.
import { describe, expect, it } from 'vitest'
import { createArticle } from '../../../helpers/factories.js'
import { useTestApp } from '../../../helpers/test-app.js'
import { HOUR } from '../../../helpers/time.js'
import { pendingRequests } from './helpers.js'

const ctx = useTestApp()
const pending = pendingRequests(ctx)

const kill = (ref: string) =>
  ctx.api
    .post(`/v1/articles/${ref}/kill`)
    .set('authorization', ctx.auth.admin)
    .send({ reason: 'Libel risk', notice: 'This story has been removed.' })

const previewLink = async (ref: string) =>
  (
    await ctx.api
      .post(`/v1/articles/${ref}/preview-links`)
      .set('authorization', ctx.auth.editor)
      .send({ includePending: true })
  ).body.url as string

describe('a pending version that no longer applies', () => {
  it('its slug taken since: GET …/pending says why; a preview link shows live, leaking nothing', async () => {
    const story = await pending.liveStory()
    expect((await pending.put(story.id, story.version, { slug: 'walrus-seen' })).status).toBe(201)
    const url = await previewLink(story.id)
    await createArticle(ctx, { headline: 'Walrus seen in harbour', slug: 'walrus-seen' })

    const got = await pending.get(story.id)
    expect(got.status).toBe(200)
    expect(got.body).toMatchObject({
      article: null,
      changes: [],
      fields: { slug: 'walrus-seen' },
      notApplicable: { status: 409 },
      basedOnVersion: story.version,
    })
    expect(got.body.notApplicable.detail).toContain('walrus-seen')

    const shown = await ctx.api.get(url)
    expect(shown.status).toBe(200)
    expect(shown.body).toMatchObject({
      pending: false,
      article: { id: story.id, slug: story.slug, version: story.version },
    })
    expect(JSON.stringify(shown.body)).not.toContain('walrus-seen')
  })

  it('on a killed story: GET …/pending is a 200 saying why, not a 409', async () => {
    const story = await pending.liveStory()
    await pending.put(story.id, story.version, { headline: 'Harbour reopens; ferry sails' })
    expect((await kill(story.id)).status).toBe(200)
    const got = await pending.get(story.id)
    expect(got.status).toBe(200)
    expect(got.body).toMatchObject({
      article: null,
      fields: { headline: 'Harbour reopens; ferry sails' },
      notApplicable: { status: 409 },
    })
  })

  it('stored invalid (an older release): shown with a 422; its schedule fails alone', async () => {
    const bad = await pending.liveStory()
    const good = await pending.liveStory({ headline: 'Ferry timetable changes' })
    await pending.put(bad.id, bad.version, { headline: 'Harbour reopens; ferry sails' })
    await pending.put(good.id, good.version, { headline: 'Ferry timetable changes again' })
    const soon = (ms: number) => new Date(ctx.clock.now().getTime() + ms).toISOString()
    expect((await pending.publish(bad.id, bad.version, { at: soon(HOUR) })).status).toBe(202)
    expect((await pending.publish(good.id, good.version, { at: soon(2 * HOUR) })).status).toBe(202)
    // A row an older release wrote, which today's PATCH validation refuses.
    await ctx.db.prisma.articlePending.update({
      where: { articleId: bad.id },
      data: { fields: { headline: 42 } },
    })

    const got = await pending.get(bad.id)
    expect(got.status).toBe(200)
    expect(got.body).toMatchObject({ article: null, notApplicable: { status: 422 } })

    ctx.clock.advance(3 * HOUR)
    // The earlier, broken one neither throws out of the workers nor holds up the later one.
    await ctx.app.eventWorkers.drain()
    expect((await pending.read(good.id)).headline).toBe('Ferry timetable changes again')
    expect((await pending.read(bad.id)).headline).toBe('Harbour reopens after storm')
    expect((await pending.get(bad.id)).body).toMatchObject({ publishAt: null })
    const audit = await ctx.api
      .get(`/v1/audit?resourceId=${bad.id}`)
      .set('authorization', ctx.auth.admin)
    expect(JSON.stringify(audit.body)).toContain('article.pending.schedule-failed')
  })
})

describe('reads of a pending version racing writes', () => {
  it('never fail like a write (PostgreSQL)', async ({ skip }) => {
    if (!ctx.db.url) skip() // PGlite is one session: requests do not overlap
    const story = await pending.liveStory()
    await pending.put(story.id, story.version, { headline: 'Harbour reopens; ferry sails' })
    const url = await previewLink(story.id)
    // Each wave: one PATCH on the version live now, while the pending version is read.
    const patch = async (i: number) => {
      const { version } = await pending.read(story.id)
      return ctx.api
        .patch(`/v1/articles/${story.id}`)
        .set('authorization', ctx.auth.editor)
        .set('if-match', `"${version}"`)
        .send({ body: `The harbour reopened on Monday (${i}).` })
    }
    for (let wave = 0; wave < 12; wave++) {
      const [patched, ...reads] = await Promise.all([
        patch(wave),
        pending.get(story.id),
        ctx.api.get(url),
        pending.get(story.id),
        ctx.api.get(url),
      ])
      expect(patched.status).toBe(200)
      expect(reads.map((r) => r.status)).toEqual([200, 200, 200, 200])
    }
  })
})
