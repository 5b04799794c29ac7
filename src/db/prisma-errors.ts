import { Prisma } from './generated/client.js'
import { type AppError, ConflictError } from '../errors/app-error.js'

// Database errors reach the app three ways, and each is read only through what its maker documents:
// - Prisma's model queries: PrismaClientKnownRequestError with P2002 (unique) or P2003 (foreign
//   key); P2002's message names what failed, "Unique constraint failed on the {constraint}": the
//   fields, "fields: (`slug`)", or the index, "constraint: `Byline_slug_key`";
// - Prisma's raw statements ($queryRaw, $executeRaw): P2010, whose message Prisma documents as
//   "Raw query failed. Code: `<SQLSTATE>`. Message: `<PostgreSQL's message>`";
// - the hot reads (raw-reads.ts, through Kysely): the driver's own error, pg's DatabaseError or
//   PGlite's (a class of its own copy of the protocol code, with the same fields), carrying
//   PostgreSQL's SQLSTATE in `code` and the violated constraint's name in `constraint`.

/** What PostgreSQL reported: its SQLSTATE, and the constraint a violation names, when known. */
export interface DatabaseFailure {
  sqlState: string
  constraint?: string
  /** The columns of a unique constraint, when Prisma names them. */
  fields?: string[]
}

const SQLSTATE = /^[0-9A-Z]{5}$/
const RAW_FAILURE = /^Raw query failed\. Code: `([0-9A-Z]{5})`\. Message: `([\s\S]*)`$/m

/** PostgreSQL's report of a failed statement, whichever way it came; undefined for other errors. */
export function databaseFailure(err: unknown): DatabaseFailure | undefined {
  if (err instanceof Prisma.PrismaClientKnownRequestError) {
    if (err.code === 'P2002') {
      const fields = /Unique constraint failed on the fields: \(([^)]*)\)/.exec(err.message)?.[1]
      const constraint = /Unique constraint failed on the constraint: `([^`]+)`/.exec(
        err.message,
      )?.[1]
      return {
        sqlState: '23505',
        ...(fields ? { fields: fields.split(',').map((f) => f.trim().replaceAll('`', '')) } : {}),
        ...(constraint ? { constraint } : {}),
      }
    }
    if (err.code === 'P2003') return { sqlState: '23503' }
    const raw = err.code === 'P2010' ? RAW_FAILURE.exec(err.message) : null
    if (!raw) return undefined
    const [, sqlState = '', message = ''] = raw
    const constraint = /constraint "([^"]+)"/.exec(message)?.[1]
    return { sqlState, ...(constraint ? { constraint } : {}) }
  }
  // pg's DatabaseError and PGlite's: by shape, since PGlite's is not pg's class.
  if (err instanceof Error) {
    const { code, severity, constraint } = err as Error & {
      code?: unknown
      severity?: unknown
      constraint?: unknown
    }
    if (typeof code === 'string' && SQLSTATE.test(code) && typeof severity === 'string') {
      return { sqlState: code, ...(typeof constraint === 'string' ? { constraint } : {}) }
    }
  }
  return undefined
}

/** The constraint a failed write violated, if any. */
export function violatedConstraint(err: unknown): 'unique' | 'foreignKey' | undefined {
  const sqlState = databaseFailure(err)?.sqlState
  if (sqlState === '23505') return 'unique'
  if (sqlState === '23503') return 'foreignKey'
  return undefined
}

/** Translates database constraint violations that a client can cause into AppErrors. */
export function translatePrismaError(err: unknown): AppError | undefined {
  const failure = databaseFailure(err)
  if (failure?.sqlState === '23505') {
    const target = uniqueTarget(failure)
    return new ConflictError(
      `${target ?? 'A unique value'} is already taken.`,
      target ? { field: target } : {},
    )
  }
  if (failure?.sqlState === '23503') {
    // A row the write refers to was deleted by a concurrent request between our checks and the write.
    return new ConflictError(
      'Something this change refers to was deleted meanwhile; fetch the current state and retry.',
    )
  }
  return undefined
}

/** The field of a unique constraint: named by Prisma, or from the index name Prisma gives it, "<Table>_<field>_key". */
function uniqueTarget({ fields, constraint }: DatabaseFailure): string | undefined {
  if (fields?.length === 1) return fields[0]
  return /^[A-Za-z]+_([A-Za-z]+)_key$/.exec(constraint ?? '')?.[1]
}
