import type { Db } from '../../db/client.js'
import { Prisma } from '../../db/generated/client.js'
import { readRows } from '../../db/raw-reads.js'
import { limitTo } from '../../db/sql-fragments.js'
import { listableSql } from '../articles/store/article-reads.sql.js'
import type { MonthSummary } from './sitemap-parts.js'

// Every read takes what an anonymous reader may see from the articles module (published, time
// come, not in the trash) and is served by the index on (status, trashedAt, publishedAt,
// updatedAt): the grouped read of the sitemap index from the index alone, a month's stories as
// one range of it.

/** When a story last changed for its readers, as the feeds' `modifiedAt` says, over the alias `a`. */
const LAST_MODIFIED = Prisma.sql`GREATEST(a."updatedAt", a."publishedAt")`

const publicSql = (now: Date) => listableSql({ keyed: false }, undefined, now)

/** The months (UTC) with public stories, newest first: how many, and their latest change. */
export function monthSummaries(db: Db, now: Date): Promise<MonthSummary[]> {
  return readRows<MonthSummary>(
    db,
    Prisma.sql`SELECT to_char(a."publishedAt" AT TIME ZONE 'UTC', 'YYYY-MM') AS month,
      count(*)::int AS stories, max(${LAST_MODIFIED}) AS "lastModified"
    FROM "Article" a WHERE ${publicSql(now)}
    GROUP BY 1 ORDER BY 1 DESC`,
  )
}

export interface SitemapStory {
  slug: string
  lastModified: Date
}

/** The public stories published in [from, to), oldest first, `limit` of them from `offset`. */
export function storiesPublishedIn(
  db: Db,
  now: Date,
  range: { from: Date; to: Date; offset: number; limit: number },
): Promise<SitemapStory[]> {
  return readRows<SitemapStory>(
    db,
    Prisma.sql`SELECT a.slug, ${LAST_MODIFIED} AS "lastModified"
    FROM "Article" a WHERE ${publicSql(now)}
      AND a."publishedAt" >= ${range.from}::timestamptz AND a."publishedAt" < ${range.to}::timestamptz
    ORDER BY a."publishedAt", a.id OFFSET ${range.offset}::int ${limitTo(range.limit)}`,
  )
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
