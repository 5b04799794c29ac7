import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../../src/config.js'

/** The ConfigError loadConfig throws for env; fails the test when it does not throw one. */
function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env)
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError)
    return err as ConfigError
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`)
}

describe('loadConfig', () => {
  it('uses the defaults when nothing is set', () => {
    expect(loadConfig({})).toEqual({
      port: 3000,
      host: '0.0.0.0',
      databaseUrl: undefined,
      databasePoolSize: 10,
      databaseTimeouts: {
        connectMs: 2_000,
        queryMs: 10_000,
        retryAfterSeconds: 5,
        readinessMs: 1_000,
        feedHeartbeatMs: 1_000,
        feedTimeoutMs: 2_000,
      },
      dataDir: './.data',
      logLevel: 'info',
      bodyLimit: 1024 * 1024,
      imports: { spoolDir: '.data/imports', maxBytes: 4096 * 1024 * 1024 },
      seedDemoContent: 'auto',
      trustProxy: false,
      publicSiteUrl: 'http://localhost:3000',
      publicSiteName: 'Newsroom',
      httpCache: { maxAge: 10, sMaxAge: 60, staleWhileRevalidate: 300 },
      responseCacheBytes: 64 * 1024 * 1024,
      requestTimeoutMs: 30_000,
      cors: null,
      databaseStartupTimeoutMs: 60_000,
      rateLimits: {
        windowMs: 60_000,
        anonymous: 1_200,
        writes: 600,
        authFailures: 10,
        redisPrefix: 'newsroom-cms:rate-limit:',
      },
      shutdownDelayMs: 0,
      events: {
        retentionDays: 30,
        workers: true,
        pollMs: 1_000,
        allowHttp: false,
        allowPrivateAddresses: false,
        timeoutMs: 10_000,
        secretGraceMs: 24 * 3_600_000,
        secretsKey: null,
      },
    })
  })

  it('refuses a WEBHOOK_SECRETS_KEY that is not 32 bytes in base64', () => {
    expect(() => loadConfig({ WEBHOOK_SECRETS_KEY: 'c2hvcnQ=' })).toThrow(/WEBHOOK_SECRETS_KEY/)
  })

  it('treats empty strings as unset', () => {
    const config = loadConfig({
      PORT: '',
      HOST: '',
      DATABASE_URL: '',
      DATABASE_POOL_SIZE: '',
      DATA_DIR: '',
      LOG_LEVEL: '',
      BODY_LIMIT: '',
      SEED_DEMO_CONTENT: '',
      TRUST_PROXY: '',
      PUBLIC_SITE_URL: '',
      PUBLIC_SITE_NAME: '',
      CACHE_MAX_AGE: '',
      CACHE_S_MAXAGE: '',
      CACHE_SWR: '',
      DATABASE_CONNECT_TIMEOUT_MS: '',
      DATABASE_QUERY_TIMEOUT_MS: '',
      DATABASE_RETRY_AFTER_SECONDS: '',
      READINESS_TIMEOUT_MS: '',
      CHANGE_FEED_HEARTBEAT_MS: '',
      CHANGE_FEED_TIMEOUT_MS: '',
    })
    expect(config).toEqual(loadConfig({}))
  })

  it('reads every variable that is set', () => {
    expect(
      loadConfig({
        PORT: '8080',
        HOST: '127.0.0.1',
        DATABASE_URL: 'postgresql://cms:pw@db:5432/cms',
        DATABASE_POOL_SIZE: '25',
        DATA_DIR: '/var/lib/cms',
        LOG_LEVEL: 'debug',
        BODY_LIMIT: '2048',
        IMPORT_MAX_MB: '10',
        SEED_DEMO_CONTENT: 'never',
        TRUST_PROXY: 'true',
        PUBLIC_SITE_URL: 'https://news.example/en/',
        PUBLIC_SITE_NAME: 'The Daily Example',
        CACHE_MAX_AGE: '0',
        CACHE_S_MAXAGE: '600',
        CACHE_SWR: '86400',
        RESPONSE_CACHE_MAX_MB: '16',
        REQUEST_TIMEOUT_MS: '5000',
        CORS_ORIGINS: 'https://news.example, *',
        SHUTDOWN_DELAY_MS: '15000',
        DATABASE_CONNECT_TIMEOUT_MS: '500',
        DATABASE_QUERY_TIMEOUT_MS: '30000',
        DATABASE_RETRY_AFTER_SECONDS: '2',
        READINESS_TIMEOUT_MS: '1500',
        CHANGE_FEED_HEARTBEAT_MS: '250',
        CHANGE_FEED_TIMEOUT_MS: '750',
        RATE_LIMIT: 'off',
        EVENTS_RETENTION_DAYS: '7',
        WORKERS: 'false',
        WORKER_POLL_MS: '250',
        WEBHOOK_ALLOW_HTTP: 'true',
        WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true',
        WEBHOOK_TIMEOUT_MS: '3000',
        WEBHOOK_SECRET_GRACE_HOURS: '2',
        WEBHOOK_SECRETS_KEY: Buffer.alloc(32, 7).toString('base64'),
      }),
    ).toEqual({
      port: 8080,
      host: '127.0.0.1',
      databaseUrl: 'postgresql://cms:pw@db:5432/cms',
      databasePoolSize: 25,
      databaseTimeouts: {
        connectMs: 500,
        queryMs: 30_000,
        retryAfterSeconds: 2,
        readinessMs: 1_500,
        feedHeartbeatMs: 250,
        feedTimeoutMs: 750,
      },
      dataDir: '/var/lib/cms',
      logLevel: 'debug',
      bodyLimit: 2048,
      imports: { spoolDir: '/var/lib/cms/imports', maxBytes: 10 * 1024 * 1024 },
      seedDemoContent: 'never',
      trustProxy: true,
      publicSiteUrl: 'https://news.example/en',
      publicSiteName: 'The Daily Example',
      httpCache: { maxAge: 0, sMaxAge: 600, staleWhileRevalidate: 86400 },
      responseCacheBytes: 16 * 1024 * 1024,
      requestTimeoutMs: 5000,
      cors: { origins: ['https://news.example', '*'] },
      databaseStartupTimeoutMs: 60_000,
      rateLimits: null,
      shutdownDelayMs: 15_000,
      events: {
        retentionDays: 7,
        workers: false,
        pollMs: 250,
        allowHttp: true,
        allowPrivateAddresses: true,
        timeoutMs: 3_000,
        secretGraceMs: 2 * 3_600_000,
        secretsKey: Buffer.alloc(32, 7),
      },
    })
  })

  it('turns the response cache off with RESPONSE_CACHE=off (or false, 0, no)', () => {
    for (const off of ['off', 'false', '0', 'no']) {
      expect(
        loadConfig({ RESPONSE_CACHE: off, RESPONSE_CACHE_MAX_MB: '16' }).responseCacheBytes,
        off,
      ).toBe(0)
    }
    expect(loadConfig({ RESPONSE_CACHE: 'on' }).responseCacheBytes).toBe(64 * 1024 * 1024)
  })

  it('accepts postgres:// as well as postgresql:// URLs', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://db/cms' }).databaseUrl).toBe('postgres://db/cms')
  })

  it('ignores unrelated environment variables', () => {
    expect(loadConfig({ PATH: '/usr/bin', HOME: '/root', NODE_ENV: 'development' })).toEqual(
      loadConfig({}),
    )
  })

  it('refuses the embedded database in production unless its risk is accepted', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(
      /DATABASE_URL: required when NODE_ENV=production/,
    )
    expect(
      loadConfig({ NODE_ENV: 'production', ALLOW_EMBEDDED_DATABASE: 'true' }).databaseUrl,
    ).toBeUndefined()
    expect(
      loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/cms' }).databaseUrl,
    ).toBe('postgres://db/cms')
  })

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['PORT', '3.5'],
    ['DATABASE_URL', 'mysql://x'],
    ['DATABASE_URL', 'not a url'],
    ['DATABASE_POOL_SIZE', '0'],
    ['LOG_LEVEL', 'loud'],
    ['BODY_LIMIT', '10'],
    ['SEED_DEMO_CONTENT', 'always'],
    ['TRUST_PROXY', 'maybe'],
    ['PUBLIC_SITE_URL', 'news.example'],
    ['PUBLIC_SITE_URL', 'ftp://news.example'],
    ['PUBLIC_SITE_URL', 'https://news.example/?utm=1'],
    ['PUBLIC_SITE_NAME', '   '],
    ['CACHE_MAX_AGE', '-1'],
    ['CACHE_MAX_AGE', '1.5'],
    ['CACHE_S_MAXAGE', '0x10'],
    ['CACHE_S_MAXAGE', '31536001'],
    ['CACHE_SWR', 'forever'],
    ['RESPONSE_CACHE', 'sometimes'],
    ['RESPONSE_CACHE_MAX_MB', '0'],
  ])('rejects %s=%s with a ConfigError naming it', (name, value) => {
    const err = configError({ [name]: value })
    expect(err.message).toContain(name)
  })

  it('names only the variables that are wrong', () => {
    const err = configError({ PORT: 'abc', LOG_LEVEL: 'info', DATABASE_URL: 'postgresql://db/cms' })
    expect(err.message).toContain('PORT')
    expect(err.message).not.toContain('LOG_LEVEL')
    expect(err.message).not.toContain('DATABASE_URL')
  })

  it('names every bad variable at once', () => {
    const err = configError({ PORT: 'abc', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' })
    expect(err.message).toContain('PORT')
    expect(err.message).toContain('DATABASE_URL')
    expect(err.message).toContain('LOG_LEVEL')
  })

  it('tells what a valid DATABASE_URL looks like', () => {
    expect(configError({ DATABASE_URL: 'mysql://x' }).message).toMatch(/postgres(ql)?:\/\//)
  })
})

describe('loadConfig number parsing', () => {
  it('refuses blank, hexadecimal and fractional numbers instead of guessing', () => {
    for (const PORT of [' ', '0x10', '3000.5', '-1']) {
      expect(() => loadConfig({ PORT }), PORT).toThrow(/PORT/)
    }
    expect(() => loadConfig({ DATABASE_POOL_SIZE: '0' })).toThrow(/DATABASE_POOL_SIZE/)
    expect(loadConfig({ PORT: '8080', BODY_LIMIT: '2048' })).toMatchObject({
      port: 8080,
      bodyLimit: 2048,
    })
  })
})

describe('loadConfig database timeouts', () => {
  it('matches the defaults openDatabase uses without a configuration', async () => {
    const { DEFAULT_DATABASE_TIMEOUTS } = await import('../../src/db/pool-timeouts.js')
    expect(loadConfig({}).databaseTimeouts).toEqual(DEFAULT_DATABASE_TIMEOUTS)
  })

  it('refuses timeouts of zero (which pg reads as "wait forever") or below 100 ms, and absurd ones', () => {
    for (const name of [
      'DATABASE_CONNECT_TIMEOUT_MS',
      'DATABASE_QUERY_TIMEOUT_MS',
      'CHANGE_FEED_HEARTBEAT_MS',
      'CHANGE_FEED_TIMEOUT_MS',
    ]) {
      for (const value of ['0', '99', '1.5', 'ten', '9999999999']) {
        expect(configError({ [name]: value }).message, `${name}=${value}`).toContain(name)
      }
    }
    expect(configError({ DATABASE_RETRY_AFTER_SECONDS: '0' }).message).toContain(
      'DATABASE_RETRY_AFTER_SECONDS',
    )
    expect(configError({ READINESS_TIMEOUT_MS: '0' }).message).toContain('READINESS_TIMEOUT_MS')
  })
})
