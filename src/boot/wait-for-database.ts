import type { Database } from '../db/client.js'
import { isDatabaseUnavailable } from '../db/connection-errors.js'
import { Prisma } from '../db/generated/client.js'
import { readRows } from '../db/raw-reads.js'

export class DatabaseUnreachableError extends Error {}

export interface WaitOptions {
  /** Give up after this long (DATABASE_STARTUP_TIMEOUT_MS). */
  timeoutMs: number
  /** One line per failed attempt. */
  warn: (line: string) => void
  sleep?: (ms: number) => Promise<void>
}

const FIRST_DELAY_MS = 250
const MAX_DELAY_MS = 5_000

/** The first line of an error's message, without the stack a driver error drags along. */
function summary(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err)
  const code = (err as { code?: unknown })?.code
  const line = text.split('\n').find((l) => l.trim() !== '') ?? 'unknown error'
  return typeof code === 'string' && !line.includes(code) ? `${line.trim()} (${code})` : line.trim()
}

/**
 * Waits until the database answers, as a server started before its database (compose, a
 * restarting cluster) must: connection failures are retried with doubling delays up to
 * `timeoutMs`, one line each; anything else (a wrong password, a missing database) is final at
 * once. Throws DatabaseUnreachableError with a one-line message.
 */
export async function waitForDatabase(db: Database, options: WaitOptions): Promise<void> {
  const sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)))
  const deadline = Date.now() + options.timeoutMs
  for (let delay = FIRST_DELAY_MS; ; delay = Math.min(delay * 2, MAX_DELAY_MS)) {
    try {
      // Through the driver itself, whose errors say what failed (ECONNREFUSED, a timeout…).
      await readRows(db.prisma, Prisma.sql`SELECT 1`)
      return
    } catch (err) {
      const why = summary(err)
      if (!isDatabaseUnavailable(err)) {
        throw new DatabaseUnreachableError(`${db.description}: ${why}`)
      }
      if (Date.now() + delay > deadline) {
        throw new DatabaseUnreachableError(
          `${db.description} did not answer within ${Math.round(options.timeoutMs / 1000)} s: ${why}`,
        )
      }
      options.warn(`${db.description} is not reachable yet (${why}); retrying in ${delay} ms`)
      await sleep(delay)
    }
  }
}
