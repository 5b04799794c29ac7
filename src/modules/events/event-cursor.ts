import { AppError, ValidationError } from '../../errors/app-error.js'
import type { FeedPosition } from './events.sql.js'

/** A feed cursor: the position after an event, and when that event was recorded (for retention). */
export interface EventCursor extends FeedPosition {
  recordedAt: number
}

export function encodeEventCursor(cursor: EventCursor): string {
  return Buffer.from(`${cursor.seq}.${cursor.recordedAt}`).toString('base64url')
}

export function decodeEventCursor(raw: string): EventCursor {
  const match = /^(\d{1,19})\.(\d{1,15})$/.exec(Buffer.from(raw, 'base64url').toString('latin1'))
  if (!match) {
    throw new ValidationError('The cursor is not one this API produced.', [
      {
        path: 'query.after',
        message: 'Invalid cursor: pass page.nextCursor from a previous response unchanged',
      },
    ])
  }
  const [, seq = '', recordedAt = ''] = match
  return { seq, recordedAt: Number(recordedAt) }
}

/** A cursor from before the retention window: the events after it may be gone. */
export class CursorExpiredError extends AppError {
  constructor(retentionDays: number) {
    super(
      410,
      'cursor-expired',
      'Cursor expired',
      `The cursor points before the ${retentionDays} days of events kept; events after it may have been deleted. Start again without \`after\` (and resynchronise).`,
    )
  }
}
