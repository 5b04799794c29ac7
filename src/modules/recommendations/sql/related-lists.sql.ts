import type { Db } from '../../../db/client.js'
import { readRows } from '../../../db/raw-reads.js'
import { Prisma } from '../../../db/generated/client.js'
import { limitTo } from '../../../db/sql-fragments.js'
import {
  AFFINITY,
  boundSignals,
  BEST_FIRST,
  candidatePool,
  POOL_PER_SIGNAL,
  REASON,
  type RelatedArticle,
  type RelatedArticleQuery,
  relatedArticleRows,
  type SignalsSql,
  type SourceSignals,
  sharedSignalColumns,
  visibleCandidate,
  WEIGHTED,
} from './ranking.sql.js'

// Stored rankings. Ranking from scratch is the costliest read of the API (four candidate pools,
// ts_rank over each candidate); reading a stored ranking is one row and an index look-up per
// candidate.
//
// A stored ranking is the article's best LIST_SIZE candidates by affinity, which does not change
// with time (see AFFINITY), among the stories readers could see when it was computed. It is never
// updated by other articles' writes: a new story can relate to thousands of others. Instead a read
// scores afresh every story that changed since the ranking — its `relatedChangedAt`, stamped by
// triggers on every change a ranking reads, is later, or it was published since (a scheduled
// story's time came) — and takes the stored candidates that did not change: the same picks as
// ranking from scratch, but for which older stories reach the candidate pools (a stored ranking's
// pools were taken when it was computed; changed stories are rescored even when outside every
// pool). A ranking is recomputed on the first read after its own article changed or once more
// than MAX_RESCORED stories have changed since it was computed. What it cannot see: a write
// transaction open longer than RESCORE_MARGIN_SECONDS.

/**
 * Candidates kept per article: a page's picks with room for exclusions. A read left with fewer
 * than it needs ranks from scratch (see recommendations.service.ts).
 */
export const LIST_SIZE = POOL_PER_SIGNAL
/**
 * A change is stamped before its transaction commits. A stored ranking may have been computed
 * between the two, without seeing it: stories stamped up to this long before a ranking are
 * scored afresh too. Longer than any write transaction (Prisma's default timeout is 5 s).
 */
export const RESCORE_MARGIN_SECONDS = 30
/** Beyond this many stories changed since a ranking, recomputing it is cheaper than rescoring them. */
export const MAX_RESCORED = 100

const margin = Prisma.sql`(${RESCORE_MARGIN_SECONDS} * interval '1 second')`

/**
 * The ids of the stories that changed since `since` (an SQL timestamp), as a ranking reads them,
 * or became visible since then by `now`, at most `limit` of each kind. For published stories
 * sortAt is publishedAt: the (status, sortAt, id) index finds those. The order makes the
 * relatedChangedAt index the plan whatever the estimate: `since` is unknown when planning, and a
 * scan of the table expecting a third of it to match read all of it when none did.
 */
const changedSince = (since: Prisma.Sql, now: Prisma.Sql, limit: number) => Prisma.sql`
  (SELECT d.id FROM "Article" d WHERE d."relatedChangedAt" > ${since}
    ORDER BY d."relatedChangedAt" DESC ${limitTo(limit)})
  UNION
  (SELECT d.id FROM "Article" d WHERE d.status = 'published' AND d."sortAt" > ${since} AND d."sortAt" <= ${now} ${limitTo(limit)})`

export interface StoredListState {
  /**
   * How many stories changed since the article's stored ranking (at most MAX_RESCORED); null
   * when it has none up to date: none stored, the article itself changed, or too many others did
   * (or it has no reasons: stored by a version of the app from before they were).
   */
  changedSinceRanking: number | null
}

/**
 * The select-list column of StoredListState, for article `a` left-joined with its RelatedList
 * `list`, for a reader at `now`.
 */
export const storedListState = (now: Date) => Prisma.sql`(
  SELECT CASE WHEN a."relatedChangedAt" <= list."computedAt" - ${margin} AND count(*) <= ${MAX_RESCORED}
    AND cardinality(list.reasons) = cardinality(list.candidates) THEN count(*)::int END
  FROM (${changedSince(Prisma.sql`list."computedAt" - ${margin}`, Prisma.sql`(SELECT ${now}::timestamptz)`, MAX_RESCORED + 1)}) changed
) AS "changedSinceRanking"`

/**
 * Computes and stores the ranking of `source` in one statement. True when it can be read
 * (readStoredRanking) by a reader at `now`. False when another request is storing it right now
 * (an advisory lock keeps two from interleaving), or when more than MAX_RESCORED stories changed
 * within the margin before it (a bulk import): reading it would rescore them all, and ranking
 * from scratch is cheaper.
 */
export async function storeRanking(db: Db, source: SourceSignals, now: Date): Promise<boolean> {
  const signals = boundSignals(source)
  const id = signals.id
  // Stories published later are rescored by the reads that can see them (changedSince).
  const until = Prisma.sql`(statement_timestamp() - ${margin})`
  const eligible = Prisma.sql`c.status = 'published' AND c."trashedAt" IS NULL AND c.id <> ${id}
    AND c."publishedAt" <= ${until} AND c."sortAt" <= ${until}`
  const rows = await db.$queryRaw<{ readable: boolean }[]>`
    WITH lock AS (SELECT pg_try_advisory_xact_lock(hashtext('RelatedList'), hashtext(${source.id})) AS held),
    pool AS (${candidatePool(signals, eligible, POOL_PER_SIGNAL, until)}),
    scored AS MATERIALIZED (
      SELECT c.id, c."publishedAt", ${sharedSignalColumns(signals)}
      FROM pool JOIN "Article" c ON c.id = pool.id
      WHERE (SELECT held FROM lock)
    ),
    kept AS (
      SELECT id, "publishedAt", affinity, reason
      FROM (SELECT *, ${AFFINITY} AS affinity, ${REASON} AS reason FROM scored WHERE ${WEIGHTED} > 0) s
      ${BEST_FIRST} ${limitTo(LIST_SIZE)}
    )
    INSERT INTO "RelatedList" ("sourceId", "computedAt", candidates, affinities, reasons)
    SELECT ${id}, statement_timestamp(),
      COALESCE(array_agg(id ${BEST_FIRST}), '{}'), COALESCE(array_agg(affinity ${BEST_FIRST}), '{}'),
      COALESCE(array_agg(reason ${BEST_FIRST}), '{}')::"RelatedReason"[]
    FROM kept HAVING (SELECT held FROM lock)
    ON CONFLICT ("sourceId") DO UPDATE
      SET "computedAt" = EXCLUDED."computedAt", candidates = EXCLUDED.candidates, affinities = EXCLUDED.affinities,
        reasons = EXCLUDED.reasons
    RETURNING (
      SELECT count(*) <= ${MAX_RESCORED}
      FROM (${changedSince(Prisma.sql`statement_timestamp() - ${margin}`, Prisma.sql`(SELECT ${now}::timestamptz)`, MAX_RESCORED + 1)}) changed
    ) AS readable`
  return rows[0]?.readable === true
}

/**
 * The end of a statement (see relatedArticleRows) that selects the best related stories readers
 * can see, credits included, as far as `limit` (a LIMIT clause): from the stored ranking of the
 * source, and the stories changed since it (see changedSince) scored afresh. Fewer when fewer
 * relate (recent stories that do not relate fill the slots: ranking from scratch adds them), and
 * none without a stored ranking.
 *
 * The ranking's time is read in the statement and LIMITs are written into it, so that the planner
 * can keep one generic plan: planning this afresh took longer than running it.
 */
export function storedRankingRows(
  source: SignalsSql,
  q: Omit<RelatedArticleQuery, 'limit'>,
  limit: Prisma.Sql,
): Prisma.Sql {
  const eligible = visibleCandidate(source, q)
  const since = Prisma.sql`(SELECT since FROM ranking)`
  // The stored order is BEST_FIRST, and a stored candidate that is still taken cannot have changed
  // since (its affinity and date are as stored): walking it in that order, the join stops at the
  // `limit`-th candidate readers can see instead of looking up all LIST_SIZE and sorting them.
  return Prisma.sql`
    ranking AS (
      SELECT candidates, affinities, reasons, "computedAt" - ${margin} AS since FROM "RelatedList" WHERE "sourceId" = ${source.id}
    ),
    rescored AS MATERIALIZED (
      SELECT c.id, c."publishedAt", ${sharedSignalColumns(source)}
      FROM "Article" c WHERE c.id IN (${changedSince(since, Prisma.sql`(SELECT ${q.now}::timestamptz)`, 2 * MAX_RESCORED)})
        AND ${eligible}
    ),
    ranked AS (
      (SELECT stored.id, c."publishedAt", stored.affinity, stored.reason::text AS reason
        FROM unnest((SELECT candidates FROM ranking), (SELECT affinities FROM ranking), (SELECT reasons FROM ranking))
          WITH ORDINALITY AS stored (id, affinity, reason, rank)
        JOIN "Article" c ON c.id = stored.id
        WHERE c."relatedChangedAt" <= ${since} AND c."publishedAt" <= ${since} AND ${eligible}
        ORDER BY stored.rank ${limit})
      UNION ALL
      SELECT id, "publishedAt", ${AFFINITY} AS affinity, ${REASON} AS reason FROM rescored WHERE ${WEIGHTED} > 0
    )
    ${relatedArticleRows(limit)}`
}

/** The best `q.limit` related stories of `source` by its stored ranking: see storedRankingRows. */
export function readStoredRanking(
  db: Db,
  source: SourceSignals,
  q: RelatedArticleQuery,
): Promise<RelatedArticle[]> {
  return readRows<RelatedArticle>(
    db,
    Prisma.sql`WITH ${storedRankingRows(boundSignals(source), q, limitTo(q.limit))}`,
  )
}
