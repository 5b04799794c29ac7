import { mkdir } from 'node:fs/promises'
import { PrismaPg } from '@prisma/adapter-pg'
import {
  DriverAdapterError,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils'
import pg from 'pg'
import { type Prisma, PrismaClient } from './generated/client.js'
import { statementNames } from './statement-names.js'
import { lockDataDir } from './data-dir-lock.js'
import {
  DEFAULT_DATABASE_TIMEOUTS,
  type DatabaseTimeouts,
  POOL_IDLE_TIMEOUT_MS,
  POOL_MAX_LIFETIME_SECONDS,
  poolTimeoutOptions,
  registerTimeouts,
} from './pool-timeouts.js'
import { type Reads, readsOnPGlite, readsOnPool, registerReads } from './raw-reads.js'

export type { Db } from './db-types.js'
export type { Prisma, PrismaClient } from './generated/client.js'

export type DatabaseTarget =
  | { kind: 'postgres'; url: string; poolSize: number }
  | { kind: 'pglite'; dataDir: string | undefined }

export interface Database {
  prisma: PrismaClient
  /** Runs the hot reads outside the client, on its connections (see raw-reads.ts); readRows finds it from `prisma`. */
  reads: Reads
  /**
   * An adapter for the migration engine. On a server it has one dedicated connection, so that
   * the engine's session advisory lock (which keeps concurrent instances from migrating at
   * once) is taken and released on the same session.
   */
  migrationAdapter(): { adapter: SqlMigrationAwareDriverAdapterFactory; release(): Promise<void> }
  /** Human-readable, without credentials: for the start-up log line. */
  description: string
  close(): Promise<void>
}

export interface DatabaseOptions {
  /** Called with each SQL statement the client sends; tests count them. */
  onQuery?: (sql: string) => void
  /** How long a pooled PostgreSQL connection lives at most (POOL_MAX_LIFETIME_SECONDS); tests shorten it. */
  poolMaxLifetimeSeconds?: number
  /** How long to wait on the database before giving up (DATABASE_*_TIMEOUT_MS …); see pool-timeouts.ts. */
  timeouts?: Partial<DatabaseTimeouts>
}

/**
 * The stock pg adapter splits a migration script at every ';', dollar-quoted function bodies
 * included, and sends the pieces one by one, outside any transaction. Sent whole in the simple
 * query protocol, the server parses the script itself and runs it as one implicit transaction,
 * as PGlite's adapter already does: a migration that fails half-way leaves nothing behind.
 */
function wholeScripts(factory: PrismaPg, pool: pg.Pool): PrismaPg {
  const connect = factory.connect.bind(factory)
  factory.connect = async () => {
    const adapter = await connect()
    adapter.executeScript = async (script) => {
      try {
        await pool.query(script)
      } catch (error) {
        // Reported as adapters report a database's errors, through the utilities' public class.
        if (!(error instanceof pg.DatabaseError)) throw error
        throw new DriverAdapterError({
          kind: 'postgres',
          code: error.code ?? 'XX000',
          severity: error.severity ?? 'ERROR',
          message: error.message,
          detail: error.detail,
          column: error.column,
          hint: error.hint,
        })
      }
    }
    return adapter
  }
  return factory
}

function redact(url: string): string {
  const u = new URL(url)
  if (u.password) u.password = '***'
  return u.toString()
}

/** Opens the database; the embedded PGlite when no PostgreSQL URL is given. */
export async function openDatabase(
  target: DatabaseTarget,
  options: DatabaseOptions = {},
): Promise<Database> {
  let adapter: SqlMigrationAwareDriverAdapterFactory
  let migrationAdapter: Database['migrationAdapter']
  let description: string
  let closeDriver: () => Promise<void>
  const timeouts = { ...DEFAULT_DATABASE_TIMEOUTS, ...options.timeouts }
  let reads: Reads
  if (target.kind === 'postgres') {
    // A pool of our own, so that close() can end it.
    const pool = new pg.Pool({
      connectionString: target.url,
      max: target.poolSize,
      idleTimeoutMillis: POOL_IDLE_TIMEOUT_MS,
      maxLifetimeSeconds: options.poolMaxLifetimeSeconds ?? POOL_MAX_LIFETIME_SECONDS,
      ...poolTimeoutOptions(timeouts),
      // No JIT compilation: on a large archive the estimated costs of the hot reads pass
      // jit_above_cost, and compiling costs many times the read itself (docs/performance.md).
      options: '-c jit=off',
    })
    // An idle connection the server closes (restart, pg_terminate_backend) is dropped by the pool and
    // replaced on next use; without a listener its 'error' event would crash the process.
    pool.on('error', () => {})
    // One namer for both: pg refuses a statement name a connection prepared for another text.
    const names = statementNames(256)
    adapter = new PrismaPg(pool, { statementNameGenerator: names })
    reads = readsOnPool(pool, names, options.onQuery)
    migrationAdapter = () => {
      const single = new pg.Pool({ connectionString: target.url, max: 1 })
      return { adapter: wholeScripts(new PrismaPg(single), single), release: () => single.end() }
    }
    description = `PostgreSQL server ${redact(target.url)} (pool of ${target.poolSize})`
    closeDriver = async () => {
      // pool.end() resolves before its connections have closed; wait for every one of them, so
      // that a session ended from the server side (DROP DATABASE … FORCE) cannot raise an
      // 'error' on a pool that nobody listens to any more.
      let open = pool.totalCount
      const closed = new Promise<void>((resolve) => {
        if (open === 0) return resolve()
        pool.on('remove', () => --open === 0 && resolve())
      })
      await pool.end()
      await closed
    }
  } else {
    // Imported here, so that a server on PostgreSQL never loads the embedded database.
    const [{ PGlite }, { PrismaPGlite }] = await Promise.all([
      import('@electric-sql/pglite'),
      import('pglite-prisma-adapter'),
    ])
    let lock: { release(): Promise<void> } | undefined
    if (target.dataDir) {
      await mkdir(target.dataDir, { recursive: true })
      lock = await lockDataDir(target.dataDir)
    }
    let pglite: InstanceType<typeof PGlite>
    try {
      pglite = await PGlite.create(target.dataDir)
    } catch (error) {
      await lock?.release()
      throw error
    }
    adapter = new PrismaPGlite(pglite)
    reads = await readsOnPGlite(pglite, options.onQuery)
    // PGlite is a single session already.
    migrationAdapter = () => ({ adapter, release: async () => {} })
    description = target.dataDir
      ? `embedded PGlite in ${target.dataDir}`
      : 'embedded PGlite in memory'
    closeDriver = async () => {
      await pglite.close()
      await lock?.release()
    }
  }
  const prisma = new PrismaClient({
    adapter,
    log: options.onQuery ? [{ emit: 'event', level: 'query' }] : [],
  })
  if (options.onQuery) {
    const onQuery = options.onQuery
    prisma.$on('query' as never, (e: Prisma.QueryEvent) => onQuery(e.query))
  }
  registerReads(prisma, reads)
  registerTimeouts(prisma, timeouts)
  return {
    prisma,
    reads,
    migrationAdapter,
    description,
    async close() {
      await prisma.$disconnect()
      await closeDriver()
    },
  }
}
