import { Prisma } from '../db/generated/client.js'
import { type AppError, ConflictError } from './app-error.js'

/** Translates database constraint violations that a client can cause into AppErrors. */
export function translatePrismaError(err: unknown): AppError | undefined {
  if (!(err instanceof Prisma.PrismaClientKnownRequestError)) return undefined
  if (err.code === 'P2002') {
    const target = uniqueTarget(err)
    return new ConflictError(`${target ?? 'A unique value'} is already taken.`, target ? { field: target } : {})
  }
  return undefined
}

function uniqueTarget(err: Prisma.PrismaClientKnownRequestError): string | undefined {
  const meta = err.meta as { target?: unknown; driverAdapterError?: { cause?: { constraint?: { fields?: string[] } } } } | undefined
  const fields = Array.isArray(meta?.target) ? meta.target : meta?.driverAdapterError?.cause?.constraint?.fields
  const field = fields?.[0]
  return typeof field === 'string' ? field.replaceAll('"', '') : undefined
}
