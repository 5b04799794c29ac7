import type { Db } from '../../db/client.js'
import { Prisma } from '../../db/generated/client.js'
import { readRows } from '../../db/raw-reads.js'
import { limitTo } from '../../db/sql-fragments.js'
import { readableSql } from '../articles/store/article-reads.sql.js'
import type { MonthSummary } from './sitemap-parts.js'

// Every read takes what an anonymous reader may see from the articles module (published, time
// come, not in the trash) and is served by the index on (status, publishedAt, trashedAt,
// updatedAt): the months of the sitemap index from the index alone, a month's stories as one
// range of it.

/** When a story last changed for its readers, as the feeds' `modifiedAt` says, over the alias `a`. */
const LAST_MODIFIED = Prisma.sql`GREATEST(a."updatedAt", a."publishedAt")`

const publicSql = (now: Date) => readableSql({ keyed: false }, now)

/**
 * The months (UTC) with public stories, newest first: how many, and their latest change. Each
 * month is a range of the index, counted from the index alone. Not a GROUP BY of the month:
 * PostgreSQL cannot tell how few months there are (it takes every publication time for a group
 * of its own), and sorts every public story to group them, on disk in a large archive.
 */
export function monthSummariesSql(now: Date) {
  const visible = publicSql(now)
  const edge = (order: 'ASC' | 'DESC') =>
    Prisma.sql`(SELECT a."publishedAt" FROM "Article" a WHERE ${visible} ORDER BY a."publishedAt" ${Prisma.raw(order)} LIMIT 1)`
  // Months as UTC wall-clock times: adding a month to a timestamptz would follow the session's time zone.
  return Prisma.sql`WITH months AS (
      SELECT generate_series(date_trunc('month', ${edge('ASC')} AT TIME ZONE 'UTC'),
        ${edge('DESC')} AT TIME ZONE 'UTC', interval '1 month') AS start)
    SELECT to_char(m.start, 'YYYY-MM') AS month, c.stories, c."lastModified"
    FROM months m CROSS JOIN LATERAL (
      SELECT count(*)::int AS stories, max(${LAST_MODIFIED}) AS "lastModified"
      FROM "Article" a WHERE ${visible}
        AND a."publishedAt" >= (m.start AT TIME ZONE 'UTC')
        AND a."publishedAt" < ((m.start + interval '1 month') AT TIME ZONE 'UTC')) c
    WHERE c.stories > 0 ORDER BY m.start DESC`
}

export function monthSummaries(db: Db, now: Date): Promise<MonthSummary[]> {
  return readRows<MonthSummary>(db, monthSummariesSql(now))
}

export interface SitemapStory {
  slug: string
  lastModified: Date
}

type Range = { from: Date; to: Date; offset: number; limit: number }

/** The public stories published in [from, to), oldest first, `limit` of them from `offset`. */
export const storiesPublishedInSql = (now: Date, range: Range) =>
  Prisma.sql`SELECT a.slug, ${LAST_MODIFIED} AS "lastModified"
    FROM "Article" a WHERE ${publicSql(now)}
      AND a."publishedAt" >= ${range.from}::timestamptz AND a."publishedAt" < ${range.to}::timestamptz
    ORDER BY a."publishedAt", a.id OFFSET ${range.offset}::int ${limitTo(range.limit)}`

export function storiesPublishedIn(db: Db, now: Date, range: Range): Promise<SitemapStory[]> {
  return readRows<SitemapStory>(db, storiesPublishedInSql(now, range))
}

export interface NewsStory extends SitemapStory {
  headline: string
  language: string
  publishedAt: Date
}

/** The public stories published after `after`, newest first, at most `limit`. */
export function storiesPublishedAfter(
  db: Db,
  now: Date,
  after: Date,
  limit: number,
): Promise<NewsStory[]> {
  return readRows<NewsStory>(
    db,
    Prisma.sql`SELECT a.slug, a.headline, a.language, a."publishedAt", ${LAST_MODIFIED} AS "lastModified"
    FROM "Article" a WHERE ${publicSql(now)} AND a."publishedAt" > ${after}::timestamptz
    ORDER BY a."publishedAt" DESC, a.id DESC ${limitTo(limit)}`,
  )
}
