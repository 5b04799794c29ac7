import { describe, expect, it } from 'vitest'
import { ValidationError } from '../../../src/errors/app-error.js'
import { decodeCursor, decodeTimeCursor, encodeCursor, paginate } from '../../../src/lib/cursor.js'

describe('cursors', () => {
  it('round-trip', () => {
    const cursor = { key: '2026-01-01T00:00:00.000Z', id: 'abc' }
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor)
    expect(decodeTimeCursor(encodeCursor(cursor))).toEqual({ at: new Date(cursor.key), id: 'abc' })
  })

  it('reject anything this API did not produce, naming query.cursor', () => {
    for (const raw of ['!!!', Buffer.from('{"a":1}').toString('base64url'), Buffer.from('[1,2]').toString('base64url')]) {
      expect(() => decodeCursor(raw)).toThrow(ValidationError)
    }
    try {
      decodeTimeCursor(encodeCursor({ key: 'not a date', id: 'x' }))
      expect.unreachable()
    } catch (err) {
      expect((err as ValidationError).extensions.errors).toEqual([expect.objectContaining({ path: 'query.cursor' })])
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
