import { join } from 'node:path'
import { z } from 'zod'

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const

/** A decimal integer in range; stricter than z.coerce, which would take " " as 0 and "0x10" as 16. */
const EnvInt = (min: number, max: number, fallback: number) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().min(min).max(max))
    .default(fallback)

/** `scheme://host[:port]` exactly, as browsers send it in Origin. */
function isOrigin(value: string): boolean {
  try {
    const url = new URL(value)
    return /^https?:$/.test(url.protocol) && url.origin === value
  } catch {
    return false
  }
}

const EnvSchema = z.object({
  PORT: EnvInt(0, 65535, 3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// or postgresql:// URL' })
    .optional(),
  DATABASE_POOL_SIZE: EnvInt(1, 200, 10),
  // Client-side bounds on waiting for PostgreSQL, in milliseconds (see db/pool-timeouts.ts).
  DATABASE_CONNECT_TIMEOUT_MS: EnvInt(100, 600_000, 2_000),
  DATABASE_QUERY_TIMEOUT_MS: EnvInt(100, 3_600_000, 10_000),
  DATABASE_RETRY_AFTER_SECONDS: EnvInt(1, 3_600, 5),
  READINESS_TIMEOUT_MS: EnvInt(50, 60_000, 1_000),
  CHANGE_FEED_HEARTBEAT_MS: EnvInt(100, 600_000, 1_000),
  CHANGE_FEED_TIMEOUT_MS: EnvInt(100, 600_000, 2_000),
  DATA_DIR: z.string().min(1).default('./.data'),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  BODY_LIMIT: EnvInt(1024, 1024 ** 3, 1024 * 1024),
  // The largest upload POST /v1/imports accepts, in MiB (npm run import has no limit).
  IMPORT_MAX_MB: EnvInt(1, 1_048_576, 4_096),
  SEED_DEMO_CONTENT: z.enum(['auto', 'never']).default('auto'),
  TRUST_PROXY: z.stringbool().default(false),
  PUBLIC_SITE_URL: z
    .url({ protocol: /^https?$/, error: 'must be an absolute http:// or https:// URL' })
    .refine((url) => !/[?#]/.test(url), 'must not have a query or a fragment')
    .default('http://localhost:3000'),
  PUBLIC_SITE_NAME: z.string().trim().min(1).max(200).default('Newsroom'),
  // Cache-Control of public GET responses, in seconds (at most a year).
  CACHE_MAX_AGE: EnvInt(0, 31_536_000, 10),
  CACHE_S_MAXAGE: EnvInt(0, 31_536_000, 60),
  CACHE_SWR: EnvInt(0, 31_536_000, 300),
  RESPONSE_CACHE: z.stringbool().default(true),
  RESPONSE_CACHE_MAX_MB: EnvInt(1, 65_536, 64),
  REQUEST_TIMEOUT_MS: EnvInt(1_000, 600_000, 30_000),
  CORS_ORIGINS: z
    .string()
    .transform((list) =>
      list
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean),
    )
    .refine(
      (items) => items.every((item) => item === '*' || isOrigin(item)),
      'must be * or origins such as https://news.example, separated by commas',
    )
    .optional(),
  DATABASE_STARTUP_TIMEOUT_MS: EnvInt(0, 3_600_000, 60_000),
  // Abuse limits (plugins/rate-limits.ts): requests per window; 0 turns one limit off.
  RATE_LIMIT: z.stringbool().default(true),
  RATE_LIMIT_WINDOW_SECONDS: EnvInt(1, 86_400, 60),
  RATE_LIMIT_ANONYMOUS: EnvInt(0, 10_000_000, 1_200),
  RATE_LIMIT_WRITES: EnvInt(0, 10_000_000, 600),
  RATE_LIMIT_AUTH_FAILURES: EnvInt(0, 10_000_000, 10),
  RATE_LIMIT_REDIS_URL: z
    .url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' })
    .optional(),
  RATE_LIMIT_REDIS_PREFIX: z.string().min(1).max(100).default('newsroom-cms:rate-limit:'),
  SHUTDOWN_DELAY_MS: EnvInt(0, 600_000, 0),
  // Change events and webhooks (modules/events, modules/webhooks).
  EVENTS_RETENTION_DAYS: EnvInt(1, 3_650, 30),
  WORKERS: z.stringbool().default(true),
  WORKER_POLL_MS: EnvInt(50, 600_000, 1_000),
  WEBHOOK_ALLOW_HTTP: z.stringbool().default(false),
  WEBHOOK_ALLOW_PRIVATE_ADDRESSES: z.stringbool().default(false),
  WEBHOOK_TIMEOUT_MS: EnvInt(100, 120_000, 10_000),
  WEBHOOK_SECRET_GRACE_HOURS: EnvInt(0, 720, 24),
  WEBHOOK_SECRETS_KEY: z
    .string()
    .refine(
      (key) => Buffer.from(key, 'base64').length === 32,
      'must be 32 random bytes in base64 (openssl rand -base64 32)',
    )
    .optional(),
  NODE_ENV: z.string().optional(),
  ALLOW_EMBEDDED_DATABASE: z.stringbool().default(false),
})

/** Client-side bounds on waiting for the database; db/pool-timeouts.ts says why each default. */
export interface DatabaseTimeouts {
  connectMs: number
  queryMs: number
  retryAfterSeconds: number
  readinessMs: number
  feedHeartbeatMs: number
  feedTimeoutMs: number
}

/** Abuse limits, per window: a limit of 0 is off. plugins/rate-limits.ts says why each default. */
export interface RateLimits {
  windowMs: number
  /** Requests without a key, per client IP (reads, cache hits included). */
  anonymous: number
  /** POST, PUT, PATCH and DELETE requests, per key. */
  writes: number
  /** Failed authentications, per client IP and per key prefix; past it, keys are not looked up. */
  authFailures: number
  /** A Redis server that instances share their counts through; unset: each instance counts alone. */
  redisUrl?: string
  /** The prefix of the counters' Redis keys. */
  redisPrefix: string
}

/** Change events and webhook delivery; the defaults are in modules/webhooks/webhook-options.ts. */
export interface EventsConfig {
  /** How long events and delivery logs are kept. */
  retentionDays: number
  /** Whether this instance runs the background jobs (fan-out, delivery, scheduled events, pruning). */
  workers: boolean
  /** How often the jobs look for work when nothing wakes them. */
  pollMs: number
  /** http:// webhook URLs (local development). */
  allowHttp: boolean
  /** Delivery to loopback, private and link-local addresses (tests, development). */
  allowPrivateAddresses: boolean
  /** Connect and response timeout of one delivery attempt. */
  timeoutMs: number
  /** How long a rotated-out secret keeps signing. */
  secretGraceMs: number
  /** AES-256-GCM key for secrets at rest; none: stored in clear (docs/events.md). */
  secretsKey: Buffer | null
}

export type Config = {
  port: number
  host: string
  /** A PostgreSQL server, or undefined for the embedded PGlite database in `dataDir`. */
  databaseUrl: string | undefined
  databasePoolSize: number
  /** How long the app waits on PostgreSQL before it answers 503 (DATABASE_*_TIMEOUT_MS, READINESS_TIMEOUT_MS, CHANGE_FEED_*). */
  databaseTimeouts: DatabaseTimeouts
  dataDir: string
  logLevel: (typeof LOG_LEVELS)[number]
  bodyLimit: number
  /** Uploads to POST /v1/imports: kept under DATA_DIR/imports while imported, IMPORT_MAX_MB at most. */
  imports: { spoolDir: string; maxBytes: number }
  /** 'auto': seed demo content on the first start of an empty embedded database. */
  seedDemoContent: 'auto' | 'never'
  trustProxy: boolean
  /** The public website that feeds and structured data link to, e.g. `https://news.example`. */
  publicSiteUrl: string
  /** The publisher's name in feeds and structured data. */
  publicSiteName: string
  /** Cache-Control of public GET responses: browsers (max-age), CDNs (s-maxage), stale-while-revalidate. */
  httpCache: { maxAge: number; sMaxAge: number; staleWhileRevalidate: number }
  /** Bytes of anonymous responses kept in process (stored gzip-compressed); 0 when RESPONSE_CACHE is off. */
  responseCacheBytes: number
  /** How long a client may take to send a whole request, body included. */
  requestTimeoutMs: number
  /** Origins that may call the API from a browser (CORS_ORIGINS); null: no CORS headers at all. */
  cors: { origins: string[] } | null
  /** How long start-up waits for an unreachable database, retrying, before it gives up. */
  databaseStartupTimeoutMs: number
  /** Abuse limits (RATE_LIMIT_*); null when RATE_LIMIT is off. */
  rateLimits: RateLimits | null
  /** On SIGTERM, how long /readyz answers 503 while requests are still served, before the listener closes. */
  shutdownDelayMs: number
  events: EventsConfig
}

export class ConfigError extends Error {}

/** Reads the configuration from environment variables; throws a ConfigError naming each bad one. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const defined = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v !== ''),
  )
  const parsed = EnvSchema.safeParse(defined)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`)
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`)
  }
  const e = parsed.data
  // PGlite writes through to the OS on every commit (a killed process loses nothing) but cannot
  // fsync, so a crashed machine can lose recent commits: production must say it accepts that.
  if (e.NODE_ENV === 'production' && !e.DATABASE_URL && !e.ALLOW_EMBEDDED_DATABASE) {
    throw new ConfigError(
      'Invalid configuration:\n  DATABASE_URL: required when NODE_ENV=production. The embedded database ' +
        'survives a killed process but not a crashed machine (it cannot fsync); set ALLOW_EMBEDDED_DATABASE=true ' +
        'to run it in production anyway.',
    )
  }
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    databaseTimeouts: {
      connectMs: e.DATABASE_CONNECT_TIMEOUT_MS,
      queryMs: e.DATABASE_QUERY_TIMEOUT_MS,
      retryAfterSeconds: e.DATABASE_RETRY_AFTER_SECONDS,
      readinessMs: e.READINESS_TIMEOUT_MS,
      feedHeartbeatMs: e.CHANGE_FEED_HEARTBEAT_MS,
      feedTimeoutMs: e.CHANGE_FEED_TIMEOUT_MS,
    },
    dataDir: e.DATA_DIR,
    logLevel: e.LOG_LEVEL,
    bodyLimit: e.BODY_LIMIT,
    imports: { spoolDir: join(e.DATA_DIR, 'imports'), maxBytes: e.IMPORT_MAX_MB * 1024 * 1024 },
    seedDemoContent: e.SEED_DEMO_CONTENT,
    trustProxy: e.TRUST_PROXY,
    publicSiteUrl: e.PUBLIC_SITE_URL.replace(/\/+$/, ''),
    publicSiteName: e.PUBLIC_SITE_NAME,
    httpCache: {
      maxAge: e.CACHE_MAX_AGE,
      sMaxAge: e.CACHE_S_MAXAGE,
      staleWhileRevalidate: e.CACHE_SWR,
    },
    responseCacheBytes: e.RESPONSE_CACHE ? e.RESPONSE_CACHE_MAX_MB * 1024 * 1024 : 0,
    requestTimeoutMs: e.REQUEST_TIMEOUT_MS,
    cors: e.CORS_ORIGINS?.length ? { origins: e.CORS_ORIGINS } : null,
    databaseStartupTimeoutMs: e.DATABASE_STARTUP_TIMEOUT_MS,
    rateLimits: e.RATE_LIMIT
      ? {
          windowMs: e.RATE_LIMIT_WINDOW_SECONDS * 1000,
          anonymous: e.RATE_LIMIT_ANONYMOUS,
          writes: e.RATE_LIMIT_WRITES,
          authFailures: e.RATE_LIMIT_AUTH_FAILURES,
          ...(e.RATE_LIMIT_REDIS_URL ? { redisUrl: e.RATE_LIMIT_REDIS_URL } : {}),
          redisPrefix: e.RATE_LIMIT_REDIS_PREFIX,
        }
      : null,
    shutdownDelayMs: e.SHUTDOWN_DELAY_MS,
    events: {
      retentionDays: e.EVENTS_RETENTION_DAYS,
      workers: e.WORKERS,
      pollMs: e.WORKER_POLL_MS,
      allowHttp: e.WEBHOOK_ALLOW_HTTP,
      allowPrivateAddresses: e.WEBHOOK_ALLOW_PRIVATE_ADDRESSES,
      timeoutMs: e.WEBHOOK_TIMEOUT_MS,
      secretGraceMs: e.WEBHOOK_SECRET_GRACE_HOURS * 3_600_000,
      secretsKey: e.WEBHOOK_SECRETS_KEY ? Buffer.from(e.WEBHOOK_SECRETS_KEY, 'base64') : null,
    },
  }
}
