import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config.js'
import { DEFAULT_RATE_LIMITS } from '../../src/plugins/rate-limits.js'

describe('loadConfig rate limits', () => {
  it('has the defaults the plugin documents', () => {
    expect(loadConfig({}).rateLimits).toEqual(DEFAULT_RATE_LIMITS)
  })

  it('reads every limit, the window and a Redis server', () => {
    const config = loadConfig({
      RATE_LIMIT_WINDOW_SECONDS: '10',
      RATE_LIMIT_ANONYMOUS: '0',
      RATE_LIMIT_WRITES: '5',
      RATE_LIMIT_AUTH_FAILURES: '3',
      RATE_LIMIT_REDIS_URL: 'redis://cache.internal:6379/2',
      RATE_LIMIT_REDIS_PREFIX: 'cms-a:',
    })
    expect(config.rateLimits).toEqual({
      windowMs: 10_000,
      anonymous: 0,
      writes: 5,
      authFailures: 3,
      redisUrl: 'redis://cache.internal:6379/2',
      redisPrefix: 'cms-a:',
    })
  })

  it('turns every limit off with RATE_LIMIT=off', () => {
    expect(loadConfig({ RATE_LIMIT: 'off' }).rateLimits).toBeNull()
  })

  it('refuses a window of zero and a Redis URL of another scheme', () => {
    expect(() => loadConfig({ RATE_LIMIT_WINDOW_SECONDS: '0' })).toThrow(
      /RATE_LIMIT_WINDOW_SECONDS/,
    )
    expect(() => loadConfig({ RATE_LIMIT_REDIS_URL: 'http://cache:6379' })).toThrow(
      /RATE_LIMIT_REDIS_URL: must be a redis/,
    )
  })
})
