import { Prisma } from '../db/generated/client.js'
import { type AppError, ConflictError } from './app-error.js'

/** Translates database constraint violations that a client can cause into AppErrors. */
export function translatePrismaError(err: unknown): AppError | undefined {
  if (!(err instanceof Prisma.PrismaClientKnownRequestError)) return undefined
  if (err.code === 'P2002') {
    const target = uniqueTarget(err)
    return new ConflictError(`${target ?? 'A unique value'} is already taken.`, target ? { field: target } : {})
  }
  if (err.code === 'P2003') {
    // A row the write refers to was deleted by a concurrent request between our checks and the write.
    return new ConflictError('Something this change refers to was deleted meanwhile; fetch the current state and retry.')
  }
  return undefined
}

function uniqueTarget(err: Prisma.PrismaClientKnownRequestError): string | undefined {
  type Cause = { constraint?: { fields?: string[]; index?: string }; table?: string }
  const meta = err.meta as { target?: unknown; driverAdapterError?: { cause?: Cause } } | undefined
  const cause = meta?.driverAdapterError?.cause
  const fields = Array.isArray(meta?.target) ? meta.target : cause?.constraint?.fields
  const field = fields?.[0]
  if (typeof field === 'string') return field.replaceAll('"', '')
  // The pg adapter names only the index, which Prisma calls "<Table>_<field>_key".
  const index = cause?.constraint?.index
  const prefix = `${cause?.table}_`
  return index?.startsWith(prefix) && index.endsWith('_key') ? index.slice(prefix.length, -'_key'.length) : undefined
}
