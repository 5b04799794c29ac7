// Sections and tags announce their changes like articles do: created, updated (with the slug they
// left), deleted or merged, in GET /v1/events, one per change and none for a refused one.
import { describe, expect, it } from 'vitest'
import { allEvents } from '../../helpers/events.js'
import { createArticle } from '../../helpers/factories.js'
import { sectionRequests } from '../../helpers/sections.js'
import { problem, useTestApp } from '../../helpers/test-app.js'

const ctx = useTestApp()
const sections = sectionRequests(ctx)

const ofKind = async (kind: string) =>
  (await allEvents(ctx)).filter((e) => e.resource.type === kind)

describe('section events', () => {
  it('announce a section created, renamed and deleted, each once', async () => {
    const created = await sections.post({ name: 'Climate' })
    expect(created.status).toBe(201)
    const renamed = await sections.patch('climate', { slug: 'planet', name: 'Planet' })
    expect(renamed.status).toBe(200)
    const described = await sections.patch('planet', { description: 'Our warming world' })
    expect(described.status).toBe(200)
    // Refused writes announce nothing.
    problem(await sections.post({ name: 'Planet' }), 409)
    problem(await sections.patch('planet', { slug: 'planet-2' }, { 'if-match': '"1"' }), 412)
    expect((await sections.del('planet')).status).toBe(204)

    const events = await ofKind('section')
    expect(events.map((e) => e.type)).toEqual([
      'section.created',
      'section.updated',
      'section.updated',
      'section.deleted',
    ])
    const id = created.body.id
    expect(events.map((e) => e.resource)).toEqual([
      { type: 'section', id, slug: 'climate', version: 1 },
      { type: 'section', id, slug: 'planet', version: 2 },
      { type: 'section', id, slug: 'planet', version: 3 },
      { type: 'section', id, slug: 'planet', version: 3 },
    ])
    expect(events.map((e) => e.previousSlug)).toEqual([null, 'climate', null, null])
    expect(events[1]?.paths).toEqual(['/v1/sections/planet', '/v1/sections/climate'])
    expect(events[1]?.tags).toEqual(
      expect.arrayContaining([`section:${id}`, 'section:climate', 'section:planet', 'articles']),
    )
    expect(events[3]?.tags).toEqual(expect.arrayContaining([`section:${id}`, 'sections']))
  })
})

describe('tag events', () => {
  it('announce a tag created by the first story naming it, once', async () => {
    await createArticle(ctx, { tags: ['Harbour', 'Storms'] })
    await createArticle(ctx, { tags: ['harbour', 'Ferries'] })
    const events = await ofKind('tag')
    expect(events.map((e) => [e.type, e.resource.slug])).toEqual([
      ['tag.created', 'harbour'],
      ['tag.created', 'storms'],
      ['tag.created', 'ferries'],
    ])
    const harbour = await ctx.db.prisma.tag.findUniqueOrThrow({ where: { slug: 'harbour' } })
    expect(events[0]).toMatchObject({
      resource: { type: 'tag', id: harbour.id, slug: 'harbour', version: 1 },
      paths: ['/v1/tags/harbour'],
      tags: [`tag:${harbour.id}`, 'tags', 'tag:harbour'],
    })
    // The story's own event comes with them, in the same write.
    const types = (await allEvents(ctx)).map((e) => e.type)
    expect(types.filter((t) => t === 'article.created')).toHaveLength(2)
  })

  it('announce a rename with the slug it left, and a merge naming the tag that remains', async () => {
    const story = await createArticle(ctx, { tags: ['storms', 'weather'] })
    const since = (await allEvents(ctx)).length
    const renamed = await ctx.api
      .patch('/v1/tags/storms')
      .set('authorization', ctx.auth.admin)
      .send({ slug: 'gales', name: 'Gales' })
    expect(renamed.status).toBe(200)
    const merged = await ctx.api
      .post('/v1/tags/gales/merge')
      .set('authorization', ctx.auth.admin)
      .send({ into: 'weather' })
    expect(merged.status).toBe(200)
    const refused = await ctx.api
      .post('/v1/tags/weather/merge')
      .set('authorization', ctx.auth.admin)
      .send({ into: 'weather' })
    problem(refused, 422)

    const events = (await allEvents(ctx)).slice(since)
    expect(events.map((e) => e.type)).toEqual(['tag.updated', 'tag.merged'])
    expect(events[0]).toMatchObject({
      resource: { type: 'tag', id: renamed.body.id, slug: 'gales', version: 2 },
      previousSlug: 'storms',
      paths: ['/v1/tags/gales', '/v1/tags/storms'],
    })
    expect(events[1]).toMatchObject({
      resource: { type: 'tag', id: merged.body.id, slug: 'weather' },
      previousSlug: 'gales',
    })
    // The stories the tag was on are purged with it.
    expect(events[1]?.tags).toEqual(expect.arrayContaining([`article:${story.id}`, 'tag:gales']))
  })

  it('can be filtered by type', async () => {
    await createArticle(ctx, { tags: ['harbour'] })
    await sections.post({ name: 'World' })
    const only = await allEvents(ctx, { types: 'tag.created,section.created' })
    expect(only.map((e) => e.type)).toEqual(['tag.created', 'section.created'])
  })
})
