import { describe, expect, it } from 'vitest'
import { Prisma } from '../../../src/db/generated/client.js'
import { ConflictError } from '../../../src/errors/app-error.js'
import {
  databaseFailure,
  translatePrismaError,
  violatedConstraint,
} from '../../../src/db/prisma-errors.js'

const known = (code: string, message = 'failed') =>
  new Prisma.PrismaClientKnownRequestError(message, { code, clientVersion: '7' })

/** A failed raw statement, as Prisma words it. */
const raw = (sqlState: string, message: string) =>
  known(
    'P2010',
    `\nInvalid \`prisma.$executeRaw()\` invocation:\n\n\nRaw query failed. Code: \`${sqlState}\`. Message: \`${message}\``,
  )

/** What the hot reads raise: the driver's error (pg's DatabaseError; PGlite's has the same fields). */
const driver = (code: string, fields: Record<string, unknown> = {}) =>
  Object.assign(new Error('failed'), { name: 'DatabaseError', severity: 'ERROR', code, ...fields })

describe('databaseFailure', () => {
  it("reads PostgreSQL's SQLSTATE from each way an error comes", () => {
    expect(
      databaseFailure(known('P2002', 'Unique constraint failed on the fields: (`slug`)')),
    ).toEqual({ sqlState: '23505', fields: ['slug'] })
    expect(
      databaseFailure(
        known('P2002', 'Unique constraint failed on the constraint: `Byline_slug_key`'),
      ),
    ).toEqual({
      sqlState: '23505',
      constraint: 'Byline_slug_key',
    })
    expect(databaseFailure(known('P2003'))).toEqual({ sqlState: '23503' })
    expect(
      databaseFailure(
        raw('23505', 'duplicate key value violates unique constraint "Article_slug_key"'),
      ),
    ).toEqual({
      sqlState: '23505',
      constraint: 'Article_slug_key',
    })
    expect(databaseFailure(driver('22P02'))).toEqual({ sqlState: '22P02' })
    expect(databaseFailure(driver('23505', { constraint: 'Article_slug_key' }))).toEqual({
      sqlState: '23505',
      constraint: 'Article_slug_key',
    })
  })

  it('is undefined for errors that are not from PostgreSQL', () => {
    expect(databaseFailure(known('P2025'))).toBeUndefined()
    expect(databaseFailure(new Error('23505'))).toBeUndefined()
    expect(
      databaseFailure(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' })),
    ).toBeUndefined()
  })
})

describe('violatedConstraint', () => {
  it('recognises unique and foreign-key violations, from Prisma and from the driver', () => {
    expect(violatedConstraint(known('P2002'))).toBe('unique')
    expect(violatedConstraint(known('P2003'))).toBe('foreignKey')
    expect(violatedConstraint(raw('23505', 'duplicate key value'))).toBe('unique')
    expect(violatedConstraint(raw('23503', 'violates foreign key constraint'))).toBe('foreignKey')
    expect(violatedConstraint(driver('23505'))).toBe('unique')
    expect(violatedConstraint(driver('23503'))).toBe('foreignKey')
  })

  it('is undefined for other failures', () => {
    expect(violatedConstraint(raw('23502', 'null value in column'))).toBeUndefined()
    expect(violatedConstraint(driver('22P02'))).toBeUndefined()
    expect(violatedConstraint(known('P2025'))).toBeUndefined()
    expect(violatedConstraint(new Error('P2002'))).toBeUndefined()
  })
})

describe('translatePrismaError', () => {
  it('answers a unique violation with a 409 naming the field', () => {
    const fromRaw = translatePrismaError(
      raw('23505', 'duplicate key value violates unique constraint "Article_slug_key"'),
    )
    expect(fromRaw).toBeInstanceOf(ConflictError)
    expect(fromRaw?.message).toBe('slug is already taken.')
    expect(translatePrismaError(driver('23505', { constraint: 'Byline_slug_key' }))?.message).toBe(
      'slug is already taken.',
    )
    expect(
      translatePrismaError(known('P2002', 'Unique constraint failed on the fields: (`hash`)'))
        ?.message,
    ).toBe('hash is already taken.')
  })

  it('answers a foreign-key violation with a 409', () => {
    expect(translatePrismaError(raw('23503', 'violates foreign key constraint'))).toBeInstanceOf(
      ConflictError,
    )
    expect(translatePrismaError(driver('23503'))).toBeInstanceOf(ConflictError)
  })

  it('leaves other errors to the generic handler', () => {
    expect(translatePrismaError(raw('53300', 'too many connections'))).toBeUndefined()
    expect(translatePrismaError(driver('42P01'))).toBeUndefined()
  })
})
