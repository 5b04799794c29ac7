import { ValidationError } from '../errors/app-error.js'
import { isUuid } from './id-or-slug.js'

/**
 * Opaque keyset cursors: the sort value and id of the last item of a page, base64url-encoded.
 * Clients must not build them; a tampered cursor is a 400 naming `query.cursor`.
 */
export interface Cursor {
  key: string
  id: string
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.key, cursor.id])).toString('base64url')
}

function invalidCursor(): never {
  throw new ValidationError('The cursor is not one this API produced.', [
    {
      path: 'query.cursor',
      message: 'Invalid cursor: pass page.nextCursor from a previous response unchanged',
    },
  ])
}

/** Every listed resource has a UUID id, compared in SQL with a uuid column: anything else is forged. */
export function decodeCursor(raw: string | undefined): Cursor | undefined {
  if (raw === undefined) return undefined
  let value: unknown
  try {
    value = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'))
  } catch {
    invalidCursor()
  }
  // No stored text contains NUL (PostgreSQL cannot store it), so a cursor with one was not ours.
  if (
    Array.isArray(value) &&
    value.length === 2 &&
    value.every((v) => typeof v === 'string' && !v.includes('\u0000')) &&
    isUuid(value[1])
  ) {
    return { key: value[0] as string, id: value[1] as string }
  }
  invalidCursor()
}

/** A cursor whose sort key is a timestamp the database can compare. */
export function decodeTimeCursor(raw: string | undefined): { at: Date; id: string } | undefined {
  const cursor = decodeCursor(raw)
  if (!cursor) return undefined
  const at = new Date(cursor.key)
  const year = at.getUTCFullYear()
  return Number.isNaN(at.getTime()) || year < 1 || year > 9999
    ? invalidCursor()
    : { at, id: cursor.id }
}

/** The key of a relevance-ordered list: the rank, then the timestamp, e.g. `0.35@2026-06-01T12:00:00.000Z`. */
export function rankTimeKey(rank: number, at: Date): string {
  return `${rank}@${at.toISOString()}`
}

/** A cursor whose key is a `rankTimeKey`: a finite, non-negative rank and a timestamp. */
export function decodeRankTimeCursor(
  raw: string | undefined,
): { rank: number; at: Date; id: string } | undefined {
  const cursor = decodeCursor(raw)
  if (!cursor) return undefined
  const match = /^(\d+(?:\.\d+)?(?:e[-+]?\d+)?)@(.+)$/i.exec(cursor.key)
  const rank = Number(match?.[1])
  const time = decodeTimeCursor(encodeCursor({ key: match?.[2] ?? '', id: cursor.id }))
  return match && Number.isFinite(rank) && time ? { rank, ...time } : invalidCursor()
}

/** Takes one more row than the page size to learn whether a next page exists. */
export function paginate<T>(rows: T[], limit: number, cursorOf: (row: T) => Cursor) {
  const items = rows.slice(0, limit)
  const last = items.at(-1)
  return {
    items,
    page: { limit, nextCursor: rows.length > limit && last ? encodeCursor(cursorOf(last)) : null },
  }
}
