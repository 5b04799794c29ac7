import { type ArgType, type ColumnType, ColumnTypeEnum, type SqlDriverAdapterFactory, type SqlQueryable } from '@prisma/driver-adapter-utils'
import { Prisma, type PrismaClient } from './generated/client.js'
import type { Db } from './db-types.js'

// The hot reads (an article, a page of articles, a story's recommendations) are hand-written
// statements. Sent through the Prisma client, each costs more CPU than the same statement sent
// through the client's own driver adapter (the client builds and interprets a query plan, and
// converts the results value by value): the app's CPU per request, more than PostgreSQL's. `readRows` sends them to
// the adapter directly and converts the values as the client would.

/** A way to run reads outside the Prisma client, per client opened by openDatabase. */
const readers = new WeakMap<object, (sql: Prisma.Sql) => Promise<unknown[]>>()

/** Lets `readRows` run reads on `prisma` through a queryable of its driver adapter factory. */
export function registerRawReads(prisma: PrismaClient, factory: SqlDriverAdapterFactory, onQuery?: (sql: string) => void): void {
  let queryable: Promise<SqlQueryable> | undefined
  readers.set(prisma, async (sql) => {
    queryable ??= factory.connect()
    const driver = await queryable
    const text = sql.text // built afresh on each access
    onQuery?.(text)
    const { columnNames, columnTypes, rows } = await driver
      .queryRaw({ sql: text, args: sql.values, argTypes: sql.values.map(argType) })
      .catch((error: unknown) => Promise.reject(asClientError(error)))
    return rows.map((row) => {
      const out: Record<string, unknown> = {}
      for (let i = 0; i < columnNames.length; i++) out[columnNames[i]!] = fromColumn(columnTypes[i]!, row[i])
      return out
    })
  })
}

/**
 * The rows `sql` selects, as `db.$queryRaw` would return them. On a transaction's client (or a
 * client openDatabase did not open), through `$queryRaw`: only plain reads take the short path.
 */
export function readRows<T>(db: Db, sql: Prisma.Sql): Promise<T[]> {
  const read = readers.get(db)
  return read ? (read(sql) as Promise<T[]>) : db.$queryRaw<T[]>(sql)
}

/** A database error as the client reports one for a raw statement (see prisma-errors.ts). */
function asClientError(error: unknown): unknown {
  // By name: the PGlite adapter bundles a copy of its own of the adapter utilities and their class.
  if (!(error instanceof Error) || error.name !== 'DriverAdapterError') return error
  const cause = error.cause as { originalCode?: string; originalMessage?: string; kind: string }
  const message = `Raw query failed. Code: \`${cause.originalCode ?? cause.kind}\`. Message: \`${cause.originalMessage ?? cause.kind}\``
  return new Prisma.PrismaClientKnownRequestError(message, {
    code: 'P2010',
    clientVersion: Prisma.prismaVersion.client,
    meta: { driverAdapterError: error },
  })
}

/** The adapters only look at argument types to format dates, bytes and lists of them. */
const argType = (value: unknown): ArgType => ({ scalarType: 'unknown', arity: Array.isArray(value) ? 'list' : 'scalar' })

/** A value as the adapter gives it, converted as the Prisma client converts raw results. */
function fromColumn(type: ColumnType, value: unknown): unknown {
  if (value === null || value === undefined) return null
  if (Array.isArray(value) && type >= ColumnTypeEnum.Int32Array && type < ColumnTypeEnum.UnknownNumber) {
    return value.map((item) => fromColumn((type - ColumnTypeEnum.Int32Array) as ColumnType, item))
  }
  switch (type) {
    case ColumnTypeEnum.Int64:
      return BigInt(value as string)
    case ColumnTypeEnum.Numeric:
      return new Prisma.Decimal(value as string)
    case ColumnTypeEnum.Date:
    case ColumnTypeEnum.DateTime:
      return new Date(value as string)
    case ColumnTypeEnum.Time:
      return new Date(`1970-01-01T${value as string}Z`)
    case ColumnTypeEnum.Json:
      return typeof value === 'string' ? JSON.parse(value) : value
    case ColumnTypeEnum.Bytes:
      return value instanceof Uint8Array ? new Uint8Array(value.buffer, value.byteOffset, value.byteLength) : value
    default:
      return value
  }
}
