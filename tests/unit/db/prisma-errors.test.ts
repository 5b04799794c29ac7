import { describe, expect, it } from 'vitest'
import { Prisma } from '../../../src/db/generated/client.js'
import { ConflictError } from '../../../src/errors/app-error.js'
import { translatePrismaError, violatedConstraint } from '../../../src/db/prisma-errors.js'

const known = (code: string, meta?: Record<string, unknown>) =>
  new Prisma.PrismaClientKnownRequestError('failed', { code, clientVersion: '7', meta })

/** What a raw statement's failure looks like: P2010 with the adapter's classification. */
const raw = (kind: string, cause: Record<string, unknown> = {}) =>
  known('P2010', { driverAdapterError: { cause: { kind, ...cause } } })

describe('violatedConstraint', () => {
  it("recognises Prisma's own codes and raw statements' classified errors", () => {
    expect(violatedConstraint(known('P2002'))).toBe('unique')
    expect(violatedConstraint(known('P2003'))).toBe('foreignKey')
    expect(violatedConstraint(raw('UniqueConstraintViolation'))).toBe('unique')
    expect(violatedConstraint(raw('ForeignKeyConstraintViolation'))).toBe('foreignKey')
  })

  it('is undefined for other failures', () => {
    expect(violatedConstraint(raw('NullConstraintViolation'))).toBeUndefined()
    expect(violatedConstraint(known('P2025'))).toBeUndefined()
    expect(violatedConstraint(new Error('P2002'))).toBeUndefined()
  })
})

describe('translatePrismaError', () => {
  it('answers a raw unique violation with a 409 naming the field from the index name', () => {
    const error = translatePrismaError(raw('UniqueConstraintViolation', { constraint: { index: 'Article_slug_key' }, table: 'Article' }))
    expect(error).toBeInstanceOf(ConflictError)
    expect(error?.message).toBe('slug is already taken.')
  })

  it('answers a raw foreign-key violation with a 409', () => {
    expect(translatePrismaError(raw('ForeignKeyConstraintViolation'))).toBeInstanceOf(ConflictError)
  })

  it('leaves other errors to the generic handler', () => {
    expect(translatePrismaError(raw('TooManyConnections'))).toBeUndefined()
  })
})
