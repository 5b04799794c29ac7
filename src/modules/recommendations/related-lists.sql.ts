import type { Db } from '../../db/client.js'
import { Prisma } from '../../db/generated/client.js'
import { limitTo } from '../../db/sql-fragments.js'
import {
  AFFINITY,
  boundSignals,
  BEST_FIRST,
  candidatePool,
  POOL_PER_SIGNAL,
  type RelatedArticle,
  type RelatedArticleQuery,
  relatedArticleRows,
  type SignalsSql,
  type SourceSignals,
  sharedSignalColumns,
  visibleCandidate,
  WEIGHTED,
  writersCte,
} from './ranking.sql.js'

// Stored rankings. Ranking from scratch costs ~6 ms of PostgreSQL per request on 10,000 stories
// (four candidate pools, ts_rank over each candidate); reading a stored ranking is one index walk.
//
// A stored ranking is the article's best LIST_SIZE candidates by affinity, which does not change
// with time (see AFFINITY), among the published stories that are not in the trash, scheduled ones
// included (visibility is checked when reading). It is never updated by other articles' writes:
// a new story can relate to thousands of others. Instead a read scores afresh every story whose
// `relatedChangedAt` (stamped by triggers on every change a ranking reads) is later than the
// ranking, and takes the stored candidates that did not change: the same picks as ranking from
// scratch, but for which older stories reach the candidate pools (a stored ranking's pools were
// taken when it was computed, scheduled stories included; changed stories are rescored even when
// outside every pool). A ranking is recomputed on the first read after its own article changed
// or once more than MAX_RESCORED stories have changed since it was computed. What it cannot
// see: a write transaction open longer than RESCORE_MARGIN_SECONDS.

/**
 * Candidates kept per article: a page's picks with room for exclusions and stories not visible
 * yet. A read left with fewer than it needs ranks from scratch (see recommendations.service.ts).
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

export interface StoredListState {
  /**
   * How many stories changed since the article's stored ranking (at most MAX_RESCORED); null
   * when it has none up to date: none stored, the article itself changed, or too many others did.
   */
  changedSinceRanking: number | null
}

/** The select-list column of StoredListState, for article `a` left-joined with its RelatedList `list`. */
export const storedListState = Prisma.sql`(
  SELECT CASE WHEN a."relatedChangedAt" <= list."computedAt" - ${margin} AND count(*) <= ${MAX_RESCORED} THEN count(*)::int END
  FROM (SELECT FROM "Article" d WHERE d."relatedChangedAt" > list."computedAt" - ${margin} ${limitTo(MAX_RESCORED + 1)}) changed
) AS "changedSinceRanking"`

/**
 * Computes and stores the ranking of `source` in one statement. False when another request is
 * storing it right now (an advisory lock keeps two from interleaving).
 */
export async function storeRanking(db: Db, source: SourceSignals): Promise<boolean> {
  const signals = boundSignals(source)
  const id = signals.id
  const eligible = Prisma.sql`c.status = 'published' AND c."trashedAt" IS NULL AND c.id <> ${id}`
  const rows = await db.$queryRaw<unknown[]>`
    WITH lock AS (SELECT pg_try_advisory_xact_lock(hashtext('RelatedList'), hashtext(${source.id})) AS held),
    ${writersCte(signals)},
    pool AS (${candidatePool(signals, eligible, POOL_PER_SIGNAL)}),
    scored AS (
      SELECT c.id, c."publishedAt", ${sharedSignalColumns(signals, 'joined')}
      FROM pool JOIN "Article" c ON c.id = pool.id LEFT JOIN writers ON writers.id = c.id
      WHERE (SELECT held FROM lock)
    ),
    kept AS (SELECT *, ${AFFINITY} AS affinity FROM scored WHERE ${WEIGHTED} > 0 ${BEST_FIRST} ${limitTo(LIST_SIZE)}),
    written AS (
      INSERT INTO "RelatedCandidate" ("sourceId", "candidateId", affinity, "sharedTags", "sameSection", "sharedBylines", "textRank")
      SELECT ${id}, id, affinity, "sharedTags", "sameSection", "sharedBylines", "textRank" FROM kept
      ON CONFLICT ("sourceId", "candidateId") DO UPDATE SET affinity = EXCLUDED.affinity,
        "sharedTags" = EXCLUDED."sharedTags", "sameSection" = EXCLUDED."sameSection",
        "sharedBylines" = EXCLUDED."sharedBylines", "textRank" = EXCLUDED."textRank"
    ),
    dropped AS (
      DELETE FROM "RelatedCandidate" r WHERE r."sourceId" = ${id} AND (SELECT held FROM lock)
        AND r."candidateId" NOT IN (SELECT id FROM kept)
    )
    INSERT INTO "RelatedList" ("sourceId", "computedAt")
    SELECT ${id}, statement_timestamp() WHERE (SELECT held FROM lock)
    ON CONFLICT ("sourceId") DO UPDATE SET "computedAt" = EXCLUDED."computedAt"
    RETURNING 1`
  return rows.length > 0
}

/**
 * The end of a statement (see relatedArticleRows) that selects the best related stories readers
 * can see, credits included, as far as `limit` (a LIMIT clause): from the stored ranking of the
 * source, and the stories stamped since it (see RESCORE_MARGIN_SECONDS) scored afresh. Fewer when
 * fewer relate (recent stories that do not relate fill the slots: ranking from scratch adds
 * them), and none without a stored ranking.
 *
 * The ranking's time is read in the statement and LIMITs are written into it, so that the planner
 * can keep one generic plan: planning this afresh took longer than running it.
 */
export function storedRankingRows(source: SignalsSql, q: Omit<RelatedArticleQuery, 'limit'>, limit: Prisma.Sql): Prisma.Sql {
  const eligible = visibleCandidate(source, q)
  const since = Prisma.sql`(SELECT "computedAt" - ${margin} FROM "RelatedList" WHERE "sourceId" = ${source.id})`
  return Prisma.sql`
    rescored AS (
      SELECT c.id, c."publishedAt", ${sharedSignalColumns(source, 'counted')}
      FROM "Article" c WHERE c."relatedChangedAt" > ${since} AND ${eligible}
      -- The ranking is recomputed beyond MAX_RESCORED (storedListState): the bound keeps the plan cheap.
      ${limitTo(2 * MAX_RESCORED)}
    ),
    ranked AS (
      (SELECT r."candidateId" AS id, c."publishedAt", r."sharedTags", r."sameSection", r."sharedBylines", r."textRank", r.affinity
        FROM "RelatedCandidate" r JOIN "Article" c ON c.id = r."candidateId"
        WHERE r."sourceId" = ${source.id} AND c."relatedChangedAt" <= ${since} AND ${eligible}
        ORDER BY r.affinity DESC, c."publishedAt" DESC, c.id DESC ${limit})
      UNION ALL
      SELECT *, ${AFFINITY} AS affinity FROM rescored WHERE ${WEIGHTED} > 0
    )
    ${relatedArticleRows(limit)}`
}

/** The best `q.limit` related stories of `source` by its stored ranking: see storedRankingRows. */
export function readStoredRanking(db: Db, source: SourceSignals, q: RelatedArticleQuery): Promise<RelatedArticle[]> {
  return db.$queryRaw<RelatedArticle[]>`WITH ${storedRankingRows(boundSignals(source), q, limitTo(q.limit))}`
}
