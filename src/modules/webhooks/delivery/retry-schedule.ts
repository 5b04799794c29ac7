const SECOND = 1000
const MINUTE = 60 * SECOND
const HOUR = 60 * MINUTE

/**
 * The waits after each failed attempt: growing from seconds to hours, about 31.5 hours in all
 * (8 attempts; at least 25 with the jitter), so that an endpoint down for a day still gets every event.
 */
export const RETRY_DELAYS_MS = [
  5 * SECOND,
  5 * MINUTE,
  30 * MINUTE,
  2 * HOUR,
  5 * HOUR,
  10 * HOUR,
  14 * HOUR,
] as const
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1

/** After `attempts` failed attempts, when to try again (±20 % jitter spreads retries out); null: give up. */
export function nextAttemptAt(attempts: number, now: Date, random = Math.random): Date | null {
  const delay = RETRY_DELAYS_MS[attempts - 1]
  if (delay === undefined) return null
  return new Date(now.getTime() + Math.round(delay * (0.8 + 0.4 * random())))
}

/** An endpoint whose every delivery failed for this long is disabled. */
export const DISABLE_AFTER_MS = 3 * 24 * HOUR
