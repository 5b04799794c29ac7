import type { Db } from '../../../db/client.js'
import { readRows } from '../../../db/raw-reads.js'
import { Prisma } from '../../../db/generated/client.js'
import { decodeRankTimeCursor } from '../../../lib/cursor.js'
import { listableSql, listFiltersSql } from './article-reads.sql.js'
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
 * One page (plus one row) of the stories matching `query.q`, best first: ts_rank_cd of the weighted
 * search vector against websearch_to_tsquery('english', q), then newest, then greatest id, with
 * keyset pagination on all three. With `snippet`, ts_headline runs on the page's rows only.
 */
export async function searchArticleIds(
  db: Db,
  query: ListArticlesQuery & { q: string },
  viewer: Viewer,
  now: Date,
): Promise<SearchHit[]> {
  const after = decodeRankTimeCursor(query.cursor)
  const rank = Prisma.sql`ts_rank_cd(a."searchVector", tsq.query)::float8`
  const filters = [
    Prisma.sql`a."searchVector" @@ tsq.query`,
    listableSql(viewer, query.status, now),
    ...listFiltersSql(query),
    after
      ? Prisma.sql`(${rank}, a."sortAt", a.id) < (${after.rank}::float8, ${after.at}::timestamptz, ${after.id}::uuid)`
      : null,
  ].filter((f): f is Prisma.Sql => f !== null)
  const snippet = query.snippet
    ? Prisma.sql`ts_headline('english',
        ${snippetSource(Prisma.sql`concat_ws(E'\\n\\n', page.dek, page.body)`)},
        page.query, ${HEADLINE_OPTIONS})`
    : Prisma.sql`NULL::text`
  return readRows<SearchHit>(
    db,
    Prisma.sql`
    WITH tsq AS (SELECT websearch_to_tsquery('english', ${query.q}) AS query),
    page AS (
      SELECT a.id, a."sortAt", a.dek, a.body, tsq.query, ${rank} AS rank
      FROM "Article" a CROSS JOIN tsq
      WHERE ${Prisma.join(filters, ' AND ')}
      ORDER BY rank DESC, a."sortAt" DESC, a.id DESC
      LIMIT ${query.limit + 1}
    )
    SELECT page.id, page.rank, page."sortAt", ${snippet} AS snippet
    FROM page
    ORDER BY page.rank DESC, page."sortAt" DESC, page.id DESC`,
  )
}
