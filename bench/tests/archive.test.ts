import { describe, expect, it } from 'vitest'
import { importLine } from '../archive.js'
import { generateArticles, makeBylines, prng } from '../data.js'
import { listCursor } from '../database.js'
import { parseImportSummary } from '../import.js'
import { requestsFor } from '../scenarios.js'

const now = Date.UTC(2026, 11, 7)
const bylines = makeBylines(40, prng(1), now)
const articles = (count: number, spanDays = 730) => [
  ...generateArticles(count, bylines, prng(2), now, { spanDays, bodyLength: 800 }),
]

describe('the archive the bench imports', () => {
  it('writes each story as an import record: API shape, source id, dates, bylines by slug and name', () => {
    const [article] = articles(1)
    const record = JSON.parse(importLine(article!, new Map(bylines.map((b) => [b.id, b]))))
    expect(record).toMatchObject({
      sourceId: `bench:${article!.id}`,
      id: article!.id,
      slug: article!.slug,
      headline: article!.headline,
      status: article!.status,
      createdAt: article!.createdAt.toISOString(),
      section: { slug: article!.section },
    })
    expect(record.tags.map((t: { slug: string }) => t.slug)).toEqual(article!.tags)
    const first = bylines.find((b) => b.id === article!.credits[0]!.bylineId)!
    expect(record.bylines[0]).toEqual({
      slug: first.slug,
      name: first.name,
      kind: first.kind,
      role: article!.credits[0]!.role,
    })
  })

  it('spreads stories over the span asked for, oldest first, with a long tail of subject tags', () => {
    const many = articles(4_000, 20 * 365)
    const oldest = Math.min(...many.map((a) => a.createdAt.getTime()))
    expect(now - oldest).toBeGreaterThan(19 * 365 * 86_400_000)
    // In creation order, as an archive is exported.
    const times = many.map((a) => a.createdAt.getTime())
    expect(times).toEqual([...times].sort((a, b) => a - b))
    expect(now - times.at(-1)!).toBeLessThan(3 * 86_400_000)
    const subjects = new Map<string, number>()
    for (const tag of many.flatMap((a) => a.tags).filter((t) => t.startsWith('subject-')))
      subjects.set(tag, (subjects.get(tag) ?? 0) + 1)
    const counts = [...subjects.values()].sort((a, b) => b - a)
    // 20 subject tags for 4,000 stories; the commonest far ahead of the median.
    expect(subjects.size).toBeGreaterThan(10)
    expect(counts[0]!).toBeGreaterThan(3 * counts[Math.floor(counts.length / 2)]!)
  })
})

describe("the importer's summary", () => {
  it('is read from its last line', () => {
    expect(
      parseImportSummary(
        'import 1: x as ndjson\nimported 990, updated 0, unchanged 0, skipped 10 of 1000 records (3456/s)\n',
      ),
    ).toEqual({
      imported: 990,
      updated: 0,
      unchanged: 0,
      skipped: 10,
      processed: 1000,
      perSecond: 3456,
    })
    expect(parseImportSummary('boom')).toBeNull()
  })
})

describe('the filtered list scenarios', () => {
  const ctx = {
    slugs: ['a'],
    searchWords: [],
    etags: [],
    sections: ['world', 'sport'],
    tags: ['tag one', 'b'],
    bylines: ['ana-ruiz-1'],
    deepCursors: [
      [
        'tag one',
        listCursor(new Date(Date.UTC(2020, 0, 1)), '0192f000-0000-7000-8000-000000000001'),
      ],
    ] as [string, string][],
    editorKey: '',
    createBody: () => '',
  }

  it('rotate over their filter values', () => {
    const next = requestsFor('listSection', ctx)
    expect([next().path, next().path, next().path]).toEqual([
      '/v1/articles?limit=20&section=world',
      '/v1/articles?limit=20&section=sport',
      '/v1/articles?limit=20&section=world',
    ])
    expect(requestsFor('listTag', ctx)().path).toBe('/v1/articles?limit=20&tag=tag%20one')
    expect(requestsFor('listByline', ctx)().path).toBe('/v1/articles?limit=20&byline=ana-ruiz-1')
    const feed = requestsFor('feed', ctx)
    expect([feed().path, feed().path]).toEqual(['/v1/feeds/rss', '/v1/feeds/rss?tag=tag%20one'])
  })

  it('ask for a deep page with a cursor in the API own form', () => {
    const { path } = requestsFor('deepPage', ctx)()
    const cursor = new URL(path, 'http://x').searchParams.get('cursor')!
    expect(JSON.parse(Buffer.from(cursor, 'base64url').toString())).toEqual([
      '2020-01-01T00:00:00.000Z',
      '0192f000-0000-7000-8000-000000000001',
    ])
  })
})
