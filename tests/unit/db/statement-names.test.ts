import { describe, expect, it } from 'vitest'
import { statementNames } from '../../../src/db/statement-names.js'

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
})
