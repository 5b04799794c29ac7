import { describe, expect, it } from 'vitest'
import {
  MAX_ATTEMPTS,
  nextAttemptAt,
  RETRY_DELAYS_MS,
} from '../../../../src/modules/webhooks/delivery/retry-schedule.js'

const at = new Date('2026-06-01T12:00:00Z')

describe('retry schedule', () => {
  it('keeps retrying for more than 24 hours, even with the shortest jitter', () => {
    const shortest = RETRY_DELAYS_MS.reduce((sum, d) => sum + d * 0.8, 0)
    expect(shortest).toBeGreaterThan(24 * 3_600_000)
    expect(nextAttemptAt(MAX_ATTEMPTS - 1, at)).not.toBeNull()
    expect(nextAttemptAt(MAX_ATTEMPTS, at)).toBeNull()
  })

  it('backs off exponentially-ish with ±20 % jitter', () => {
    const low = nextAttemptAt(1, at, () => 0)!.getTime() - at.getTime()
    const high = nextAttemptAt(1, at, () => 1)!.getTime() - at.getTime()
    expect([low, high]).toEqual([4_000, 6_000])
    for (let i = 1; i < RETRY_DELAYS_MS.length; i++)
      expect(RETRY_DELAYS_MS[i]).toBeGreaterThanOrEqual(RETRY_DELAYS_MS[i - 1]!)
  })
})
