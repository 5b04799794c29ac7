import type { Db } from '../../db/client.js'
import { Prisma } from '../../db/generated/client.js'
import {
  AFFINITY,
  BEST_FIRST,
  candidatePool,
  newestStories,
  POOL_PER_SIGNAL,
  type RelatedArticle,
  type RelatedArticleQuery,
  relatedArticleRows,
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
// scratch. A ranking is recomputed on the first read after its own article changed or once more
// than MAX_RESCORED stories have changed since it was computed.

/** Candidates kept per article: the picks of a page's slots, plus what readers may exclude. */
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
  /** Stories stamped after this are scored afresh; null when there is no usable stored ranking. */
  rescoreSince: Date | null
  /** Whether the stored ranking holds every candidate that related (none was cut by LIST_SIZE). */
  listComplete: boolean
}

/** Select-list columns of StoredListState, for article `a` left-joined with its RelatedList `list`. */
export const storedListState = Prisma.sql`
  CASE WHEN a."relatedChangedAt" <= list."computedAt" - ${margin}
    AND (SELECT count(*) FROM (SELECT FROM "Article" d WHERE d."relatedChangedAt" > list."computedAt" - ${margin}
         LIMIT ${MAX_RESCORED + 1}) changed) <= ${MAX_RESCORED}
    THEN list."computedAt" - ${margin} END AS "rescoreSince",
  COALESCE(list.complete, false) AS "listComplete"`

/**
 * Computes and stores the ranking of `source` in one statement, and returns its state; null when
 * another request is storing it right now (an advisory lock keeps two from interleaving).
 */
export async function storeRanking(db: Db, source: SourceSignals): Promise<StoredListState | null> {
  const eligible = Prisma.sql`c.status = 'published' AND c."trashedAt" IS NULL AND c.id <> ${source.id}::uuid`
  const id = Prisma.sql`${source.id}::uuid`
  const rows = await db.$queryRaw<StoredListState[]>`
    WITH lock AS (SELECT pg_try_advisory_xact_lock(hashtext('RelatedList'), hashtext(${source.id})) AS held),
    ${writersCte(source)},
    pool AS (${candidatePool(source, eligible, POOL_PER_SIGNAL)}),
    scored AS (
      SELECT c.id, c."publishedAt", ${sharedSignalColumns(source)}
      FROM pool JOIN "Article" c ON c.id = pool.id LEFT JOIN writers ON writers.id = c.id
      WHERE (SELECT held FROM lock)
    ),
    ranked AS (SELECT *, ${AFFINITY} AS affinity FROM scored WHERE ${WEIGHTED} > 0 ${BEST_FIRST} LIMIT ${LIST_SIZE + 1}),
    kept AS (SELECT * FROM ranked ${BEST_FIRST} LIMIT ${LIST_SIZE}),
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
    INSERT INTO "RelatedList" ("sourceId", "computedAt", complete)
    SELECT ${id}, statement_timestamp(), (SELECT count(*) FROM ranked) <= ${LIST_SIZE} WHERE (SELECT held FROM lock)
    ON CONFLICT ("sourceId") DO UPDATE SET "computedAt" = EXCLUDED."computedAt", complete = EXCLUDED.complete
    RETURNING "computedAt" - ${margin} AS "rescoreSince", complete AS "listComplete"`
  return rows[0] ?? null
}

/**
 * The best `limit` related stories readers can see, from the stored ranking of `source` and the
 * stories changed since `rescoreSince`, scored afresh, with the `limit` newest stories as the
 * fallback (scored too), in one statement.
 */
export function readStoredRanking(db: Db, source: SourceSignals, rescoreSince: Date, q: RelatedArticleQuery): Promise<RelatedArticle[]> {
  const eligible = visibleCandidate(source, q)
  return db.$queryRaw<RelatedArticle[]>`
    WITH ${writersCte(source)},
    fresh AS (
      (SELECT c.id FROM "Article" c WHERE c."relatedChangedAt" > ${rescoreSince} AND ${eligible})
      UNION ${newestStories(eligible, q.limit)}
    ),
    rescored AS (
      SELECT c.id, c."publishedAt", ${sharedSignalColumns(source)}
      FROM fresh JOIN "Article" c ON c.id = fresh.id LEFT JOIN writers ON writers.id = c.id
    ),
    stored AS (
      SELECT r."candidateId" AS id, c."publishedAt", r."sharedTags", r."sameSection", r."sharedBylines", r."textRank", r.affinity
      FROM "RelatedCandidate" r JOIN "Article" c ON c.id = r."candidateId"
      WHERE r."sourceId" = ${source.id}::uuid AND c."relatedChangedAt" <= ${rescoreSince} AND ${eligible}
      ORDER BY r.affinity DESC, c."publishedAt" DESC, c.id DESC LIMIT ${q.limit}
    ),
    ranked AS (
      SELECT * FROM stored WHERE id NOT IN (SELECT id FROM rescored)
      UNION ALL
      SELECT *, ${AFFINITY} AS affinity FROM rescored
    )
    ${relatedArticleRows(q.limit)}`
}
