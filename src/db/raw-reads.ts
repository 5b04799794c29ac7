import type { PGlite } from '@electric-sql/pglite'
import {
  CompiledQuery,
  Kysely,
  type LogEvent,
  PostgresDialect,
  type PostgresCursor,
  type PostgresPool,
  type PostgresPoolClient,
  type PostgresQueryResult,
} from 'kysely'
import pg from 'pg'
import type { Prisma } from './generated/client.js'
import type { Db } from './db-types.js'

// The hot reads (an article, a page of articles, a story's recommendations) are hand-written
// statements. Sent through the Prisma client ($queryRaw), each costs more CPU than the statement
// itself (the client builds and interprets a query plan and converts the results value by value):
// the app's CPU per request, more than PostgreSQL's. They run through Kysely instead, a maintained
// query builder, on the connections the Prisma client uses: the same pg.Pool on a server, the same
// PGlite instance when embedded.

/** Runs hand-written reads outside the Prisma client (see readRows). */
export interface Reads {
  rows<T>(sql: Prisma.Sql): Promise<T[]>
}

/** Only executes compiled statements: no tables are declared, so nothing is built with it. */
type Executor = Kysely<Record<string, never>>

function readsOn(kysely: Executor): Reads {
  return {
    async rows<T>(sql: Prisma.Sql) {
      const { rows } = await kysely.executeQuery<T>(CompiledQuery.raw(sql.text, sql.values))
      return rows as T[]
    },
  }
}

const logTo = (onQuery: ((sql: string) => void) | undefined) =>
  onQuery && ((event: LogEvent) => onQuery(event.query.sql))

/** timestamptz as a Date, from PostgreSQL's ISO text: '2026-06-01 12:00:00.25+00' (an offset of hours alone). */
function timestamptz(text: string): Date {
  const iso = text.replace(' ', 'T')
  return new Date(/[+-]\d\d$/.test(iso) ? `${iso}:00` : iso)
}

/**
 * pg's own type parsers but for timestamptz: pg's (postgres-date) matches a regular expression
 * per value, and its garbage made a page of articles cost noticeably more CPU than parsing as the
 * Prisma adapter does, as this does.
 */
const READ_TYPES = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.TIMESTAMPTZ
      ? timestamptz
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
}

/** A pooled pg client that sends each statement under the name `statementName` gives its text ('' for none). */
class NamingClient implements PostgresPoolClient {
  constructor(
    private readonly client: pg.PoolClient,
    private readonly statementName: (query: { sql: string }) => string,
  ) {}

  query<R>(sql: string, parameters: readonly unknown[]): Promise<PostgresQueryResult<R>>
  query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>
  query<R>(
    text: string | PostgresCursor<R>,
    values?: readonly unknown[],
  ): Promise<PostgresQueryResult<R>> | PostgresCursor<R> {
    if (typeof text !== 'string') throw new Error('cursors are not used')
    return this.send<R>(text, values ?? [])
  }

  private async send<R>(text: string, values: readonly unknown[]): Promise<PostgresQueryResult<R>> {
    const name = this.statementName({ sql: text })
    const { command, rowCount, rows } = await this.client.query<R & pg.QueryResultRow>({
      ...(name ? { name } : {}),
      text,
      values: [...values],
      types: READ_TYPES,
    })
    return { command: command as PostgresQueryResult<R>['command'], rowCount: rowCount ?? 0, rows }
  }

  release(destroy?: boolean): void {
    this.client.release(destroy)
  }
}

/**
 * Reads on a PostgreSQL pool, as named prepared statements: `statementName` gives a read's SQL
 * text its name (see statement-names.ts), so that each connection parses and plans it once. The
 * same namer as the Prisma adapter's on the same pool: pg refuses a name a connection already
 * prepared for another text. Never destroyed: the pool belongs to openDatabase, which ends it.
 */
export function readsOnPool(
  pool: pg.Pool,
  statementName: (query: { sql: string }) => string,
  onQuery?: (sql: string) => void,
): Reads {
  const clients = new WeakMap<pg.PoolClient, NamingClient>()
  const namingPool: PostgresPool = {
    async connect() {
      const client = await pool.connect()
      let wrapped = clients.get(client)
      if (!wrapped) {
        wrapped = new NamingClient(client, statementName)
        clients.set(client, wrapped)
      }
      return wrapped
    },
    end: async () => {},
  }
  return readsOn(
    new Kysely({ dialect: new PostgresDialect({ pool: namingPool }), log: logTo(onQuery) }),
  )
}

/**
 * Reads on an embedded PGlite. kysely-pglite-dialect runs one statement at a time, and PGlite
 * itself holds back a statement while the Prisma adapter has a transaction open: reads made
 * inside a transaction must go through the transaction's client (readRows does). Never destroyed:
 * that would close the PGlite instance, which openDatabase closes.
 */
export async function readsOnPGlite(
  pglite: PGlite,
  onQuery?: (sql: string) => void,
): Promise<Reads> {
  const { PGliteDialect } = await import('kysely-pglite-dialect')
  return readsOn(new Kysely({ dialect: new PGliteDialect(pglite), log: logTo(onQuery) }))
}

/**
 * The reader of each Prisma client openDatabase opened. The app and its services are handed the
 * Prisma client alone; this lets readRows find the reads that go with it.
 */
const readers = new WeakMap<object, Reads>()

export function registerReads(prisma: object, reads: Reads): void {
  readers.set(prisma, reads)
}

/**
 * The rows `sql` selects. On a client openDatabase opened, through its Reads; on a transaction's
 * client (or any other), through `$queryRaw`, so that the read sees the transaction.
 *
 * Both ways give the same values for what the hot reads select: int2/int4/float8 numbers, text,
 * uuid and enum strings, booleans, timestamptz as Dates, json/jsonb parsed, arrays of those. They
 * differ for int8 and numeric (pg: strings; PGlite: numbers or bigints; $queryRaw: BigInt and
 * Decimal), date and bytea: cast such values in the SQL (a count as `::int`).
 */
export function readRows<T>(db: Db, sql: Prisma.Sql): Promise<T[]> {
  const reads = readers.get(db)
  return reads ? reads.rows<T>(sql) : db.$queryRaw<T[]>(sql)
}
