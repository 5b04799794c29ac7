import type { Db } from '../../../db/client.js'
import { readRows } from '../../../db/raw-reads.js'
import { Prisma } from '../../../db/generated/client.js'
import { limitTo } from '../../../db/sql-fragments.js'
import {
  AFFINITY,
  boundSignals,
  candidatePool,
  newestStories,
  PICKS_PER_POOL,
  POOL_PER_SIGNAL,
  REASON,
  type RelatedArticle,
  type RelatedArticleQuery,
  relatedArticleRows,
  type SourceSignals,
  sharedSignalColumns,
  visibleCandidate,
} from './ranking.sql.js'

/**
 * Ranks the published articles related to `source` from scratch, best first, with their credits,
 * in one statement: shared tags, same section, shared writing credits and headline similarity
 * (ts_rank of the candidate's headline-and-dek vector against the source's lexemes), times the
 * recency decay (see AFFINITY), each with the signal that adds most (see REASON).
 *
 * Only stories that share a signal are scored — the newest few of each (see POOL_PER_SIGNAL) —
 * plus the `limit` newest ones as a fallback when too few relate. Text is compared on headlines
 * and deks, never bodies: ranking whole-body vectors meant reading kilobytes per candidate, and
 * their common words matched nearly every story. Reads normally use the stored ranking
 * (related-lists.sql.ts), which gives the same picks but at the edges of the pools; this is for
 * when it cannot answer.
 */
export function rankRelatedArticles(
  db: Db,
  source: SourceSignals,
  q: RelatedArticleQuery,
): Promise<RelatedArticle[]> {
  const signals = boundSignals(source)
  const eligible = visibleCandidate(signals, q)
  const poolSize = Math.max(POOL_PER_SIGNAL, PICKS_PER_POOL * q.limit)
  return readRows<RelatedArticle>(
    db,
    Prisma.sql`
    WITH pool AS (${candidatePool(signals, eligible, poolSize, Prisma.sql`(SELECT ${q.now}::timestamptz)`)} UNION ${newestStories(eligible, q.limit)}),
    scored AS MATERIALIZED (
      SELECT c.id, c."publishedAt", ${sharedSignalColumns(signals)}
      FROM pool JOIN "Article" c ON c.id = pool.id
    ),
    ranked AS (SELECT *, ${AFFINITY} AS affinity, ${REASON} AS reason FROM scored)
    ${relatedArticleRows(limitTo(q.limit))}`,
  )
}
