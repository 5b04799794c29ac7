import type { Db } from '../../db/client.js'

/** Rankings stored by this process before its first analysis of the table. */
export const FIRST_ANALYSIS_AFTER = 50

/**
 * Keeps PostgreSQL's size estimate of "RelatedList" in step while reads fill it. Each connection
 * plans a prepared statement once and keeps the plan until the statistics of a table it reads
 * change. The table starts empty and the first reads of every story store rankings into it, so the
 * context statement (sql/context.sql.ts) is planned while it holds a few rows: a plan that scans it
 * whole, kept once it holds thousands, makes every recommendations read slower. Autovacuum
 * analyzes a table that grew by a tenth, which makes every connection replan; where autovacuum is
 * off, nothing would. So each process analyzes the table itself whenever it has stored as many
 * rankings as at its previous analysis (50, 100, 200…): a handful of analyses while the table
 * fills, each far cheaper than the stores before it, and none once rankings are read rather than
 * stored.
 */
export function relatedListStatistics(db: Db, onError: (error: unknown) => void) {
  let stored = 0
  let nextAnalysisAt = FIRST_ANALYSIS_AFTER
  let analyzing = false
  return {
    /** Counts a stored ranking, and starts an analysis (not awaited) when one is due. */
    noteStored(): void {
      stored++
      if (stored < nextAnalysisAt || analyzing) return
      nextAnalysisAt = stored * 2
      analyzing = true
      // The planner needs the table's size (updated by any ANALYZE) and the key's statistics only.
      db.$executeRaw`ANALYZE "RelatedList" ("sourceId")`.catch(onError).finally(() => {
        analyzing = false
      })
    },
  }
}
