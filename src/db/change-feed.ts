import { randomUUID } from 'node:crypto'
import pg from 'pg'
import type { Prisma, PrismaClient } from './generated/client.js'
import { type ChangeEvent, insertEvents } from './events.js'
import { timeoutsOf } from './pool-timeouts.js'

/**
 * The tag of a change that may have touched anything (a change too big to list, or changes missed
 * while not listening): invalidating it empties the whole response store.
 */
export const ALL = '*'
/** The PostgreSQL channel on which instances announce their writes. */
export const CHANGES_CHANNEL = 'newsroom_changes'
/** NOTIFY payloads must stay under 8,000 bytes; a bigger change is announced as "everything". */
const MAX_PAYLOAD_BYTES = 7_900
/** Reconnection delays after the listening connection drops: 0.25 s, doubling, at most 5 s. */
const RETRY_MS = { first: 250, max: 5_000 }
/** The application_name of the listening connection, as pg_stat_activity shows it. */
export const FEED_APPLICATION_NAME = 'newsroom-cms change feed'

export interface ChangeFeedOptions {
  /** How often a `SELECT 1` checks the listening connection (CHANGE_FEED_HEARTBEAT_MS). */
  heartbeatMs: number
  /** How long connecting, LISTEN or a heartbeat may take before the connection counts as lost (CHANGE_FEED_TIMEOUT_MS). */
  timeoutMs: number
  /** The time events are stamped with (the app's clock; tests move it). */
  clock: () => Date
}

export type Tx = Prisma.TransactionClient
/**
 * Reports what a write changed, as surrogate keys (`article:<id>`, `articles`, …); `event` adds
 * the change event that goes into the outbox with the write (src/db/events.ts).
 */
export type Changed = ((...tags: string[]) => void) & { event(event: ChangeEvent): void }
type Listener = (tags: readonly string[]) => void

/**
 * Every write goes through `write`: one transaction that says what it changed. The change is
 * announced to this process's listeners right after the commit (before the write's response is
 * sent, so a read after it never sees the old state here) and to every other instance on the
 * same database through NOTIFY, which PostgreSQL delivers only if and when the transaction
 * commits.
 */
export class ChangeFeed {
  private readonly origin = randomUUID()
  private readonly listeners = new Set<Listener>()
  private client: pg.Client | null = null
  private retryTimer: NodeJS.Timeout | undefined
  private heartbeat: NodeJS.Timeout | undefined
  private closed = false
  private readonly options: ChangeFeedOptions
  /** Whether other instances' changes reach this one: true when nothing else listens (PGlite), else while LISTEN is up. */
  connected = true
  /** The server process of the listening connection (pg_stat_activity.pid), while there is one. */
  backendPid: number | undefined

  constructor(
    private readonly prisma: PrismaClient,
    options: Partial<ChangeFeedOptions> = {},
  ) {
    const timeouts = timeoutsOf(prisma)
    this.options = {
      heartbeatMs: timeouts.feedHeartbeatMs,
      timeoutMs: timeouts.feedTimeoutMs,
      clock: () => new Date(),
      ...options,
    }
  }

  /** `timeoutMs`: how long the transaction may run (Prisma's default, 5 s, suits requests, not bulk work). */
  async write<T>(
    work: (tx: Tx, changed: Changed) => Promise<T>,
    options: { timeoutMs?: number } = {},
  ): Promise<T> {
    const tags = new Set<string>()
    const result = await this.prisma.$transaction(
      async (tx) => {
        const events: ChangeEvent[] = []
        const changed: Changed = Object.assign(
          (...keys: string[]) => {
            for (const tag of keys) tags.add(tag)
          },
          { event: (event: ChangeEvent) => void events.push(event) },
        )
        const value = await work(tx, changed)
        // Last, so that the tags reported after an event still reach its purge list.
        if (events.length > 0) await insertEvents(tx, events, [...tags], this.options.clock())
        if (tags.size > 0)
          await tx.$executeRaw`SELECT pg_notify(${CHANGES_CHANNEL}, ${this.payload(tags)})`
        return value
      },
      options.timeoutMs === undefined ? undefined : { timeout: options.timeoutMs },
    )
    if (tags.size > 0) this.emit([...tags])
    return result
  }

  /** Calls `listener` with the tags of every committed change, this instance's and (once listening) the others'. */
  subscribe(listener: Listener): void {
    this.listeners.add(listener)
  }

  /**
   * Listens on a connection of its own to the changes other instances announce. When it drops,
   * changes may go unheard until it is back: listeners get ALL then, and again once reconnected.
   *
   * A connection can also stop answering without dropping (a hung backend, a network path that
   * silently loses packets): notifications would then stop arriving and nothing would say so. A
   * `SELECT 1` every heartbeatMs on the same connection, given timeoutMs to answer, catches that:
   * a feed that stopped working is treated as lost within heartbeatMs + timeoutMs (3 s by default).
   */
  async listen(url: string): Promise<void> {
    this.connected = false
    const { timeoutMs } = this.options
    const client = new pg.Client({
      connectionString: url,
      application_name: FEED_APPLICATION_NAME,
      connectionTimeoutMillis: timeoutMs,
      query_timeout: timeoutMs,
      // TCP notices a vanished peer by itself too, if the heartbeat were ever not running.
      keepAlive: true,
      keepAliveInitialDelayMillis: 5_000,
    })
    client.on('notification', (message) => this.receive(message.payload))
    const lost = () => this.lost(client, url)
    client.on('error', lost)
    client.on('end', lost)
    try {
      await client.connect()
      await client.query(`LISTEN ${CHANGES_CHANNEL}`)
    } catch (err) {
      drop(client)
      throw err
    }
    this.client = client
    this.backendPid = (client as unknown as { processID?: number }).processID
    this.connected = true
    this.startHeartbeat(client, url)
  }

  async close(): Promise<void> {
    this.closed = true
    clearTimeout(this.retryTimer)
    clearInterval(this.heartbeat)
    await this.client?.end().catch(() => {})
  }

  private startHeartbeat(client: pg.Client, url: string) {
    clearInterval(this.heartbeat)
    let inFlight = false
    this.heartbeat = setInterval(() => {
      if (inFlight) return
      inFlight = true
      client
        .query('SELECT 1')
        .then(() => (inFlight = false))
        .catch(() => this.lost(client, url))
    }, this.options.heartbeatMs)
    this.heartbeat.unref()
  }

  private lost(client: pg.Client, url: string, delay = RETRY_MS.first) {
    if (this.closed || this.client !== client) return
    clearInterval(this.heartbeat)
    this.client = null
    this.backendPid = undefined
    this.connected = false
    this.emit([ALL])
    // Not end(): a hung server would never answer its goodbye, and the socket would stay open.
    drop(client)
    const retry = (wait: number) => {
      this.retryTimer = setTimeout(() => {
        this.listen(url)
          .then(() => this.emit([ALL]))
          .catch(() => !this.closed && retry(Math.min(wait * 2, RETRY_MS.max)))
      }, wait)
    }
    retry(delay)
  }

  private payload(tags: Set<string>): string {
    const payload = JSON.stringify({ origin: this.origin, tags: [...tags] })
    return Buffer.byteLength(payload) <= MAX_PAYLOAD_BYTES
      ? payload
      : JSON.stringify({ origin: this.origin, tags: [ALL] })
  }

  private receive(payload: string | undefined) {
    let message: { origin?: unknown; tags?: unknown }
    try {
      message = JSON.parse(payload ?? '')
    } catch {
      return this.emit([ALL])
    }
    if (message.origin === this.origin) return // already applied right after the commit
    this.emit(Array.isArray(message.tags) ? message.tags.map(String) : [ALL])
  }

  private emit(tags: readonly string[]) {
    for (const listener of this.listeners) listener(tags)
  }
}

/** Closes a connection at once, whether or not the server still answers. */
function drop(client: pg.Client) {
  const stream = (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection
    ?.stream
  client.end().catch(() => {})
  stream?.destroy()
}
