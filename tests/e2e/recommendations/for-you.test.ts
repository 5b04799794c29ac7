// "Recommended for you": a reader's recently read stories in the Recently-Read header (or, older,
// `exclude=`), answered in process from the candidates kept for the shared URL, privately.
import { beforeEach, describe, expect, it } from 'vitest'
import { articleWrites, ifMatch } from '../../helpers/article-writes.js'
import { createArticle } from '../../helpers/factories.js'
import { createSlot, setItems } from '../../helpers/slots.js'
import { paths, problem, useTestApp } from '../../helpers/test-app.js'

const ctx = useTestApp()

const NOW = Date.parse('2026-06-01T12:00:00.000Z')
const HOUR = 3_600_000
const at = (hours: number) => new Date(NOW + hours * HOUR).toISOString()
const URL = '/v1/articles/river-deal/recommendations'

type Item = { type: string; slug?: string; url?: string; headline?: string; sponsored?: boolean }
type Body = { slots: { key: string; items: Item[] }[] }

/** 24 stories sharing a tag with "river-deal", ranked newest first, and two unrelated ones. */
const MATES = Array.from({ length: 24 }, (_, i) => `mate-${String(i).padStart(2, '0')}`)
let ids: Record<string, string> = {}

async function buildCorpus() {
  ids = {}
  const story = async (slug: string, fields: Record<string, unknown>) => {
    const article = await createArticle(ctx, {
      slug,
      status: 'published',
      creditLine: 'Newsroom',
      body: 'Text.',
      ...fields,
    })
    ids[slug] = article.id
  }
  await story('river-deal', {
    headline: 'Serava states sign a water deal',
    section: 'world',
    tags: ['water', 'diplomacy'],
    publishedAt: at(-1),
  })
  for (const [i, slug] of MATES.entries()) {
    await story(slug, {
      headline: `Mate number ${i}`,
      section: 'science',
      tags: ['water'],
      publishedAt: at(-2 - i),
    })
  }
  for (const slug of ['unrelated-1', 'unrelated-2'])
    await story(slug, {
      headline: 'Cup final',
      section: 'sport',
      tags: ['football'],
      publishedAt: at(-1.5),
    })
  // A mixed slot with a curated pick, an automatic one with a sponsored link: 4 automatic picks.
  await createSlot(ctx, {
    key: 'you-may-also-like',
    label: 'You May Also Like',
    fill: 'mixed',
    capacity: 3,
  })
  await createSlot(ctx, {
    key: 'recommended-for-you',
    label: 'Recommended for you',
    fill: 'automatic',
    capacity: 3,
    allowSponsored: true,
    position: 1,
  })
  await setItems(ctx, 'you-may-also-like', [{ type: 'article', article: 'mate-05' }])
  await setItems(ctx, 'recommended-for-you', [
    {
      type: 'external',
      url: 'https://cruises.example.com/delta',
      title: 'Delta days',
      sponsor: 'Delta Line',
    },
  ])
}

const get = (headers: Record<string, string> = {}, query = '') => {
  const request = ctx.api.get(`${URL}${query}`)
  for (const [name, value] of Object.entries(headers)) request.set(name, value)
  return request
}
const forYou = (read: string[], auth?: string) =>
  get({ 'recently-read': read.join(','), ...(auth ? { authorization: auth } : {}) })

async function body(res: { status: number; body: unknown }): Promise<Body> {
  expect(res.status, JSON.stringify(res.body)).toBe(200)
  return res.body as Body
}
const slugsOf = (b: Body) => b.slots.flatMap((s) => s.items.map((i) => i.slug ?? i.url))

/** Exclusions that hit none, some, the curated pick, more than the spare candidates, or all. */
const EXCLUSIONS: string[][] = [
  ['unrelated-1', 'no-such-story'],
  ['mate-00'],
  ['mate-05'],
  ['mate-00', 'mate-01', 'mate-02'],
  MATES.slice(0, 12),
  MATES,
]

describe('GET …/recommendations with Recently-Read', () => {
  beforeEach(buildCorpus)

  it('answers from the cached candidates exactly what the database answers, for every exclusion', async () => {
    const shared = await body(await get())
    expect(slugsOf(shared)).toEqual([
      'mate-05',
      'mate-00',
      'mate-01',
      // Never first in its slot: sponsored items take the slot's allowed positions (2 and on).
      'mate-02',
      'https://cruises.example.com/delta',
      'mate-03',
    ])
    // The first personal request reads the candidates; the next ones are derived from them.
    await body(await forYou(['unrelated-2']))
    for (const read of [...EXCLUSIONS, [ids['mate-01']!, 'mate-03']]) {
      const anonymous = await forYou(read)
      // Keyed reads are never cached: the database answers them, exclusions included.
      const database = await body(await forYou(read, ctx.auth.editor))
      const query = await body(await get({}, `?exclude=${read.join(',')}`))
      expect(await body(anonymous), read.join(',')).toEqual(database)
      // Derived in process unless more read stories are among the candidates than they hold spare.
      expect(anonymous.headers['x-cache']).toBe(read.length < 12 ? 'HIT' : undefined)
      expect(query).toEqual(database)
      const shown = slugsOf(database)
      for (const ref of read) expect(shown).not.toContain(ref)
      // Curated and sponsored items keep their rules: the link stays in its slot, labelled.
      const link = database.slots[1]?.items.find((i) => i.type === 'external')
      // …unless no story is left to come before it (never first).
      if ((database.slots[1]?.items.length ?? 0) > 1) expect(link?.sponsored).toBe(true)
      else expect(link).toBeUndefined()
      if (!read.includes('mate-05')) expect(database.slots[0]?.items[0]?.slug).toBe('mate-05')
    }
    // What an exclusion of more stories than the spare candidates leaves: still full slots.
    expect(slugsOf(await body(await forYou(MATES.slice(0, 12))))).toEqual([
      'mate-12',
      'mate-13',
      'mate-14',
      'mate-15',
      'https://cruises.example.com/delta',
      'mate-16',
    ])
  })

  it('sends no SQL statement for a personal answer once the candidates are cached', async () => {
    const filling = await ctx.countQueries(() => forYou(['mate-00']))
    expect(filling).toBeGreaterThan(0)
    for (const read of EXCLUSIONS.slice(0, 4)) {
      let res: Awaited<ReturnType<typeof forYou>> | undefined
      const statements = await ctx.countStatements(async () => {
        res = await forYou(read)
      })
      expect(statements, read.join(',')).toBe(0)
      expect(res?.headers['x-cache']).toBe('HIT')
    }
    // The older query form shares the same candidates.
    expect(await ctx.countStatements(() => get({}, '?exclude=mate-01,mate-02'))).toBe(0)
    // More read stories among the candidates than they hold spare: the database answers.
    expect(await ctx.countStatements(() => forYou(MATES.slice(0, 12)))).toBeGreaterThan(0)
  })

  it('fills the candidates with the first personal request when nothing is cached', async () => {
    const first = await forYou(['mate-01'])
    expect(first.headers['x-cache']).toBe('MISS')
    const second = await forYou(['mate-02'])
    expect(second.headers['x-cache']).toBe('HIT')
    expect(slugsOf(await body(second))).not.toContain('mate-02')
  })

  it('never lets a shared cache keep a personal answer, and varies every answer by Recently-Read', async () => {
    const sharedMiss = await get()
    const sharedHit = await get()
    expect(sharedHit.headers['x-cache']).toBe('HIT')
    const personal = [
      await forYou(['mate-00']),
      await forYou(['mate-01']),
      await get({}, '?exclude=mate-02'),
      await get({ 'accept-encoding': 'gzip' }, '?exclude=mate-03'),
    ]
    expect(personal.map((r) => r.headers['x-cache'])).toEqual(['MISS', 'HIT', 'HIT', 'HIT'])
    for (const res of personal) {
      expect(res.status).toBe(200)
      expect(res.headers['cache-control']).toBe('private, no-store')
      expect(res.headers['surrogate-control']).toBeUndefined()
      expect(res.headers['surrogate-key']).toBeUndefined()
      expect(res.headers['cache-tag']).toBeUndefined()
      expect(res.headers.etag).toBeUndefined()
      expect(String(res.headers.vary).toLowerCase()).toContain('recently-read')
    }
    for (const res of [sharedMiss, sharedHit]) {
      expect(res.headers['cache-control']).toMatch(/^public, /)
      expect(String(res.headers.vary).toLowerCase().split(/, */)).toEqual(
        expect.arrayContaining(['authorization', 'recently-read']),
      )
    }
    // The shared answer is still the shared one, and a personal one is never it.
    expect((await get()).body).toEqual(sharedMiss.body)
    expect(slugsOf(await body(personal[0]!))).not.toContain('mate-00')
    expect(slugsOf(sharedMiss.body as Body)).toContain('mate-00')
  })

  it('reflects a changed article in personal answers once the change commits', async () => {
    await forYou(['mate-00'])
    expect((await forYou(['mate-01'])).headers['x-cache']).toBe('HIT')
    const writes = articleWrites(ctx)
    const current = await ctx.api.get('/v1/articles/mate-02').set('authorization', ctx.auth.editor)
    const patched = await writes.patch(
      'mate-02',
      { headline: 'Mate two, corrected' },
      ifMatch(current.body),
    )
    expect(patched.status, JSON.stringify(patched.body)).toBe(200)
    const after = await forYou(['mate-01'])
    expect(after.headers['x-cache']).toBe('MISS')
    const items = (await body(after)).slots.flatMap((s) => s.items)
    expect(items.find((i) => i.slug === 'mate-02')?.headline).toBe('Mate two, corrected')
    // A story withdrawn from readers leaves the personal answers too.
    const trashed = await writes.del('mate-03', ifMatch({ version: 1 }))
    expect(trashed.status, JSON.stringify(trashed.body)).toBe(204)
    expect(slugsOf(await body(await forYou(['mate-01'])))).not.toContain('mate-03')
  })

  it('refuses a malformed Recently-Read with 400 naming the header', async () => {
    const tooMany = Array.from({ length: 51 }, (_, i) => `story-${i}`)
    const cases: [string, string][] = [
      [tooMany.join(','), 'headers.recently-read'],
      [`${'a'.repeat(100)},`.repeat(41), 'headers.recently-read'],
      ['mate-00,Not A Slug', 'headers.recently-read.1'],
    ]
    await forYou(['mate-00']) // candidates cached: the cache must not answer these either
    for (const [value, path] of cases) {
      const res = await get({ 'recently-read': value })
      expect(paths(problem(res, 400))).toEqual([path])
      expect(res.headers['cache-control']).toBe('no-store')
    }
    // Blank: the shared answer.
    const blank = await get({ 'recently-read': ' ' })
    expect(blank.headers['cache-control']).toMatch(/^public, /)
  })
})
