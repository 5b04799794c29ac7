import { describe, expect, it } from 'vitest'
import {
  articleSitemaps,
  type MonthSummary,
  PERIOD_PATTERN,
  periodOf,
  periodRange,
  URLS_PER_SITEMAP,
} from '../../../../src/modules/sitemaps/sitemap-parts.js'

const changed = new Date('2026-12-06T10:00:00.000Z')
const month = (name: string, stories: number): MonthSummary => ({
  month: name,
  stories,
  lastModified: changed,
})
const periods = (months: MonthSummary[], perSitemap?: number) =>
  articleSitemaps(months, perSitemap).map(periodOf)

describe('articleSitemaps', () => {
  it('gives a month one sitemap up to the limit of a sitemap, its limit included', () => {
    expect(URLS_PER_SITEMAP).toBe(50_000)
    expect(periods([month('2026-12', 1)])).toEqual(['2026-12'])
    expect(periods([month('2026-12', 50_000)])).toEqual(['2026-12'])
  })

  it('splits a larger month into numbered parts, the first keeping the month’s own name', () => {
    expect(periods([month('2026-12', 50_001)])).toEqual(['2026-12', '2026-12-2'])
    expect(periods([month('2026-12', 150_000)])).toEqual(['2026-12', '2026-12-2', '2026-12-3'])
    expect(periods([month('2026-12', 7)], 3)).toEqual(['2026-12', '2026-12-2', '2026-12-3'])
  })

  it('keeps the months’ order and gives every part its month’s last change', () => {
    const sitemaps = articleSitemaps([month('2026-12', 4), month('2026-10', 2)], 3)
    expect(sitemaps).toEqual([
      { month: '2026-12', part: 1, lastModified: changed },
      { month: '2026-12', part: 2, lastModified: changed },
      { month: '2026-10', part: 1, lastModified: changed },
    ])
  })

  it('lists nothing for a month without stories', () => {
    expect(periods([month('2026-12', 0)])).toEqual([])
    expect(periods([])).toEqual([])
  })
})

describe('periodRange', () => {
  it('reads a month as its first part, from its first instant (UTC) to the next month’s', () => {
    expect(periodRange('2026-12')).toEqual({
      month: '2026-12',
      part: 1,
      from: new Date('2026-12-01T00:00:00.000Z'),
      to: new Date('2027-01-01T00:00:00.000Z'),
      offset: 0,
      limit: 50_000,
    })
  })

  it('reads part N as the stories after the first N-1 sitemaps’ worth', () => {
    expect(periodRange('2026-02-3')).toMatchObject({
      month: '2026-02',
      part: 3,
      from: new Date('2026-02-01T00:00:00.000Z'),
      to: new Date('2026-03-01T00:00:00.000Z'),
      offset: 100_000,
      limit: 50_000,
    })
    expect(periodRange('2026-02-2', 3)).toMatchObject({ offset: 3, limit: 3 })
  })

  it('names exactly the sitemaps articleSitemaps lists', () => {
    const listed = articleSitemaps([month('2026-12', 7)], 3)
    for (const sitemap of listed) {
      expect(periodRange(periodOf(sitemap), 3)).toMatchObject({
        month: sitemap.month,
        part: sitemap.part,
        offset: (sitemap.part - 1) * 3,
      })
    }
  })

  it.each([
    '2026-13',
    '2026-00',
    '2026-1',
    '2026-12-1',
    '2026-12-0',
    '2026-12-02',
    '0999-12',
    '2026-12-',
    '2026-12-2-2',
    '',
    'news',
  ])('refuses %j, which no sitemap is called', (period) => {
    expect(PERIOD_PATTERN.test(period)).toBe(false)
    expect(periodRange(period)).toBeNull()
  })
})
