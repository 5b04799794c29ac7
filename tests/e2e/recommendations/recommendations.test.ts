import { beforeEach, describe, expect, it } from 'vitest'
import { createArticle, createByline, ensureSections } from '../../helpers/factories.js'
import { createSlot, setItems } from '../../helpers/slots.js'
import { problem, useTestApp } from '../../helpers/test-app.js'

const ctx = useTestApp()

const NOW = Date.parse('2026-06-01T12:00:00.000Z')
const HOUR = 3_600_000
const at = (hours: number) => new Date(NOW + hours * HOUR).toISOString()

type Item =
  | {
      type: 'article'
      slug: string
      headline: string
      bylineText: string | null
      reason: string
      [k: string]: unknown
    }
  | {
      type: 'external'
      url: string
      sponsored: boolean
      sponsor: string
      rel: string
      reason: string
      [k: string]: unknown
    }
type Resolved = { slots: { key: string; label: string; items: Item[] }[] }

async function resolve(slug = 'river-deal', query = '', auth?: string): Promise<Resolved> {
  const request = ctx.api.get(`/v1/articles/${slug}/recommendations${query}`)
  const res = await (auth ? request.set('authorization', auth) : request)
  expect(res.status, JSON.stringify(res.body)).toBe(200)
  return res.body as Resolved
}

const slugsOf = (items: Item[] | undefined) =>
  (items ?? []).map((i) => (i.type === 'article' ? i.slug : i.url))
const itemsOf = (r: Resolved, key: string) => r.slots.find((s) => s.key === key)?.items ?? []
const pin = (article: string, fields: Record<string, unknown> = {}) => ({
  type: 'article',
  article,
  ...fields,
})

const RELATED = ['tag-mate', 'section-mate', 'byline-mate', 'text-mate']
const INVISIBLE = ['draft-related', 'scheduled-related', 'archived-related']

/**
 * A small hand-made corpus around "river-deal" (world; water, diplomacy; by Ana Ruiz): one story
 * related by each signal only, two unrelated stories that are newer than all of them, and
 * related stories readers cannot see.
 */
async function buildCorpus() {
  const names = ['Ana Ruiz', 'Li Wei', 'Sam Roe', 'Kim Park', 'Pat Lens'] as const
  const [ana, li, sam, kim, photo] = (
    await Promise.all(names.map((name) => createByline(ctx, { name })))
  ).map((b) => b.slug)
  const by = (...credits: [string | undefined, string?][]) =>
    credits.map(([byline, role]) => ({ byline, role: role ?? 'author' }))
  const story = (slug: string, fields: Record<string, unknown>) =>
    createArticle(ctx, {
      slug,
      status: 'published',
      publishedAt: at(-30),
      dek: null,
      creditLine: 'Newsroom',
      ...fields,
    })

  await story('river-deal', {
    headline: 'Serava river states sign water deal',
    dek: 'Seven countries agree how to share the river in dry years.',
    body: 'Ministers signed the accord on Friday.',
    section: 'world',
    tags: ['water', 'diplomacy'],
    bylines: by([ana], [photo, 'photographer']),
    publishedAt: at(-1),
  })
  await story('tag-mate', {
    headline: 'Farmers count the cost',
    body: 'Wheat yields fell by a third.',
    section: 'business',
    tags: ['diplomacy', 'water'],
    bylines: by([li]),
  })
  await story('section-mate', {
    headline: 'Election result contested in the capital',
    body: 'The opposition wants a recount.',
    section: 'world',
    tags: ['elections'],
    bylines: by([sam]),
  })
  await story('byline-mate', {
    headline: 'A novel about border towns wins a prize',
    body: 'The judges praised its humour.',
    section: 'culture',
    tags: ['books'],
    bylines: by([ana]),
  })
  await story('text-mate', {
    headline: 'Serava river falls to record low',
    dek: 'Barges are stranded as water levels drop.',
    body: 'Shipping has stopped.',
    section: 'science',
    tags: ['research'],
    bylines: by([kim]),
  })
  for (const [slug, headline] of [
    ['unrelated-new-1', 'Cup final goes to penalties'],
    ['unrelated-new-2', 'Marathon moves its start to dawn'],
  ] as const) {
    await story(slug, {
      headline,
      body: 'The home side won.',
      section: 'sport',
      tags: ['football'],
      bylines: by([kim], [photo, 'photographer']),
      publishedAt: at(-0.2),
    })
  }
  const related = {
    section: 'world',
    tags: ['water', 'diplomacy'],
    bylines: by([ana]),
    body: 'Serava river water.',
  }
  await story('draft-related', {
    ...related,
    headline: 'Serava draft',
    status: 'draft',
    publishedAt: null,
  })
  await story('scheduled-related', { ...related, headline: 'Serava scheduled', publishedAt: at(5) })
  await story('archived-related', { ...related, headline: 'Serava archived', status: 'archived' })
}

describe('GET /v1/articles/{slug}/recommendations: automatic fill', () => {
  beforeEach(buildCorpus)

  it('prefers stories sharing tags, section, byline or text over newer unrelated ones, and says why', async () => {
    await createSlot(ctx, { key: 'auto', label: 'More', fill: 'automatic', capacity: 4 })
    const items = itemsOf(await resolve(), 'auto')
    expect(slugsOf(items).sort()).toEqual([...RELATED].sort())
    expect(slugsOf(items)[0]).toBe('tag-mate')
    expect(
      Object.fromEntries(items.map((i) => [i.type === 'article' && i.slug, i.reason])),
    ).toEqual({
      'tag-mate': 'shared-tags',
      'section-mate': 'same-section',
      'byline-mate': 'same-byline',
      'text-mate': 'similar-text',
    })
  })

  it('fills the rest with recent stories, newest first, and never the article itself or stories readers cannot see', async () => {
    await createSlot(ctx, { key: 'auto', label: 'More', fill: 'automatic', capacity: 24 })
    const items = itemsOf(await resolve(), 'auto')
    const slugs = slugsOf(items)
    expect(slugs).toHaveLength(6)
    expect(slugs.slice(0, 4).sort()).toEqual([...RELATED].sort())
    expect(slugs.slice(4).sort()).toEqual(['unrelated-new-1', 'unrelated-new-2'])
    expect(items.slice(4).map((i) => i.reason)).toEqual(['recent', 'recent'])
    for (const hidden of ['river-deal', ...INVISIBLE]) expect(slugs).not.toContain(hidden)
  })

  it('describes each article with what a frontend prints', async () => {
    await createSlot(ctx, { key: 'auto', label: 'More', fill: 'automatic', capacity: 1 })
    const [item] = itemsOf(await resolve(), 'auto')
    expect(item).toEqual({
      type: 'article',
      slug: 'tag-mate',
      headline: 'Farmers count the cost',
      dek: null,
      heroImage: null,
      section: { slug: 'business', name: 'Business' },
      publishedAt: at(-30),
      bylineText: 'By Li Wei',
      sponsored: false,
      sponsor: null,
      disclosure: null,
      reason: 'shared-tags',
    })
  })

  it('gives the same answer for the same data', async () => {
    await createSlot(ctx, { key: 'auto', label: 'More', fill: 'automatic', capacity: 24 })
    await createSlot(ctx, {
      key: 'more',
      label: 'Also',
      fill: 'automatic',
      capacity: 2,
      position: 1,
    })
    const first = await resolve()
    expect(await resolve()).toEqual(first)
    expect(await resolve()).toEqual(first)
  })

  it('keeps its order as time passes: the recency decay scales every candidate alike', async () => {
    await createSlot(ctx, { key: 'auto', label: 'More', fill: 'automatic', capacity: 24 })
    const before = await resolve()
    // Sixty days on (after the cached answer's age bound), with the scheduled story still left out.
    const scheduled = await ctx.api
      .get('/v1/articles/scheduled-related')
      .set('authorization', ctx.auth.editor)
    await ctx.api
      .delete('/v1/articles/scheduled-related')
      .set('authorization', ctx.auth.editor)
      .set('if-match', scheduled.headers.etag as string)
      .expect(204)
    const withoutScheduled = await resolve()
    ctx.clock.set(at(60 * 24))
    const after = await resolve()
    expect(after.slots.map((s) => slugsOf(s.items))).toEqual(
      withoutScheduled.slots.map((s) => slugsOf(s.items)),
    )
    expect(slugsOf(itemsOf(before, 'auto'))).toEqual(slugsOf(itemsOf(withoutScheduled, 'auto')))
  })

  it('never shows the same article in two slots', async () => {
    await createSlot(ctx, { key: 'first', label: 'First', capacity: 2, position: 0 })
    await createSlot(ctx, { key: 'second', label: 'Second', capacity: 3, position: 1 })
    await setItems(ctx, 'second', [pin('byline-mate')])
    const r = await resolve()
    const all = [...slugsOf(itemsOf(r, 'first')), ...slugsOf(itemsOf(r, 'second'))]
    expect(all).toHaveLength(5)
    expect(new Set(all).size).toBe(5)
    expect(slugsOf(itemsOf(r, 'second'))[0]).toBe('byline-mate')
  })

  it('leaves out the slugs in exclude, comma-separated or repeated, curated or not', async () => {
    await createSlot(ctx, { key: 'auto', label: 'More', fill: 'mixed', capacity: 4 })
    await setItems(ctx, 'auto', [pin('byline-mate')], 'river-deal')
    const comma = await resolve('river-deal', '?exclude=tag-mate,byline-mate')
    const slugs = slugsOf(itemsOf(comma, 'auto'))
    expect(slugs).not.toContain('tag-mate')
    expect(slugs).not.toContain('byline-mate')
    expect(slugs).toHaveLength(4)
    expect(slugs.slice(0, 2).sort()).toEqual(['section-mate', 'text-mate'])
    expect(await resolve('river-deal', '?exclude=tag-mate&exclude=byline-mate')).toEqual(comma)
  })

  it('refuses a malformed exclude or slot with 400', async () => {
    const body = problem(
      await ctx.api.get('/v1/articles/river-deal/recommendations?exclude=ok,Not%20A%20Slug'),
      400,
    )
    expect(body.errors?.map((e) => e.path)).toEqual(['query.exclude.1'])
    problem(await ctx.api.get('/v1/articles/river-deal/recommendations?slot=BAD'), 400)
  })
})

describe('GET /v1/articles/{slug}/recommendations: curated items', () => {
  beforeEach(buildCorpus)

  it('keeps the curated order, then tops up a mixed slot with related stories and reports why', async () => {
    await createSlot(ctx, { key: 'mixed', label: 'You May Also Like', fill: 'mixed', capacity: 4 })
    await setItems(
      ctx,
      'mixed',
      [pin('unrelated-new-2'), pin('text-mate'), pin('unrelated-new-1')],
      'river-deal',
    )
    const items = itemsOf(await resolve(), 'mixed')
    expect(slugsOf(items)).toEqual(['unrelated-new-2', 'text-mate', 'unrelated-new-1', 'tag-mate'])
    expect(items.map((i) => i.reason)).toEqual(['curated', 'curated', 'curated', 'shared-tags'])
  })

  it('uses the site-wide defaults for an article without a list of its own', async () => {
    await createSlot(ctx, {
      key: 'mixed',
      label: 'You May Also Like',
      fill: 'curated',
      capacity: 4,
    })
    await setItems(ctx, 'mixed', [pin('unrelated-new-1'), pin('river-deal')])
    await setItems(ctx, 'mixed', [pin('unrelated-new-2')], 'tag-mate')
    expect(slugsOf(itemsOf(await resolve(), 'mixed'))).toEqual(['unrelated-new-1'])
    expect(slugsOf(itemsOf(await resolve('section-mate'), 'mixed'))).toEqual([
      'unrelated-new-1',
      'river-deal',
    ])
    expect(slugsOf(itemsOf(await resolve('tag-mate'), 'mixed'))).toEqual(['unrelated-new-2'])
  })

  it('shows at most the capacity, also after the capacity is lowered', async () => {
    await createSlot(ctx, { key: 'mixed', label: 'Also', fill: 'mixed', capacity: 3 })
    await setItems(
      ctx,
      'mixed',
      [pin('unrelated-new-1'), pin('unrelated-new-2'), pin('text-mate')],
      'river-deal',
    )
    expect(itemsOf(await resolve(), 'mixed')).toHaveLength(3)
    await ctx.api
      .patch('/v1/slots/mixed')
      .set('authorization', ctx.auth.admin)
      .send({ capacity: 2 })
    expect(slugsOf(itemsOf(await resolve(), 'mixed'))).toEqual([
      'unrelated-new-1',
      'unrelated-new-2',
    ])
  })

  it('skips curated stories that are not published yet or any more, and items outside their time window', async () => {
    await createSlot(ctx, { key: 'picks', label: 'Picks', fill: 'curated', capacity: 24 })
    await setItems(
      ctx,
      'picks',
      [
        pin('tag-mate'),
        pin('section-mate', { endsAt: at(-1) }),
        pin('byline-mate', { startsAt: at(2) }),
        ...INVISIBLE.map((slug) => pin(slug)),
        pin('text-mate', { startsAt: at(-2), endsAt: at(3) }),
      ],
      'river-deal',
    )
    expect(slugsOf(itemsOf(await resolve(), 'picks'))).toEqual(['tag-mate', 'text-mate'])

    // Changed in the database directly: this file tests recommendations, not the article workflow.
    await ctx.db.prisma.article.update({ where: { slug: 'tag-mate' }, data: { status: 'draft' } })
    ctx.changedBehindTheApp()
    expect(slugsOf(itemsOf(await resolve(), 'picks'))).toEqual(['text-mate'])
    await ctx.db.prisma.article.update({
      where: { slug: 'text-mate' },
      data: { trashedAt: new Date(NOW) },
    })
    ctx.changedBehindTheApp()
    expect(slugsOf(itemsOf(await resolve(), 'picks'))).toEqual([])

    ctx.clock.set(at(6))
    expect(slugsOf(itemsOf(await resolve(), 'picks'))).toEqual(['byline-mate', 'scheduled-related'])
  })

  it('tops up a mixed slot when curated items disappear', async () => {
    await createSlot(ctx, { key: 'mixed', label: 'Also', fill: 'mixed', capacity: 2 })
    await setItems(
      ctx,
      'mixed',
      [pin('unrelated-new-1', { endsAt: at(-1) }), pin('draft-related')],
      'river-deal',
    )
    const items = itemsOf(await resolve(), 'mixed')
    expect(slugsOf(items)).toHaveLength(2)
    expect(items.every((i) => i.reason !== 'curated')).toBe(true)
  })

  it('labels every sponsored link, and drops them where sponsored content is turned off', async () => {
    await createSlot(ctx, {
      key: 'for-you',
      label: 'Recommended for you',
      fill: 'automatic',
      capacity: 3,
      allowSponsored: true,
    })
    const link = {
      type: 'external',
      url: 'https://cruises.example.com/delta',
      title: 'Cruise the delta',
      sponsor: 'Delta Line',
    }
    await setItems(ctx, 'for-you', [link])
    const items = itemsOf(await resolve(), 'for-you')
    // Never first: the best automatic pick comes before it.
    expect(items[1]).toEqual({
      type: 'external',
      url: 'https://cruises.example.com/delta',
      title: 'Cruise the delta',
      imageUrl: null,
      sponsored: true,
      sponsor: 'Delta Line',
      disclosure: 'Sponsored by Delta Line',
      rel: 'sponsored noopener',
      reason: 'curated',
    })
    expect(slugsOf([items[0]!, items[2]!])).toEqual(['tag-mate', expect.any(String)])

    await ctx.api
      .patch('/v1/slots/for-you')
      .set('authorization', ctx.auth.admin)
      .send({ allowSponsored: false })
    const after = itemsOf(await resolve(), 'for-you')
    expect(after.map((i) => i.type)).toEqual(['article', 'article', 'article'])
  })

  it('keeps working when a recommended article is deleted', async () => {
    await createSlot(ctx, { key: 'mixed', label: 'Also', fill: 'mixed', capacity: 3 })
    await setItems(ctx, 'mixed', [pin('text-mate'), pin('byline-mate')], 'river-deal')
    expect(slugsOf(itemsOf(await resolve(), 'mixed'))).toEqual([
      'text-mate',
      'byline-mate',
      'tag-mate',
    ])
    await ctx.db.prisma.article.deleteMany({ where: { slug: { in: ['text-mate', 'tag-mate'] } } })
    ctx.changedBehindTheApp()
    const slugs = slugsOf(itemsOf(await resolve(), 'mixed'))
    expect(slugs[0]).toBe('byline-mate')
    expect(slugs).toHaveLength(3)
    expect(slugs).not.toContain('text-mate')
    expect(slugs).not.toContain('tag-mate')
  })
})

describe('GET /v1/articles/{slug}/recommendations: slots and access', () => {
  beforeEach(buildCorpus)

  it('returns every slot in position order with its label, or only those asked for', async () => {
    await createSlot(ctx, { key: 'b-slot', label: 'B', position: 0, capacity: 1 })
    await createSlot(ctx, { key: 'a-slot', label: 'A', position: 1, capacity: 1 })
    await createSlot(ctx, { key: 'c-slot', label: 'C', position: 0, capacity: 1 })
    const all = await resolve()
    expect(all.slots.map((s) => [s.key, s.label])).toEqual([
      ['b-slot', 'B'],
      ['c-slot', 'C'],
      ['a-slot', 'A'],
    ])
    expect(
      (await resolve('river-deal', '?slot=a-slot&slot=c-slot')).slots.map((s) => s.key),
    ).toEqual(['c-slot', 'a-slot'])
    expect(
      (await resolve('river-deal', '?slot=a-slot,no-such-slot')).slots.map((s) => s.key),
    ).toEqual(['a-slot'])
  })

  it('returns no slots when none are configured', async () => {
    expect(await resolve()).toEqual({ slots: [] })
  })

  it('answers 404 for an unknown article and, to anonymous readers, for one they cannot see', async () => {
    await createSlot(ctx, { key: 'auto', label: 'More', fill: 'automatic' })
    problem(await ctx.api.get('/v1/articles/no-such-story/recommendations'), 404)
    for (const slug of INVISIBLE)
      problem(await ctx.api.get(`/v1/articles/${slug}/recommendations`), 404)
    // An editor previews a draft's recommendations; the draft shares everything with river-deal.
    const preview = await resolve('draft-related', '', ctx.auth.editor)
    expect(slugsOf(itemsOf(preview, 'auto'))[0]).toBe('river-deal')
    expect(slugsOf(itemsOf(preview, 'auto'))).not.toContain('draft-related')
  })
})

describe('the cost of a resolution', () => {
  /** Adds `count` published candidates quickly, related to the source in varied ways. */
  async function addCandidates(from: number, count: number, bylineIds: string[]) {
    const sections = ['world', 'business', 'science', 'sport', 'culture']
    const tags = ['water', 'diplomacy', 'climate', 'elections', 'football', 'books', 'trade']
    const words = ['river', 'drought', 'talks', 'harbour', 'election', 'cup', 'novel', 'market']
    const data = Array.from({ length: count }, (_, k) => {
      const n = from + k
      const publishedAt = new Date(NOW - (n + 2) * HOUR)
      return {
        slug: `candidate-${n}`,
        headline: `Candidate ${n}: ${words[n % words.length]} ${words[(n * 3) % words.length]} report`,
        dek: `A ${words[(n * 5) % words.length]} story`,
        body: `Paragraph about the ${words[(n * 7) % words.length]}.`,
        section: sections[n % sections.length],
        tags: [tags[n % tags.length]!, tags[(n * 2) % tags.length]!],
        status: 'published' as const,
        publishedAt,
        sortAt: publishedAt,
      }
    })
    await ensureSections(ctx, ...sections)
    await ctx.db.prisma.article.createMany({ data })
    const created = await ctx.db.prisma.article.findMany({
      where: { slug: { in: data.map((d) => d.slug) } },
      select: { id: true },
    })
    await ctx.db.prisma.articleByline.createMany({
      data: created.map((a, k) => ({
        articleId: a.id,
        position: 0,
        bylineId: bylineIds[k % bylineIds.length]!,
        role: 'author' as const,
      })),
    })
  }

  it('takes the same few SQL statements for 10 and for 1,000 candidate articles', async () => {
    const bylines = await Promise.all(
      ['Ana Ruiz', 'Li Wei', 'Sam Roe'].map((name) => createByline(ctx, { name })),
    )
    await createArticle(ctx, {
      slug: 'river-deal',
      headline: 'River talks end in a water deal',
      dek: 'A drought forced the talks.',
      section: 'world',
      tags: ['water', 'diplomacy'],
      bylines: [{ byline: bylines[0]!.slug }],
      status: 'published',
      publishedAt: at(-1),
    })
    await createSlot(ctx, {
      key: 'you-may-also-like',
      label: 'You May Also Like',
      fill: 'mixed',
      capacity: 4,
    })
    await createSlot(ctx, {
      key: 'for-you',
      label: 'For you',
      fill: 'automatic',
      allowSponsored: true,
      position: 1,
    })
    await addCandidates(
      0,
      10,
      bylines.map((b) => b.id),
    )
    await setItems(ctx, 'you-may-also-like', [pin('candidate-3'), pin('candidate-4')], 'river-deal')
    const link = {
      type: 'external',
      url: 'https://ads.example.com/x',
      title: 'An offer',
      sponsor: 'Acme',
    }
    await setItems(ctx, 'for-you', [link])

    const measure = async () => {
      let body: Resolved | undefined
      // Keyed: the database answers with the exclusion (see for-you.test.ts for anonymous readers).
      const statements = await ctx.countQueries(async () => {
        body = await resolve('river-deal', '?exclude=candidate-0', ctx.auth.editor)
      })
      return { statements, body: body! }
    }
    const small = await measure()
    await addCandidates(
      10,
      990,
      bylines.map((b) => b.id),
    )
    const large = await measure()

    expect(large.statements).toBe(small.statements)
    // The key's look-up; the article with its signals, slots and curated items; the related
    // stories (credits included); and, as both reads follow writes, storing the article's ranking.
    expect(small.statements).toBeLessThanOrEqual(4)
    for (const r of [small, large]) {
      expect(r.body.slots.map((s) => s.items.length)).toEqual([4, 4])
      const slugs = r.body.slots.flatMap((s) => slugsOf(s.items))
      expect(new Set(slugs).size).toBe(8)
      expect(slugs).not.toContain('candidate-0')
    }
    console.info(
      `recommendations: ${small.statements} SQL statements for 10 candidates, ${large.statements} for 1,000`,
    )
  })
})
