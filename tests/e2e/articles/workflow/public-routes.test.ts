// One table of every public route that can show a story, run against an embargoed story (hidden
// until its time, then everywhere without any action) and a killed one (gone everywhere, 410 at its
// URLs). The single-rule tests live in embargo.test.ts and kill.test.ts; this one looks for leaks.
import { beforeAll, describe, expect, it } from 'vitest'
import { createKey } from '../../../../src/modules/keys/keys.service.js'
import { createArticle, createByline } from '../../../helpers/factories.js'
import { createSlot, setItems } from '../../../helpers/slots.js'
import { problem, useTestApp } from '../../../helpers/test-app.js'
import { at, HOUR } from '../../../helpers/time.js'

const ctx = useTestApp()
let partner: string
let chief: string

beforeAll(async () => {
  partner = `Bearer ${(await createKey(ctx.db.prisma, { name: 'wire', role: 'syndication' })).key}`
  chief = `Bearer ${(await createKey(ctx.db.prisma, { name: 'chief', role: 'chief' })).key}`
})

type Story = { id: string; slug: string; version: number }
interface Scene {
  story: Story
  neighbour: Story
}

/** A public route that lists or links stories, and how to read it anonymously. */
interface Listing {
  name: string
  path: (scene: Scene) => string
}

const MONTH = '2026-06'

/** Every anonymous route that can show a story among others. */
const LISTINGS: Listing[] = [
  { name: 'the list', path: () => '/v1/articles' },
  { name: 'the list of its section', path: () => '/v1/articles?section=world' },
  { name: 'the list of its tag', path: () => '/v1/articles?tag=harbour' },
  { name: 'the list of its byline', path: () => '/v1/articles?byline=ana-ruiz' },
  { name: 'search', path: () => '/v1/articles?q=lighthouse' },
  { name: 'search in its section', path: () => '/v1/articles?q=lighthouse&section=world' },
  { name: 'its section page', path: () => '/v1/sections/world?include=articles' },
  { name: 'corrections', path: () => '/v1/corrections' },
  { name: 'the RSS feed', path: () => '/v1/feeds/rss' },
  { name: 'the Atom feed', path: () => '/v1/feeds/atom' },
  { name: 'the JSON feed', path: () => '/v1/feeds/json' },
  { name: "its section's feed", path: () => '/v1/feeds/json?section=world' },
  { name: "its tag's feed", path: () => '/v1/feeds/rss?tag=harbour' },
  {
    name: "another story's recommendations",
    path: ({ neighbour }) => `/v1/articles/${neighbour.slug}/recommendations`,
  },
  {
    name: "a slot's curated item on another story",
    path: ({ neighbour }) => `/v1/articles/${neighbour.slug}/recommendations?slot=editors-picks`,
  },
  { name: 'the sitemap of its month', path: () => `/sitemaps/articles-${MONTH}.xml` },
  { name: 'the news sitemap', path: () => '/sitemaps/news.xml' },
]

const shows = (text: string, story: Story) => text.includes(story.id) || text.includes(story.slug)

async function read(path: string, auth?: string) {
  const req = ctx.api.get(path)
  if (auth) req.set('authorization', auth)
  const res = await req
  expect(res.status, `${path}: ${res.text.slice(0, 300)}`).toBe(200)
  return res.text
}

/**
 * A live neighbour in the same section, tag and byline, with a slot that recommends automatically
 * and one whose curated list on the neighbour names the story; the story's headline has "lighthouse".
 */
async function scene(fields: Record<string, unknown>): Promise<Scene> {
  const ana = await createByline(ctx, { name: 'Ana Ruiz' })
  const common = {
    section: 'world',
    tags: ['harbour'],
    bylines: [{ byline: ana.slug }],
    body: 'The harbour lighthouse keeper spoke on Monday.',
  }
  await createSlot(ctx, { key: 'more', label: 'More', fill: 'automatic', capacity: 5 })
  await createSlot(ctx, { key: 'editors-picks', label: 'Picks', fill: 'curated', capacity: 3 })
  const neighbour = await createArticle(ctx, {
    ...common,
    headline: 'Harbour reopens after storm',
    status: 'published',
    publishedAt: at(-HOUR),
  })
  const story = await createArticle(ctx, {
    ...common,
    headline: 'Lighthouse keeper retires after forty years',
    status: 'published',
    ...fields,
  })
  await setItems(ctx, 'editors-picks', [{ type: 'article', article: story.id }], neighbour.id)
  const note = await ctx.api
    .post(`/v1/articles/${story.id}/notes`)
    .set('authorization', ctx.auth.editor)
    .send({ kind: 'correction', text: 'The keeper served forty years, not thirty.' })
  expect(note.status, JSON.stringify(note.body)).toBe(201)
  const current = (await ctx.api.get(`/v1/articles/${story.id}`).set('authorization', chief)).body
  return { story: current, neighbour }
}

describe('an embargoed story, before its time', () => {
  const embargoed = () => scene({ embargoUntil: at(2 * HOUR) })

  it.each(LISTINGS)('is not in $name', async ({ path }) => {
    const s = await embargoed()
    const text = await read(path(s))
    expect(shows(text, s.story), text.slice(0, 500)).toBe(false)
    // The neighbour is, so that the route is not simply empty.
    if (!path(s).includes(s.neighbour.slug) && !path(s).includes('corrections'))
      expect(shows(text, s.neighbour)).toBe(true)
  })

  it('is a 404 at its URLs: by id, by slug, ninjs and its recommendations', async () => {
    const { story } = await embargoed()
    for (const path of [
      `/v1/articles/${story.id}`,
      `/v1/articles/${story.slug}`,
      `/v1/articles/${story.id}/ninjs`,
      `/v1/articles/${story.slug}/ninjs`,
      `/v1/articles/${story.slug}/recommendations`,
    ])
      problem(await ctx.api.get(path), 404)
    // A key that is not a syndication key reads what the public reads in ninjs... except the
    // newsroom, which previews embargoed copy; a contributor is not the newsroom.
    const contributor = await createKey(ctx.db.prisma, { name: 'freelancer', role: 'contributor' })
    problem(
      await ctx.api
        .get(`/v1/articles/${story.slug}/ninjs`)
        .set('authorization', `Bearer ${contributor.key}`),
      404,
    )
  })

  it('is readable by a syndication key, marked as embargoed, in lists, search and ninjs', async () => {
    const { story } = await embargoed()
    const json = await ctx.api.get(`/v1/articles/${story.id}`).set('authorization', partner)
    expect(json.body.embargoUntil).toBe(at(2 * HOUR))
    const ninjs = await ctx.api
      .get(`/v1/articles/${story.slug}/ninjs`)
      .set('authorization', partner)
    expect(ninjs.body.embargoed).toBe(at(2 * HOUR))
    for (const path of ['/v1/articles', '/v1/articles?q=lighthouse', '/v1/articles?tag=harbour'])
      expect(shows(await read(path, partner), story), path).toBe(true)
  })

  it.each(LISTINGS)('is in $name at the embargo time, without any action', async ({ path }) => {
    const s = await embargoed()
    // Read (and cached) before the time: the cache must not keep the old answer.
    expect(shows(await read(path(s)), s.story)).toBe(false)
    ctx.clock.advance(2 * HOUR)
    const text = await read(path(s))
    expect(shows(text, s.story), text.slice(0, 500)).toBe(true)
  })

  it('is at its URLs at the embargo time, no longer marked', async () => {
    const { story } = await embargoed()
    problem(await ctx.api.get(`/v1/articles/${story.slug}`), 404)
    ctx.clock.advance(2 * HOUR)
    for (const ref of [story.id, story.slug]) {
      const json = await ctx.api.get(`/v1/articles/${ref}`)
      expect(json.status).toBe(200)
      expect(json.body.status).toBe('published')
      const ninjs = await ctx.api.get(`/v1/articles/${ref}/ninjs`)
      expect(ninjs.status).toBe(200)
      expect(ninjs.body).not.toHaveProperty('embargoed')
    }
    expect((await ctx.api.get(`/v1/articles/${story.slug}/recommendations`)).status).toBe(200)
  })
})

describe('a killed story', () => {
  /** A live story, read everywhere (and so cached), then moved to a new slug and killed. */
  async function killed() {
    const s = await scene({ slug: 'keeper-retires', publishedAt: at(-2 * HOUR) })
    for (const { path } of LISTINGS) expect(shows(await read(path(s)), s.story), path(s)).toBe(true)
    const moved = await ctx.api
      .patch(`/v1/articles/${s.story.id}`)
      .set('authorization', ctx.auth.editor)
      .set('if-match', `"${s.story.version}"`)
      .send({ slug: 'lighthouse-keeper-retires' })
    expect(moved.status).toBe(200)
    const kill = await ctx.api
      .post(`/v1/articles/${s.story.id}/kill`)
      .set('authorization', chief)
      .send({ reason: 'Legal', notice: 'This story has been removed.' })
    expect(kill.status).toBe(200)
    return {
      ...s,
      story: { ...s.story, slug: 'lighthouse-keeper-retires' },
      oldSlug: 'keeper-retires',
    }
  }

  it.each(LISTINGS)('is gone from $name', async ({ path }) => {
    const s = await killed()
    const text = await read(path(s))
    expect(shows(text, s.story) || text.includes(s.oldSlug), text.slice(0, 500)).toBe(false)
  })

  it('answers 410 with the notice at every URL it had, and ninjs canceled', async () => {
    const { story, oldSlug } = await killed()
    for (const path of [
      `/v1/articles/${story.id}`,
      `/v1/articles/${story.slug}`,
      `/v1/articles/${oldSlug}`,
      `/v1/articles/${story.slug}/recommendations`,
      `/v1/articles/${oldSlug}/recommendations`,
    ]) {
      const gone = problem(await ctx.api.get(path), 410) as { notice?: string }
      expect(gone.notice, path).toBe('This story has been removed.')
    }
    for (const ref of [story.id, story.slug, oldSlug]) {
      const ninjs = await ctx.api.get(`/v1/articles/${ref}/ninjs`).redirects(1)
      expect(ninjs.status, ref).toBe(200)
      expect(ninjs.body.pubstatus).toBe('canceled')
      expect(ninjs.body.bodies).toEqual([])
    }
    // Partners and the newsroom get the same 410 at the JSON URL as readers, bar the newsroom's view.
    problem(await ctx.api.get(`/v1/articles/${story.slug}`).set('authorization', partner), 410)
  })
})

describe('a contributor', () => {
  const ACTIONS: {
    name: string
    role: string
    /** Contributors may do this to their own drafts. */
    ownDraftsToo?: true
    send: (s: Story, auth: string) => Promise<unknown>
  }[] = [
    {
      name: 'edit',
      role: 'editor',
      ownDraftsToo: true,
      send: (s, auth) =>
        ctx.api
          .patch(`/v1/articles/${s.id}`)
          .set('authorization', auth)
          .set('if-match', `"${s.version}"`)
          .send({ dek: 'Mine now' }),
    },
    ...['publish', 'unpublish', 'archive'].map((action) => ({
      name: action,
      role: 'editor',
      send: (s: Story, auth: string) =>
        ctx.api
          .post(`/v1/articles/${s.id}/${action}`)
          .set('authorization', auth)
          .set('if-match', `"${s.version}"`)
          .send({}),
    })),
    {
      name: 'kill',
      role: 'chief',
      send: (s, auth) =>
        ctx.api
          .post(`/v1/articles/${s.id}/kill`)
          .set('authorization', auth)
          .send({ reason: 'x', notice: 'y' }),
    },
    {
      name: 'trash',
      role: 'editor',
      send: (s, auth) =>
        ctx.api
          .delete(`/v1/articles/${s.id}`)
          .set('authorization', auth)
          .set('if-match', `"${s.version}"`),
    },
    {
      name: 'add a note',
      role: 'editor',
      send: (s, auth) =>
        ctx.api
          .post(`/v1/articles/${s.id}/notes`)
          .set('authorization', auth)
          .send({ kind: 'correction', text: 'x' }),
    },
    {
      name: 'hand out a preview link',
      role: 'editor',
      send: (s, auth) =>
        ctx.api.post(`/v1/articles/${s.id}/preview-links`).set('authorization', auth).send({}),
    },
    {
      name: 'restore a revision',
      role: 'editor',
      send: (s, auth) =>
        ctx.api
          .post(`/v1/articles/${s.id}/revisions/1/restore`)
          .set('authorization', auth)
          .set('if-match', `"${s.version}"`),
    },
  ]

  it.each(ACTIONS)(
    "cannot $name another's story (nor, but for edits, their own): 403 naming the $role role",
    async ({ send, role, ownDraftsToo }) => {
      const key = await createKey(ctx.db.prisma, { name: 'freelancer', role: 'contributor' })
      const auth = `Bearer ${key.key}`
      const others = await createArticle(ctx, { headline: 'Desk draft', creditLine: 'Desk' })
      const own = (
        await ctx.api
          .post('/v1/articles')
          .set('authorization', auth)
          .send({ headline: 'My draft', body: 'Text.', creditLine: 'Me' })
      ).body as Story
      const before = await ctx.snapshot()
      for (const story of ownDraftsToo ? [others] : [others, own]) {
        const refused = problem((await send(story, auth)) as Parameters<typeof problem>[0], 403)
        expect(refused.detail).toMatch(new RegExp(`${role} key`))
      }
      expect(await ctx.snapshot()).toEqual(before)
    },
  )
})
