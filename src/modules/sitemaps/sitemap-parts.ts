/** A sitemap lists at most this many URLs (sitemaps.org). */
export const URLS_PER_SITEMAP = 50_000

/** The public stories of one month of publication (UTC), as the index reads them. */
export interface MonthSummary {
  /** `YYYY-MM`. */
  month: string
  stories: number
  /** The latest last change of its stories. */
  lastModified: Date
}

/** One article sitemap: a month's stories, or a numbered part of them when they are too many for one. */
export interface ArticleSitemap {
  month: string
  /** 1 for the first (or only) part. */
  part: number
  /** The month's: a part cannot tell its own without reading its stories. */
  lastModified: Date
}

/** The article sitemaps of the index: each month split into parts of at most `perSitemap` stories. */
export function articleSitemaps(
  months: readonly MonthSummary[],
  perSitemap = URLS_PER_SITEMAP,
): ArticleSitemap[] {
  return months.flatMap(({ month, stories, lastModified }) =>
    Array.from({ length: Math.ceil(stories / perSitemap) }, (_, i) => ({
      month,
      part: i + 1,
      lastModified,
    })),
  )
}

/**
 * The period a sitemap's file name carries: `2026-12` for a month's first part, so that its URL
 * stays the same when the month outgrows one sitemap, then `2026-12-2`, `2026-12-3`…
 */
export function periodOf({ month, part }: Pick<ArticleSitemap, 'month' | 'part'>): string {
  return part === 1 ? month : `${month}-${part}`
}

/** A period as periodOf writes it: a part number is 2 or more, without leading zeros. */
export const PERIOD_PATTERN = /^([1-9]\d{3})-(0[1-9]|1[0-2])(?:-([2-9]|[1-9]\d{1,5}))?$/

/** The stories one article sitemap lists: those published in [from, to), in order from `offset`. */
export interface PeriodRange {
  month: string
  part: number
  from: Date
  to: Date
  offset: number
  limit: number
}

/** What a period names; null when it is not one periodOf writes. */
export function periodRange(period: string, perSitemap = URLS_PER_SITEMAP): PeriodRange | null {
  const match = PERIOD_PATTERN.exec(period)
  if (!match) return null
  const [, year, month, part] = match
  const y = Number(year)
  const m = Number(month)
  const n = part === undefined ? 1 : Number(part)
  return {
    month: `${year}-${month}`,
    part: n,
    from: new Date(Date.UTC(y, m - 1, 1)),
    to: new Date(Date.UTC(y, m, 1)),
    offset: (n - 1) * perSitemap,
    limit: perSitemap,
  }
}
