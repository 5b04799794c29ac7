import type { Db } from '../../../db/client.js'
import { readRows } from '../../../db/raw-reads.js'
import { Prisma } from '../../../db/generated/client.js'
import { decodeRankTimeCursor } from '../../../lib/cursor.js'
import { limitTo, plannedPerExecution } from '../../../db/sql-fragments.js'
import { listableSql, listedUntil, listFiltersSql } from './article-reads.sql.js'
import type { ListArticlesQuery } from '../articles.schemas.js'
import type { Viewer } from '../workflow/article-visibility.js'

/** Where the matches start and end in ts_headline's output: private-use characters, stripped from the text first. */
const START = '\uE000'
const STOP = '\uE001'
const HEADLINE_OPTIONS = `StartSel=${START}, StopSel=${STOP}, MaxFragments=2, MaxWords=30, MinWords=10, FragmentDelimiter=" … "`

export interface SearchHit {
  id: string
  rank: number
  sortAt: Date
  snippet: string | null
}

/**
 * The snippet's text, escaped for HTML before ts_headline sees it: the parser reads `&lt;` as one
 * entity token, so fragments never split an escape, and no tag is dropped from the text. The
 * match markers are removed from the text first, so that only ts_headline's own are left.
 */
const snippetSource = (text: Prisma.Sql) => Prisma.sql`
  replace(replace(replace(replace(replace(translate(${text}, ${START + STOP}, ''),
    '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), '"', '&quot;'), '''', '&#39;')`

/** ts_headline's output as HTML: the match markers become `<mark>` tags, the only markup there is. */
export function snippetHtml(escaped: string): string {
  // The text was escaped in SQL; these never occur there, and are escaped all the same.
  return escaped
    .replace(/[<>"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c)
    .replaceAll(START, '<mark>')
    .replaceAll(STOP, '</mark>')
}

/**
 * Matches a search ranks: the newest this many. A common word matches a large share of an
 * archive, and ranking means reading every match's search vector (kilobytes each): at a million
 * stories, hundreds of thousands of them. Ranking the newest ones keeps a search's cost flat as
 * the archive grows; older matches are found by narrowing the search (more words, a section, a
 * tag, publishedBefore), since filters apply before the cut.
 */
export const SEARCH_CANDIDATES = 200

/**
 * The newest matches are looked for in these windows of days back, then before the last: the
 * matches of a window are the search index's matches AND the stories of that time range, so a
 * word found all over the archive reads the stories of the latest weeks only, and a rare one
 * every match it has (few). Each window is planned for the searched words (see
 * plannedPerExecution): PostgreSQL weighs how common they are from its statistics.
 */
const WINDOW_DAYS = [90, 730]
const DAY_MS = 86_400_000

/**
 * One page (plus one row) of the stories matching `query.q`, best first among the newest
 * SEARCH_CANDIDATES matches: ts_rank_cd of the weighted search vector against
 * websearch_to_tsquery('english', q), then newest, then greatest id, with keyset pagination on all
 * three. With `snippet`, ts_headline runs on the page's rows only.
 */
export async function searchArticleIds(
  db: Db,
  query: ListArticlesQuery & { q: string },
  viewer: Viewer,
  now: Date,
): Promise<SearchHit[]> {
  const after = decodeRankTimeCursor(query.cursor)
  const rank = Prisma.sql`ts_rank_cd(a."searchVector", tsq.query)::float8`
  const tsquery = Prisma.sql`websearch_to_tsquery('english', ${query.q})`
  const filters = [
    Prisma.sql`a."searchVector" @@ ${tsquery}`,
    listableSql(viewer, query.status, now),
    ...listFiltersSql(query),
  ]
  const edges = WINDOW_DAYS.map((days) => new Date(now.getTime() - days * DAY_MS))
  // Stories scheduled for later are not read when only live ones can be found (see listedUntil).
  const until = listedUntil(viewer, query.status, now)
  const windows = [until && new Date(until.getTime() + 1), ...edges].map((to, n) => {
    const from = edges[n]
    const range = [
      ...(from ? [Prisma.sql`a."sortAt" >= ${from}::timestamptz`] : []),
      ...(to ? [Prisma.sql`a."sortAt" < ${to}::timestamptz`] : []),
    ]
    return Prisma.sql`(SELECT a.id FROM "Article" a WHERE ${Prisma.join([...filters, ...range], ' AND ')}
      ORDER BY a."sortAt" DESC, a.id DESC ${limitTo(SEARCH_CANDIDATES)})`
  })
  const keyset = after
    ? Prisma.sql`WHERE (${rank}, a."sortAt", a.id) < (${after.rank}::float8, ${after.at}::timestamptz, ${after.id}::uuid)`
    : Prisma.empty
  const snippet = query.snippet
    ? Prisma.sql`ts_headline('english',
        ${snippetSource(Prisma.sql`concat_ws(E'\\n\\n', page.dek, page.body)`)},
        page.query, ${HEADLINE_OPTIONS})`
    : Prisma.sql`NULL::text`
  return readRows<SearchHit>(
    db,
    plannedPerExecution(Prisma.sql`
    WITH tsq AS (SELECT ${tsquery} AS query),
    candidates AS (${Prisma.join(windows, ' UNION ALL ')} ${limitTo(SEARCH_CANDIDATES)}),
    page AS (
      SELECT a.id, a."sortAt", a.dek, a.body, tsq.query, ${rank} AS rank
      FROM candidates JOIN "Article" a ON a.id = candidates.id CROSS JOIN tsq
      ${keyset}
      ORDER BY rank DESC, a."sortAt" DESC, a.id DESC
      LIMIT ${query.limit + 1}
    )
    SELECT page.id, page.rank, page."sortAt", ${snippet} AS snippet
    FROM page
    ORDER BY page.rank DESC, page."sortAt" DESC, page.id DESC`),
  )
}
