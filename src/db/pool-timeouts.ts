/**
 * How long a pooled connection may sit idle before the pool closes it. Each connection holds the
 * prepared statements and plans of the hot reads (see statement-names.ts): pg's default of 10 s
 * threw them away after any lull, and the next burst paid for new sessions and for planning the
 * statements again. Pools like HikariCP keep idle connections for 10 minutes.
 */
export const POOL_IDLE_TIMEOUT_MS = 10 * 60_000

/**
 * How long a pooled connection lives at most; the pool replaces it when it is next idle. A
 * connection keeps the generic plan of each prepared statement for its life, made from the table
 * statistics of the moment it was planned. A server re-plans when a table is analyzed again, but
 * with autovacuum off nothing does: a plan made while a table
 * was nearly empty (a new site's Article, say) would scan it whole for as long as the connection
 * lived. An hour bounds that, and lets connections move to a new primary after a failover.
 * Preparing the hot statements again once an hour per connection costs nothing measurable.
 */
export const POOL_MAX_LIFETIME_SECONDS = 60 * 60
