import { describe, expect, it } from 'vitest'
import { findRecommendationContext } from '../../../src/modules/recommendations/sql/context.sql.js'
import { rankRelatedArticles } from '../../../src/modules/recommendations/sql/related-articles.sql.js'
import {
  MAX_RESCORED,
  readStoredRanking,
  storeRanking,
} from '../../../src/modules/recommendations/sql/related-lists.sql.js'
import { createArticle, createByline, ensureSections } from '../../helpers/factories.js'
import { createSlot } from '../../helpers/slots.js'
import { useTestApp } from '../../helpers/test-app.js'
import { at, DAY, HOUR, NOW } from '../../helpers/time.js'

// Stored rankings (src/modules/recommendations/sql/related-lists.sql.ts): what a read takes from the
// stored ranking, what it scores afresh, and when it recomputes.

const ctx = useTestApp()

/** A write made in SQL, behind the app's back (its response cache is told). */
async function writeBehind(sql: Promise<number>) {
  await sql
  ctx.changedBehindTheApp()
}

/** As if every write so far had happened an hour ago: stored rankings then cover them. */
async function settle() {
  await ctx.db.prisma
    .$executeRaw`UPDATE "Article" SET "relatedChangedAt" = "relatedChangedAt" - interval '1 hour'`
  await ctx.db.prisma
    .$executeRaw`UPDATE "RelatedList" SET "computedAt" = "computedAt" - interval '1 hour'`
}

async function slugsFor(slug: string, query = '', auth?: string): Promise<[string, string][]> {
  const request = ctx.api.get(`/v1/articles/${slug}/recommendations${query}`)
  const res = await (auth ? request.set('authorization', auth) : request)
  expect(res.status, JSON.stringify(res.body)).toBe(200)
  return (res.body as { slots: { items: { slug: string; reason: string }[] }[] }).slots.flatMap(
    (s) => s.items.map((i): [string, string] => [i.slug, i.reason]),
  )
}

async function storedRanking(slug: string) {
  const list = await ctx.db.prisma.relatedList.findFirst({ where: { source: { slug } } })
  const candidates = await ctx.db.prisma.article.findMany({
    where: { id: { in: list?.candidates ?? [] } },
    select: { id: true, slug: true },
  })
  const slugOf = new Map(candidates.map((c) => [c.id, c.slug]))
  return {
    computedAt: list?.computedAt ?? null,
    slugs: (list?.candidates ?? []).map((id) => slugOf.get(id)),
  }
}

const findSource = async (slug: string) =>
  (await findRecommendationContext(ctx.db.prisma, slug, {
    visibleAt: null,
    now: new Date(NOW),
    excludeSlugs: [],
    excludeIds: [],
    spare: 0,
  }))!.source

const story = (slug: string, fields: Record<string, unknown> = {}) =>
  createArticle(ctx, {
    slug,
    status: 'published',
    publishedAt: at(-2 * DAY),
    creditLine: 'Newsroom',
    ...fields,
  })

async function corpus(capacity = 3) {
  await story('source', {
    headline: 'River states sign water deal',
    section: 'world',
    tags: ['water'],
  })
  await story('tag-mate', {
    headline: 'Reservoirs fill up',
    tags: ['water'],
    publishedAt: at(-3 * DAY),
  })
  await story('section-mate', {
    headline: 'Summit opens',
    section: 'world',
    publishedAt: at(-4 * DAY),
  })
  await story('unrelated', {
    headline: 'Cup final goes to penalties',
    section: 'sport',
    publishedAt: at(-1 * DAY),
  })
  await createSlot(ctx, { key: 'auto', label: 'More', fill: 'automatic', capacity })
}

describe('stored related-stories rankings', () => {
  it('stores a ranking on the first read and answers later reads from it in one statement', async () => {
    await corpus(2)
    await ensureSections(ctx, 'sport', 'world')
    await settle()
    let first: [string, string][] = []
    let second: [string, string][] = []
    const storing = await ctx.countQueries(async () => {
      first = await slugsFor('source')
    })
    const stored = await storedRanking('source')
    expect(stored.slugs).toEqual(['tag-mate', 'section-mate'])
    const reading = await ctx.countQueries(async () => {
      second = await slugsFor('source')
    })
    expect(first).toEqual([
      ['tag-mate', 'shared-tags'],
      ['section-mate', 'same-section'],
    ])
    expect(second).toEqual(first)
    expect(storing).toBe(3)
    // The article with its slots, curated items and stored ranking: nothing is stored again.
    expect(reading).toBe(1)
    expect((await storedRanking('source')).computedAt).toEqual(stored.computedAt)
  })

  it('ranks from scratch, without recomputing the ranking, when every stored candidate is excluded', async () => {
    await corpus()
    await settle()
    await slugsFor('source')
    const before = await storedRanking('source')
    let picks: [string, string][] = []
    // Keyed: the database answers with the exclusions (anonymous readers get the shared candidates
    // first, for the next readers: for-you.test.ts).
    const statements = await ctx.countQueries(async () => {
      picks = await slugsFor('source', '?exclude=tag-mate,section-mate', ctx.auth.editor)
    })
    expect(picks).toEqual([['unrelated', 'recent']])
    // The key's look-up, the context with its (empty) stored picks, then the ranking from
    // scratch: nothing is stored.
    expect(statements).toBe(3)
    expect(await storedRanking('source')).toEqual(before)
  })

  it('ranks a story written after the ranking was stored without recomputing it', async () => {
    await corpus()
    await settle()
    await slugsFor('source')
    const before = await storedRanking('source')
    await story('new-mate', {
      headline: 'Water deal signed by river states',
      tags: ['water'],
      section: 'world',
      publishedAt: at(-HOUR),
    })
    expect((await slugsFor('source'))[0]).toEqual(['new-mate', 'shared-tags'])
    expect(await storedRanking('source')).toEqual(before)
  })

  it('leaves stories scheduled on the database clock out of a ranking, and ranks them once their time comes', async () => {
    await corpus()
    // Scheduled a day ahead of the database's clock (the stored rankings' clock), not the test's.
    const publishAt = Date.now() + DAY
    await story('scheduled-mate', {
      headline: 'Water deal to be signed',
      tags: ['water'],
      publishedAt: new Date(publishAt).toISOString(),
    })
    await settle()
    expect((await slugsFor('source')).map(([s]) => s)).not.toContain('scheduled-mate')
    const before = await storedRanking('source')
    expect(before.slugs).toEqual(['tag-mate', 'section-mate'])

    ctx.clock.set(new Date(publishAt + HOUR).toISOString())
    expect((await slugsFor('source'))[0]).toEqual(['scheduled-mate', 'shared-tags'])
    expect(await storedRanking('source')).toEqual(before)
  })

  it('drops or re-ranks stored candidates that change, whoever changes them', async () => {
    await corpus()
    await story('other-mate', {
      headline: 'Dams release water',
      tags: ['water'],
      publishedAt: at(-5 * DAY),
    })
    await settle()
    expect((await slugsFor('source')).map(([s]) => s)).toEqual([
      'other-mate',
      'tag-mate',
      'section-mate',
    ])

    // A change made in SQL, not through the app: the trigger stamps it all the same.
    await writeBehind(
      ctx.db.prisma.$executeRaw`UPDATE "Article" SET tags = '{}' WHERE slug = 'tag-mate'`,
    )
    expect(await slugsFor('source')).toEqual([
      ['other-mate', 'shared-tags'],
      ['section-mate', 'same-section'],
      ['unrelated', 'recent'],
    ])
    await writeBehind(
      ctx.db.prisma
        .$executeRaw`UPDATE "Article" SET "trashedAt" = now() WHERE slug = 'section-mate'`,
    )
    expect((await slugsFor('source')).map(([s]) => s)).toEqual([
      'other-mate',
      'unrelated',
      'tag-mate',
    ])
  })

  it('stamps an article whose writing credits change, so shared writers are rescored', async () => {
    const ana = await createByline(ctx, { name: 'Ana Ruiz' })
    await story('source', {
      headline: 'River states sign water deal',
      bylines: [{ byline: ana.slug }],
      creditLine: undefined,
    })
    await story('colleague', { headline: 'Cup final goes to penalties', publishedAt: at(-5 * DAY) })
    await story('newest', { headline: 'Marathon moves to dawn', publishedAt: at(-1 * DAY) })
    await createSlot(ctx, { key: 'auto', label: 'More', fill: 'automatic', capacity: 2 })
    await settle()
    expect(await slugsFor('source')).toEqual([
      ['newest', 'recent'],
      ['colleague', 'recent'],
    ])
    const stamped = async () =>
      (
        await ctx.db.prisma.article.findUniqueOrThrow({
          where: { slug: 'colleague' },
          select: { relatedChangedAt: true },
        })
      ).relatedChangedAt
    const before = await stamped()
    await ctx.db.prisma.articleByline.create({
      data: {
        article: { connect: { slug: 'colleague' } },
        byline: { connect: { id: ana.id } },
        position: 0,
        role: 'author',
      },
    })
    ctx.changedBehindTheApp()
    expect((await stamped()).getTime()).toBeGreaterThan(before.getTime())
    expect(await slugsFor('source')).toEqual([
      ['colleague', 'same-byline'],
      ['newest', 'recent'],
    ])

    // A credit moved from one story to another stamps both.
    await settle()
    const newest = async () =>
      (
        await ctx.db.prisma.article.findUniqueOrThrow({
          where: { slug: 'newest' },
          select: { relatedChangedAt: true },
        })
      ).relatedChangedAt
    const [colleagueBefore, newestBefore] = [await stamped(), await newest()]
    await writeBehind(ctx.db.prisma.$executeRaw`
      UPDATE "ArticleByline" SET "articleId" = (SELECT id FROM "Article" WHERE slug = 'newest')
      WHERE "articleId" = (SELECT id FROM "Article" WHERE slug = 'colleague')`)
    expect((await stamped()).getTime()).toBeGreaterThan(colleagueBefore.getTime())
    expect((await newest()).getTime()).toBeGreaterThan(newestBefore.getTime())
    expect(await slugsFor('source')).toEqual([
      ['newest', 'same-byline'],
      ['colleague', 'recent'],
    ])
  })

  it("recomputes a ranking after its own article's signals change", async () => {
    await corpus()
    await settle()
    await slugsFor('source')
    const before = await storedRanking('source')
    await writeBehind(
      ctx.db.prisma
        .$executeRaw`UPDATE "Article" SET tags = '{}', section = 'sport' WHERE slug = 'source'`,
    )
    expect(await slugsFor('source')).toEqual([
      ['unrelated', 'same-section'],
      ['tag-mate', 'recent'],
      ['section-mate', 'recent'],
    ])
    const after = await storedRanking('source')
    expect(after.slugs).toEqual(['unrelated'])
    expect(after.computedAt!.getTime()).toBeGreaterThan(before.computedAt!.getTime())
  })

  it('recomputes a ranking stored without reasons (by a version of the app from before them)', async () => {
    await corpus(2)
    await ensureSections(ctx, 'sport', 'world')
    await settle()
    const first = await slugsFor('source')
    await writeBehind(ctx.db.prisma.$executeRaw`UPDATE "RelatedList" SET reasons = '{}'`)
    expect(await slugsFor('source')).toEqual(first)
    const [list] = await ctx.db.prisma.relatedList.findMany()
    expect(list!.reasons).toEqual(['shared_tags', 'same_section'])
  })

  it(`recomputes a ranking once more than ${MAX_RESCORED} stories changed since it was stored`, async () => {
    await corpus()
    await ensureSections(ctx, 'sport')
    await settle()
    await slugsFor('source')
    const before = await storedRanking('source')
    const rescored = async () => {
      await slugsFor('source')
      return (await storedRanking('source')).computedAt!.getTime() > before.computedAt!.getTime()
    }
    const insert = (from: number, to: number) =>
      writeBehind(ctx.db.prisma.$executeRaw`
        INSERT INTO "Article" (id, slug, headline, section, status, "publishedAt", "sortAt")
        SELECT gen_random_uuid(), 'filler-' || n, 'Filler ' || n, 'sport', 'published', ${new Date(NOW)}, ${new Date(NOW)}
        FROM generate_series(${from}::int, ${to}::int) AS n`)
    await insert(1, MAX_RESCORED - 1)
    expect(await rescored()).toBe(false)
    await insert(MAX_RESCORED, MAX_RESCORED + 1)
    expect(await rescored()).toBe(true)
  })

  it(`ranks from scratch when more than ${MAX_RESCORED} stories changed just before the ranking was stored (a bulk import)`, async () => {
    await corpus(2)
    await ensureSections(ctx, 'sport', 'world')
    await settle()
    await writeBehind(ctx.db.prisma.$executeRaw`
      INSERT INTO "Article" (id, slug, headline, section, status, "publishedAt", "sortAt")
      SELECT gen_random_uuid(), 'filler-' || n, 'Filler ' || n, 'sport', 'published', ${new Date(NOW)}, ${new Date(NOW)}
      FROM generate_series(1, ${3 * MAX_RESCORED}::int) AS n`)
    // The last story of the import relates most: reading the fresh ranking would rescore only the
    // first of the stories changed since, and miss it.
    await writeBehind(ctx.db.prisma.$executeRaw`
      INSERT INTO "Article" (id, slug, headline, section, tags, status, "publishedAt", "sortAt")
      VALUES (gen_random_uuid(), 'imported-mate', 'Water treaty ratified', 'world', '{water}', 'published', ${new Date(NOW)}, ${new Date(NOW)})`)
    expect((await slugsFor('source'))[0]).toEqual(['imported-mate', 'shared-tags'])
  })

  it('gives the same picks as ranking from scratch, after any mix of writes', async () => {
    // A seeded pseudo-random corpus: 60 stories over 4 sections, 6 tags, 5 writers, 12 words.
    let seed = 7
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return seed % n
    }
    const words = [
      'river',
      'water',
      'deal',
      'summit',
      'storm',
      'harbour',
      'cup',
      'final',
      'budget',
      'vote',
      'court',
      'school',
    ]
    const writers = await Promise.all(
      ['A One', 'B Two', 'C Three', 'D Four', 'E Five'].map((name) => createByline(ctx, { name })),
    )
    await ensureSections(ctx, 'world', 'sport', 'science')
    const fields = () => ({
      headline: `${words[rand(12)]} ${words[rand(12)]} ${words[rand(12)]}`,
      section: ['world', 'sport', 'science', null][rand(4)],
      tags: [...new Set([`t${rand(6)}`, `t${rand(6)}`])].slice(0, rand(3)),
      publishedAt: at(-rand(90) * DAY - rand(24) * HOUR),
      bylines: [{ byline: writers[rand(5)]!.slug }],
    })
    const ids: string[] = []
    for (let n = 0; n < 60; n++)
      ids.push((await story(`s-${n}`, { ...fields(), creditLine: undefined })).id)
    await settle()
    for (let n = 0; n < 60; n += 3)
      await storeRanking(ctx.db.prisma, await findSource(`s-${n}`), new Date(NOW))

    // Writes after the rankings were stored: edits, unpublishing, trashing, new stories.
    for (let n = 1; n < 60; n += 7) {
      await ctx.db.prisma.article.update({
        where: { slug: `s-${n}` },
        data: { tags: fields().tags, section: fields().section },
      })
    }
    await ctx.db.prisma
      .$executeRaw`UPDATE "Article" SET status = 'draft' WHERE slug IN ('s-4', 's-22', 's-40')`
    await ctx.db.prisma
      .$executeRaw`UPDATE "Article" SET "trashedAt" = now() WHERE slug IN ('s-5', 's-23')`
    for (let n = 60; n < 66; n++) await story(`s-${n}`, { ...fields(), creditLine: undefined })

    let compared = 0
    for (let n = 0; n < 60; n += 3) {
      const source = await findSource(`s-${n}`)
      if (source.changedSinceRanking === null) continue
      for (const limit of [3, 8]) {
        const q = {
          now: new Date(NOW),
          excludeIds: [ids[(n + 1) % 60]!],
          excludeSlugs: ['s-2'],
          limit,
        }
        const stored = await readStoredRanking(ctx.db.prisma, source, q)
        // From scratch, recent stories that do not relate (no affinity) fill what is left.
        const related = (await rankRelatedArticles(ctx.db.prisma, source, q)).filter(
          (r) => r.affinity !== null,
        )
        expect(
          stored.map((r) => [r.slug, r.affinity?.toFixed(9)]),
          `s-${n}, limit ${limit}`,
        ).toEqual(related.map((r) => [r.slug, r.affinity?.toFixed(9)]))
        compared++
      }
    }
    // Every ranking was stored before the writes, and is still usable: its own article unchanged.
    expect(compared).toBeGreaterThanOrEqual(30)
  })

  it('lets one of several concurrent reads store a ranking; the others rank from scratch', async () => {
    await corpus()
    await settle()
    const source = await findSource('source')
    const states = await Promise.all(
      Array.from({ length: 4 }, () => storeRanking(ctx.db.prisma, source, new Date(NOW))),
    )
    expect(states.filter(Boolean).length).toBeGreaterThanOrEqual(1)
    expect((await storedRanking('source')).slugs).toEqual(['tag-mate', 'section-mate'])

    // A store that finds the lock taken writes nothing.
    const other = await findSource('tag-mate')
    const stored = await ctx.db.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('RelatedList'), hashtext(${other.id}))`
      return ctx.db.url ? storeRanking(ctx.db.prisma, other, new Date(NOW)) : false
    })
    expect(stored).toBe(false)
    expect((await storedRanking('tag-mate')).computedAt).toBeNull()
  })
})
