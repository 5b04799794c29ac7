import { beforeEach, describe, expect, it } from 'vitest'
import { createArticle } from '../../helpers/factories.js'
import { createSlot, putItems, setItems, slotSnapshot } from '../../helpers/slots.js'
import { paths, problem, useTestApp } from '../../helpers/test-app.js'
import { at, HOUR } from '../../helpers/time.js'

const ctx = useTestApp()

const link = (n: number, fields: Record<string, unknown> = {}) => ({
  type: 'external',
  url: `https://ads.example.com/offer-${n}`,
  title: `Offer ${n}`,
  sponsor: `Sponsor ${n}`,
  ...fields,
})
const pin = (article: string, fields: Record<string, unknown> = {}) => ({
  type: 'article',
  article,
  ...fields,
})

type Item = { type: string; slug?: string; url?: string; [k: string]: unknown }
async function resolve(slug = 'source'): Promise<Record<string, Item[]>> {
  const res = await ctx.api.get(`/v1/articles/${slug}/recommendations`)
  expect(res.status, JSON.stringify(res.body)).toBe(200)
  const slots = res.body.slots as { key: string; items: Item[] }[]
  return Object.fromEntries(slots.map((s) => [s.key, s.items]))
}
const names = (items: Item[] | undefined) =>
  (items ?? []).map((i) => (i.type === 'article' ? i.slug : i.url?.replace(/.*\//, '')))

async function unchanged<T>(run: () => Promise<T>): Promise<T> {
  const before = await slotSnapshot(ctx)
  const result = await run()
  expect(await slotSnapshot(ctx)).toEqual(before)
  return result
}

const patchSlot = (key: string, body: Record<string, unknown>) =>
  ctx.api.patch(`/v1/slots/${key}`).set('authorization', ctx.auth.admin).send(body)

const DELTA = { kind: 'sponsored', sponsor: 'Delta Line', url: 'https://delta.example.com/' }

beforeEach(async () => {
  const story = (slug: string, fields: Record<string, unknown> = {}) =>
    createArticle(ctx, {
      slug,
      headline: `Story ${slug}`,
      status: 'published',
      publishedAt: at(-2 * HOUR),
      section: 'world',
      tags: ['water'],
      ...fields,
    })
  await story('source')
  for (const slug of ['one', 'two', 'three', 'four']) await story(slug)
  await story('paid', { sponsorship: DELTA, publishedAt: at(-HOUR) })
})

describe('slot settings for sponsored content', () => {
  it('defaults to one sponsored item, never first, labeled "Sponsored by {sponsor}"', async () => {
    const slot = await createSlot(ctx, { key: 'for-you', allowSponsored: true })
    expect(slot).toMatchObject({
      maxSponsored: 1,
      sponsoredPositions: Array.from({ length: 23 }, (_, i) => i + 2),
      disclosure: 'Sponsored by {sponsor}',
    })
  })

  it('refuses a disclosure without {sponsor} or with an unknown placeholder, and bad positions, naming each', async () => {
    const post = (fields: Record<string, unknown>) =>
      ctx.api
        .post('/v1/slots')
        .set('authorization', ctx.auth.admin)
        .send({ key: 'x', label: 'X', ...fields })
    expect(paths(problem(await post({ disclosure: 'Advertisement' }), 400))).toEqual(['disclosure'])
    const typo = problem(await post({ disclosure: 'Sponsored by {sponser} {sponsor}' }), 400)
    expect(typo.errors?.[0]?.message).toMatch(/\{sponser\}/)
    expect([...new Set(paths(problem(await post({ disclosure: '   ' }), 400)))]).toEqual([
      'disclosure',
    ])
    const positions = problem(await post({ sponsoredPositions: [0, 25], maxSponsored: -1 }), 400)
    expect(paths(positions).sort()).toEqual(
      ['maxSponsored', 'sponsoredPositions.0', 'sponsoredPositions.1'].sort(),
    )
    expect(paths(problem(await post({ sponsoredPositions: [2, 2] }), 400))).toEqual([
      'sponsoredPositions',
    ])
    const ok = await post({ sponsoredPositions: [4, 2], disclosure: 'Anzeige: {sponsor}' })
    expect(ok.status).toBe(201)
    expect(ok.body.sponsoredPositions).toEqual([2, 4])
  })
})

describe('PUT of items: caps and positions', () => {
  beforeEach(async () => {
    await createSlot(ctx, {
      key: 'for-you',
      label: 'Recommended for you',
      capacity: 4,
      fill: 'curated',
      allowSponsored: true,
    })
  })

  it('refuses 4 sponsored links out of 4 and an ad first with 422 naming each item, changing nothing', async () => {
    const body = problem(
      await unchanged(() => putItems(ctx, 'for-you', [link(1), link(2), link(3), link(4)])),
      422,
    )
    expect(paths(body)).toEqual(['items.0', 'items.2', 'items.3'])
    expect(body.errors?.[0]?.message).toMatch(/position 1/)
    expect(body.errors?.[1]?.message).toMatch(/at most 1 sponsored item/)
  })

  it('counts sponsored articles like links, in position and cap', async () => {
    const first = problem(await unchanged(() => putItems(ctx, 'for-you', [pin('paid')])), 422)
    expect(paths(first)).toEqual(['items.0'])
    const over = problem(
      await unchanged(() => putItems(ctx, 'for-you', [pin('one'), link(1), pin('paid')])),
      422,
    )
    expect(paths(over)).toEqual(['items.2'])
    expect((await setItems(ctx, 'for-you', [pin('one'), pin('paid'), pin('two')])).items).toEqual([
      expect.objectContaining({ sponsored: false, sponsor: null, disclosure: null }),
      expect.objectContaining({
        sponsored: true,
        sponsor: 'Delta Line',
        disclosure: 'Sponsored by Delta Line',
      }),
      expect.objectContaining({ sponsored: false }),
    ])
  })

  it("follows the slot's own cap, positions and disclosure", async () => {
    await patchSlot('for-you', {
      maxSponsored: 2,
      sponsoredPositions: [3, 4],
      disclosure: 'Paid for by {sponsor}',
    })
    expect(paths(problem(await putItems(ctx, 'for-you', [pin('one'), link(1)]), 422))).toEqual([
      'items.1',
    ])
    const saved = await setItems(ctx, 'for-you', [pin('one'), pin('two'), link(1), link(2)])
    expect(saved.items.slice(2)).toEqual([
      expect.objectContaining({ disclosure: 'Paid for by Sponsor 1', rel: 'sponsored noopener' }),
      expect.objectContaining({ disclosure: 'Paid for by Sponsor 2', rel: 'sponsored noopener' }),
    ])
    const own = problem(
      await putItems(ctx, 'for-you', [link(1), pin('one'), pin('two'), link(2)], 'source'),
      422,
    )
    expect(paths(own)).toEqual(['items.0'])
  })

  it('refuses sponsored articles where sponsored content is off', async () => {
    await createSlot(ctx, { key: 'related', capacity: 4, fill: 'mixed' })
    const body = problem(await putItems(ctx, 'related', [pin('one'), pin('paid')]), 422)
    expect(paths(body)).toEqual(['items.1'])
    expect(body.errors?.[0]?.message).toMatch(/does not allow sponsored/)
  })
})

describe('PATCH of a slot: rules that placed items would break', () => {
  beforeEach(async () => {
    await createSlot(ctx, { key: 'for-you', capacity: 4, fill: 'mixed', allowSponsored: true })
    await patchSlot('for-you', { maxSponsored: 2 })
    await setItems(ctx, 'for-you', [pin('one'), link(1), link(2)])
    await setItems(ctx, 'for-you', [pin('two'), pin('paid')], 'source')
  })

  it('refuses with 422 naming each list and item, and changes nothing', async () => {
    const cap = problem(await unchanged(() => patchSlot('for-you', { maxSponsored: 1 })), 422)
    expect(paths(cap)).toEqual(['default.items.2'])
    const moved = problem(
      await unchanged(() => patchSlot('for-you', { sponsoredPositions: [3, 4] })),
      422,
    )
    expect(paths(moved).sort()).toEqual(['articles.source.items.1', 'default.items.1'])
    expect(
      (await ctx.api.get('/v1/slots/for-you').set('authorization', ctx.auth.admin)).body,
    ).toMatchObject({ maxSponsored: 2, version: 2 })
  })

  it('accepts rules the lists follow, and allowSponsored: false as the switch that hides them all', async () => {
    expect((await patchSlot('for-you', { sponsoredPositions: [2, 3] })).status).toBe(200)
    expect((await patchSlot('for-you', { allowSponsored: false })).status).toBe(200)
    const items = await resolve()
    expect(items['for-you']?.every((i) => i.sponsored === false)).toBe(true)
    expect(names(items['for-you'])).toContain('two')
  })
})

describe('reads: stored items that break the rules are hidden, never an error', () => {
  it('hides an article marked sponsored after it was placed first, and reports it to editors', async () => {
    await createSlot(ctx, { key: 'picks', capacity: 3, fill: 'curated', allowSponsored: true })
    await setItems(ctx, 'picks', [pin('one'), pin('two'), pin('three')])
    const one = await ctx.api.get('/v1/articles/one').set('authorization', ctx.auth.editor)
    const patched = await ctx.api
      .patch('/v1/articles/one')
      .set('authorization', ctx.auth.editor)
      .set('if-match', one.headers.etag as string)
      .send({ sponsorship: { kind: 'partner', sponsor: 'River Trust' } })
    expect(patched.status).toBe(200)
    // A sponsored item cannot be first: "two" moves up and "one" takes the second place.
    expect(names((await resolve()).picks)).toEqual(['two', 'one', 'three'])
    const list = await ctx.api.get('/v1/slots/picks/items').set('authorization', ctx.auth.editor)
    expect(list.status).toBe(200)
    expect(list.body.violations).toEqual([
      { path: 'items.0', message: expect.stringMatching(/position 1/) },
    ])
  })

  it('shows rows that break the rules (written behind the app) without failing', async () => {
    const slot = await createSlot(ctx, {
      key: 'picks',
      capacity: 4,
      fill: 'curated',
      allowSponsored: true,
    })
    // Data from before the rules: three links, the first one first.
    await ctx.db.prisma.slotItem.createMany({
      data: [1, 2, 3].map((n, position) => ({
        slotId: slot.id,
        position,
        url: `https://ads.example.com/offer-${n}`,
        title: `Offer ${n}`,
        sponsor: `Sponsor ${n}`,
      })),
    })
    ctx.changedBehindTheApp()
    // Nothing else can come first in a curated slot: every link is hidden.
    expect(names((await resolve()).picks)).toEqual([])
    const list = await ctx.api.get('/v1/slots/picks/items').set('authorization', ctx.auth.editor)
    expect(list.status).toBe(200)
    expect(list.body.violations.map((v: { path: string }) => v.path)).toEqual([
      'items.0',
      'items.2',
    ])
  })
})

describe('recommendations: sponsored items only where the slot allows them', () => {
  it('places a link after automatic picks, and labels it with the slot disclosure', async () => {
    await createSlot(ctx, {
      key: 'for-you',
      label: 'Recommended for you',
      capacity: 4,
      fill: 'automatic',
      allowSponsored: true,
      disclosure: 'Advertisement · {sponsor}',
    })
    await setItems(ctx, 'for-you', [link(1)])
    const items = (await resolve())['for-you'] ?? []
    expect(items).toHaveLength(4)
    expect(items.map((i) => i.sponsored)).toEqual([false, true, false, false])
    expect(items[1]).toMatchObject({
      type: 'external',
      sponsor: 'Sponsor 1',
      disclosure: 'Advertisement · Sponsor 1',
      rel: 'sponsored noopener',
    })
  })

  it('never lets an automatic pick of a sponsored article go first or over the cap', async () => {
    // "paid" is the newest related story: the best automatic pick.
    await createSlot(ctx, { key: 'more', capacity: 4, fill: 'automatic', allowSponsored: true })
    const items = (await resolve()).more ?? []
    expect(items).toHaveLength(4)
    expect(items[0]?.sponsored).toBe(false)
    expect(items[1]).toMatchObject({
      slug: 'paid',
      sponsored: true,
      sponsor: 'Delta Line',
      disclosure: 'Sponsored by Delta Line',
    })
    await patchSlot('more', { maxSponsored: 0 })
    expect(names((await resolve()).more)).not.toContain('paid')
  })

  it('leaves sponsored articles out of slots that do not allow sponsored content', async () => {
    await createSlot(ctx, { key: 'related', capacity: 6, fill: 'automatic' })
    const items = (await resolve()).related ?? []
    expect([...names(items)].sort()).toEqual(['four', 'one', 'three', 'two'])
  })
})

describe('hidden curated items take no visible place', () => {
  it('fills the place of a pick that is not visible yet, and gives it back when it shows', async () => {
    await createSlot(ctx, { key: 'mixed', capacity: 2, fill: 'mixed' })
    await setItems(ctx, 'mixed', [pin('four', { startsAt: at(HOUR) }), pin('three')], 'source')
    // As if it were absent: the related stories fill its place (it may be one of them itself).
    const before = names((await resolve()).mixed)
    expect(before).toHaveLength(2)
    expect(before[0]).toBe('three')

    ctx.clock.set(at(HOUR - 1))
    expect(names((await resolve()).mixed)).toEqual(before)
    ctx.clock.set(at(HOUR)) // startsAt is inclusive
    expect(names((await resolve()).mixed)).toEqual(['four', 'three'])
  })

  it('fills the place of an expired pick, from the moment it expires', async () => {
    await createSlot(ctx, { key: 'mixed', capacity: 2, fill: 'mixed' })
    await setItems(ctx, 'mixed', [pin('four', { endsAt: at(HOUR) }), pin('three')], 'source')
    ctx.clock.set(at(HOUR - 1))
    expect(names((await resolve()).mixed)).toEqual(['four', 'three'])
    ctx.clock.set(at(HOUR)) // endsAt is exclusive
    const after = names((await resolve()).mixed)
    expect(after).toHaveLength(2)
    expect(after[0]).toBe('three')
  })

  it('keeps a sponsored link out of first place when the pick before it is hidden', async () => {
    await createSlot(ctx, { key: 'mixed', capacity: 3, fill: 'mixed', allowSponsored: true })
    await setItems(ctx, 'mixed', [pin('four', { startsAt: at(HOUR) }), link(1), pin('three')])
    const items = (await resolve()).mixed ?? []
    expect(items.map((i) => i.sponsored)).toEqual([false, true, false])
    expect(names(items)[0]).toBe('three')
    ctx.clock.set(at(HOUR))
    expect(names((await resolve()).mixed)).toEqual(['four', 'offer-1', 'three'])
  })
})
