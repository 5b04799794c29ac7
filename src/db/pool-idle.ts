/**
 * How long a pooled connection may sit idle before the pool closes it. Each connection holds the
 * prepared statements and plans of the hot reads (see statement-names.ts): pg's default of 10 s
 * threw them away after any lull, and the next burst paid for new sessions and for planning the
 * statements again (a recommendations request cost 50 % more CPU in the 2 s after a 10 s pause,
 * its p99 went from ~150-200 to ~500 ms). Pools like HikariCP keep idle connections for 10 minutes.
 */
export const POOL_IDLE_TIMEOUT_MS = 10 * 60_000
