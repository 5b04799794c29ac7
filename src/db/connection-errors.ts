/**
 * Whether an error says the database could not be reached or did not answer in time, rather than
 * that the request was wrong or the code is: such a request may well succeed a few seconds later,
 * so it is answered 503 with Retry-After, not 500.
 *
 * The same outage reaches the app in several shapes, depending on where it hit:
 * - node-pg's own errors, passed through the pg driver adapter unclassified: a client-side timeout
 *   (`Query read timeout`, `timeout exceeded when trying to connect`, `Connection terminated due to
 *   connection timeout`, `timeout expired`) or a dropped connection (`Connection terminated
 *   unexpectedly`, `… not queryable`), and socket errors (ECONNREFUSED, ECONNRESET, …);
 * - Prisma's codes: P1001 (cannot reach), P1002/P1008 (timed out), P1017 (server closed the
 *   connection), P2024 (no pool connection in time), P2028 (a transaction could not start or
 *   expired in time);
 * - the driver adapter's classification, in `meta.driverAdapterError.cause` (or as the cause of a
 *   DriverAdapterError): DatabaseNotReachable, ConnectionClosed, SocketTimeout, TooManyConnections,
 *   or a PostgreSQL error of class 08 (connection exception), 57P01–57P03 (the server is shutting
 *   down, crashed or starting), 53300 (too many connections), 57014 (statement_timeout).
 * PGlite runs in process: none of these can happen there.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  return check(err, 0)
}

const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'P2028'])
const ADAPTER_KINDS = new Set([
  'DatabaseNotReachable',
  'ConnectionClosed',
  'SocketTimeout',
  'TooManyConnections',
])
const SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300', '57014'])
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
])
const PG_MESSAGES = [
  'Query read timeout',
  'timeout exceeded when trying to connect',
  'Connection terminated due to connection timeout',
  'Connection terminated unexpectedly',
  'timeout expired',
  'is not queryable',
  "Can't reach database server",
]

function check(err: unknown, depth: number): boolean {
  if (!err || typeof err !== 'object' || depth > 4) return false
  const e = err as {
    code?: unknown
    errorCode?: unknown
    kind?: unknown
    message?: unknown
    name?: unknown
    cause?: unknown
    meta?: { driverAdapterError?: unknown }
  }
  const code = typeof e.code === 'string' ? e.code : undefined
  if (
    code &&
    e.name !== 'PrismaClientKnownRequestError' &&
    (SOCKET_CODES.has(code) || isSqlState(code))
  )
    return true
  if (code && PRISMA_CODES.has(code)) return true
  if (typeof e.errorCode === 'string' && PRISMA_CODES.has(e.errorCode)) return true // PrismaClientInitializationError
  if (typeof e.kind === 'string') {
    if (ADAPTER_KINDS.has(e.kind)) return true
    const state = (e as { code?: unknown; originalCode?: unknown }).originalCode ?? e.code
    if (e.kind === 'postgres' && typeof state === 'string' && isSqlState(state)) return true
  }
  // Only errors that come straight from node-pg (plain Errors) are matched by message.
  if (
    e.name === 'Error' &&
    typeof e.message === 'string' &&
    PG_MESSAGES.some((m) => (e.message as string).includes(m))
  )
    return true
  return check(e.meta?.driverAdapterError, depth + 1) || check(e.cause, depth + 1)
}

function isSqlState(code: string): boolean {
  return SQLSTATES.has(code) || /^08[0-9A-Z]{3}$/.test(code)
}
