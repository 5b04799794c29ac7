import { describe, expect, it } from 'vitest'
import { PLANNED_PER_EXECUTION, statementNames } from '../../../src/db/statement-names.js'
import { plannedPerExecution } from '../../../src/db/sql-fragments.js'
import { Prisma } from '../../../src/db/generated/client.js'

describe('statementNames', () => {
  it('gives each distinct SQL text one name, the same every time', () => {
    const name = statementNames(10)
    const a = name({ sql: 'SELECT 1' })
    expect(name({ sql: 'SELECT 2' })).not.toBe(a)
    expect(name({ sql: 'SELECT 1' })).toBe(a)
    expect(a).not.toBe('')
  })

  it('leaves texts past the bound unnamed, so that no connection caches statements without end', () => {
    const name = statementNames(2)
    const [a, b] = [name({ sql: 'A' }), name({ sql: 'B' })]
    expect(name({ sql: 'C' })).toBe('')
    expect([name({ sql: 'A' }), name({ sql: 'B' })]).toEqual([a, b])
  })

  it('never names a statement planned per execution, so that PostgreSQL plans it for its values', () => {
    const name = statementNames(10)
    const sql = plannedPerExecution(Prisma.sql`SELECT ${1}`).text
    expect(sql.startsWith(PLANNED_PER_EXECUTION)).toBe(true)
    expect(name({ sql })).toBe('')
    expect(name({ sql: 'SELECT 1' })).not.toBe('')
  })
})
