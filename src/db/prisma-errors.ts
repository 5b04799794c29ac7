import { Prisma } from './generated/client.js'
import { type AppError, ConflictError } from '../errors/app-error.js'

type Cause = { kind?: string; constraint?: { fields?: string[]; index?: string }; table?: string }
type Meta = { target?: unknown; driverAdapterError?: { cause?: Cause } } | undefined

/**
 * The constraint a failed write violated, if any. Prisma's own writes report P2002 (unique) and
 * P2003 (foreign key); raw statements report every database error as P2010, with the driver
 * adapter's classification in the metadata.
 */
export function violatedConstraint(err: unknown): 'unique' | 'foreignKey' | undefined {
  if (!(err instanceof Prisma.PrismaClientKnownRequestError)) return undefined
  const kind = err.code === 'P2010' ? (err.meta as Meta)?.driverAdapterError?.cause?.kind : undefined
  if (err.code === 'P2002' || kind === 'UniqueConstraintViolation') return 'unique'
  if (err.code === 'P2003' || kind === 'ForeignKeyConstraintViolation') return 'foreignKey'
  return undefined
}

/** Translates database constraint violations that a client can cause into AppErrors. */
export function translatePrismaError(err: unknown): AppError | undefined {
  const violated = violatedConstraint(err)
  if (violated === 'unique') {
    const target = uniqueTarget(err as Prisma.PrismaClientKnownRequestError)
    return new ConflictError(`${target ?? 'A unique value'} is already taken.`, target ? { field: target } : {})
  }
  if (violated === 'foreignKey') {
    // A row the write refers to was deleted by a concurrent request between our checks and the write.
    return new ConflictError('Something this change refers to was deleted meanwhile; fetch the current state and retry.')
  }
  return undefined
}

function uniqueTarget(err: Prisma.PrismaClientKnownRequestError): string | undefined {
  const meta = err.meta as Meta
  const cause = meta?.driverAdapterError?.cause
  const fields = Array.isArray(meta?.target) ? meta.target : cause?.constraint?.fields
  const field = fields?.[0]
  if (typeof field === 'string') return field.replaceAll('"', '')
  // The pg adapter names only the index, which Prisma calls "<Table>_<field>_key".
  const index = cause?.constraint?.index
  const prefix = `${cause?.table}_`
  return index?.startsWith(prefix) && index.endsWith('_key') ? index.slice(prefix.length, -'_key'.length) : undefined
}
