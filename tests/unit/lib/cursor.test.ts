import { describe, expect, it } from 'vitest'
import { ValidationError } from '../../../src/errors/app-error.js'
import { decodeCursor, decodeTimeCursor, encodeCursor, paginate } from '../../../src/lib/cursor.js'

describe('cursors', () => {
  it('round-trip', () => {
    const cursor = { key: '2026-01-01T00:00:00.000Z', id: '01a213e4-1aac-757a-926c-d7e6f37ee1e5' }
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor)
    expect(decodeTimeCursor(encodeCursor(cursor))).toEqual({
      at: new Date(cursor.key),
      id: '01a213e4-1aac-757a-926c-d7e6f37ee1e5',
    })
  })

  it('reject anything this API did not produce, naming query.cursor', () => {
    const forged = [
      '!!!',
      '{"a":1}',
      '[1,2]',
      '["2026-01-01","not-a-uuid"]',
      '["a\\u0000","01a213e4-1aac-757a-926c-d7e6f37ee1e5"]',
    ]
    for (const raw of forged.map((text, i) =>
      i === 0 ? text : Buffer.from(text).toString('base64url'),
    )) {
      expect(() => decodeCursor(raw)).toThrow(ValidationError)
    }
    try {
      decodeTimeCursor(
        encodeCursor({ key: 'not a date', id: '01a213e4-1aac-757a-926c-d7e6f37ee1e5' }),
      )
      expect.unreachable()
    } catch (err) {
      expect((err as ValidationError).extensions.errors).toEqual([
        expect.objectContaining({ path: 'query.cursor' }),
      ])
    }
  })

  it('paginate gives a next cursor only when a further row was fetched', () => {
    const rows = [1, 2, 3].map((n) => ({ id: String(n) }))
    const cursorOf = (r: { id: string }) => ({ key: '', id: r.id })
    expect(paginate(rows, 2, cursorOf).page.nextCursor).toBe(encodeCursor({ key: '', id: '2' }))
    expect(paginate(rows, 3, cursorOf).page.nextCursor).toBeNull()
    expect(paginate(rows, 2, cursorOf).items).toHaveLength(2)
  })
})
