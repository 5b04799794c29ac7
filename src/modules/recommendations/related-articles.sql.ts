import type { Db } from '../../db/client.js'
import { Prisma } from '../../db/generated/client.js'
import { isUuid } from '../../lib/id-or-slug.js'
import {
  AFFINITY,
  candidatePool,
  newestStories,
  PICKS_PER_POOL,
  POOL_PER_SIGNAL,
  type RelatedArticle,
  type RelatedArticleQuery,
  relatedArticleRows,
  type SourceSignals,
  sharedSignalColumns,
  visibleCandidate,
  WRITING_CREDIT,
  writersCte,
} from './ranking.sql.js'
import { type StoredListState, storedListState } from './related-lists.sql.js'

export type Source = SourceSignals & StoredListState

/**
 * The article `ref` (an id or a slug) names, with its signals and the state of its stored ranking,
 * or null; with `visibleAt`, only a story readers can see at that time. Rankings take the signals
 * as parameters rather than reading them themselves, so that the planner sees the actual tags,
 * section and words and picks, per pool, an index walk (common ones) or a bitmap scan (rare ones).
 */
export async function findSource(db: Db, ref: string, visibleAt: Date | null): Promise<Source | null> {
  const match = isUuid(ref) ? Prisma.sql`a.id = ${ref.toLowerCase()}::uuid` : Prisma.sql`a.slug = ${ref}`
  const visible = visibleAt
    ? Prisma.sql`AND a.status = 'published' AND a."publishedAt" <= ${visibleAt} AND a."trashedAt" IS NULL`
    : Prisma.empty
  const rows = await db.$queryRaw<Source[]>`
    SELECT a.id, a.section,
      ARRAY(SELECT DISTINCT t FROM unnest(a.tags) AS t ORDER BY t) AS tags,
      ARRAY(SELECT DISTINCT ab."bylineId"::text FROM "ArticleByline" ab
             WHERE ab."articleId" = a.id AND ${WRITING_CREDIT}) AS writers,
      (SELECT string_agg('''' || replace(replace(l, '\\', '\\\\'), '''', '''''') || '''', ' | ' ORDER BY l)
         FROM unnest(tsvector_to_array(a."headlineVector")) AS l) AS query,
      ${storedListState}
    FROM "Article" a LEFT JOIN "RelatedList" list ON list."sourceId" = a.id WHERE ${match} ${visible}`
  return rows[0] ?? null
}

/**
 * Ranks the published articles related to `source` from scratch, best first, with their credits,
 * in one statement: shared tags, same section, shared writing credits and headline similarity
 * (ts_rank of the candidate's headline-and-dek vector against the source's lexemes), times the
 * recency decay (see AFFINITY).
 *
 * Only stories that share a signal are scored — the newest few of each (see POOL_PER_SIGNAL) —
 * plus the `limit` newest ones as a fallback when too few relate. Text is compared on headlines
 * and deks, never bodies: ranking whole-body vectors meant reading kilobytes per candidate, and
 * their common words matched nearly every story. Reads normally use the stored ranking
 * (related-lists.sql.ts), which gives the same picks; this is for when it cannot answer.
 */
export function rankRelatedArticles(db: Db, source: SourceSignals, q: RelatedArticleQuery): Promise<RelatedArticle[]> {
  const eligible = visibleCandidate(source, q)
  const poolSize = Math.max(POOL_PER_SIGNAL, PICKS_PER_POOL * q.limit)
  return db.$queryRaw<RelatedArticle[]>`
    WITH ${writersCte(source)},
    pool AS (${candidatePool(source, eligible, poolSize)} UNION ${newestStories(eligible, q.limit)}),
    scored AS (
      SELECT c.id, c."publishedAt", ${sharedSignalColumns(source)}
      FROM pool JOIN "Article" c ON c.id = pool.id LEFT JOIN writers ON writers.id = c.id
    ),
    ranked AS (SELECT *, ${AFFINITY} AS affinity FROM scored)
    ${relatedArticleRows(q.limit)}`
}
