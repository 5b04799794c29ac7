import { describe, expect, it } from 'vitest'
import { uuidv7 } from '../../../src/lib/uuid.js'

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

describe('uuidv7', () => {
  it('makes version 7, variant 1 UUIDs stamped with the current millisecond', () => {
    const before = Date.now()
    const id = uuidv7()
    expect(id).toMatch(V7)
    const ms = Number.parseInt(id.replaceAll('-', '').slice(0, 12), 16)
    expect(ms).toBeGreaterThanOrEqual(before)
    expect(ms).toBeLessThanOrEqual(Date.now())
  })

  it('makes ids that grow, also many within one millisecond', () => {
    const ids = Array.from({ length: 10_000 }, () => uuidv7())
    expect(new Set(ids).size).toBe(ids.length)
    expect([...ids].sort()).toEqual(ids)
  })
})
