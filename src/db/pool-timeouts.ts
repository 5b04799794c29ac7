import pg from 'pg'
import type { DatabaseTimeouts } from '../config.js'

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

export type { DatabaseTimeouts } from '../config.js'

/**
 * How long the app waits on PostgreSQL before it gives up and answers 503. A server that stops
 * answering (frozen, partitioned, overloaded) must cost a request a bounded wait, not a hang: pg
 * waits forever by default, and a server-side statement_timeout cannot fire while the backend
 * process itself is stopped, so every bound here is enforced by the client.
 *
 * - connectMs 2 s: opening a connection, or waiting for a free one in the pool (pg-pool bounds both
 *   with one setting). A connection to a healthy server nearby opens in milliseconds, and a pool
 *   that stays full for seconds is overloaded: a fast 503 sheds that load.
 * - queryMs 10 s: one statement. The slowest legitimate statement (a search, a long list) takes a
 *   few hundred milliseconds; this is the bound for a database that stopped answering. It is also
 *   the server's statement_timeout, so a merely slow query is cancelled server-side and its
 *   connection stays usable. Migrations run on a connection of their own, without it.
 * - feedHeartbeatMs 1 s, feedTimeoutMs 2 s: the change feed runs `SELECT 1` on its LISTEN connection
 *   every second and counts the connection lost when one takes over 2 s, so a dead or hung feed is
 *   noticed within about 3 s (see change-feed.ts).
 * - readinessMs 1 s: GET /readyz answers 503 after this, well inside a load balancer's 2 s probe.
 * - retryAfterSeconds 5: what a 503 tells clients; a restart or failover takes a few seconds.
 */
export const DEFAULT_DATABASE_TIMEOUTS: DatabaseTimeouts = {
  connectMs: 2_000,
  queryMs: 10_000,
  feedHeartbeatMs: 1_000,
  feedTimeoutMs: 2_000,
  readinessMs: 1_000,
  retryAfterSeconds: 5,
}

const timeoutsByClient = new WeakMap<object, DatabaseTimeouts>()

/** Records the timeouts a database client was opened with, for the plugins that serve it. */
export function registerTimeouts(client: object, timeouts: DatabaseTimeouts): void {
  timeoutsByClient.set(client, timeouts)
}

/** The timeouts `client` was opened with (openDatabase), else the defaults. */
export function timeoutsOf(client: object): DatabaseTimeouts {
  return timeoutsByClient.get(client) ?? DEFAULT_DATABASE_TIMEOUTS
}

const READ_TIMEOUT = 'Query read timeout'

/**
 * pg's client-side query_timeout rejects the query but leaves it running on the connection: a
 * connection returned to the pool after that would hold every later query behind the stuck one.
 * This client closes its socket instead, so the pool drops it and opens a fresh one.
 */
class BoundedClient extends pg.Client {
  constructor(config?: pg.ClientConfig) {
    super(config)
    // Ending a connection from this side must never crash the process through an 'error' event.
    this.on('error', () => {})
  }

  // biome-ignore lint/suspicious/noExplicitAny: overrides pg's overloaded query(), which takes and returns anything
  override query(config: any, values?: any, callback?: any): any {
    if (typeof values === 'function') {
      callback = values
      values = undefined
    }
    if (typeof callback === 'function') {
      const done = callback
      return super.query(config, values, (err: Error | null, res: unknown) => {
        if (err?.message === READ_TIMEOUT) this.drop()
        done(err, res)
      })
    }
    const result = super.query(config, values)
    if (result instanceof Promise) {
      return result.catch((err: Error) => {
        if (err?.message === READ_TIMEOUT) this.drop()
        throw err
      })
    }
    return result
  }

  private drop() {
    ;(
      this as unknown as { connection: { stream: { destroy(): void } } }
    ).connection.stream.destroy()
  }
}

/** The pg.Pool options that enforce `timeouts`. */
export function poolTimeoutOptions(timeouts: DatabaseTimeouts): pg.PoolConfig {
  return {
    Client: BoundedClient as unknown as typeof pg.Client,
    connectionTimeoutMillis: timeouts.connectMs,
    query_timeout: timeouts.queryMs,
    statement_timeout: timeouts.queryMs,
    // A peer that vanished without closing (a crashed host, a dropped NAT entry) is noticed by TCP
    // within about a minute instead of the OS default of two hours.
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  }
}
