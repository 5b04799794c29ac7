import type { PrismaClient } from '../../db/client.js'
import type { PublicSite } from '../../lib/public-site.js'
import { CursorExpiredError, decodeEventCursor, encodeEventCursor } from './event-cursor.js'
import { toEvent } from './event-payload.js'
import type { ListEventsQuery } from './events.schemas.js'
import { readEvents } from './events.sql.js'

const DAY_MS = 24 * 60 * 60 * 1000

export function createEventsService({
  prisma,
  now,
  site,
  retentionDays,
}: {
  prisma: PrismaClient
  now: () => Date
  site: PublicSite
  retentionDays: number
}) {
  return {
    /** Oldest first. */
    async list({ after, types, limit }: ListEventsQuery) {
      const cursor = after === undefined ? null : decodeEventCursor(after)
      if (cursor && cursor.recordedAt < now().getTime() - retentionDays * DAY_MS)
        throw new CursorExpiredError(retentionDays)
      const rows = await readEvents(prisma, cursor, types, limit)
      const last = rows.at(-1)
      const nextCursor = last
        ? encodeEventCursor({
            seq: last.seq,
            recordedAt: last.recordedAt.getTime(),
          })
        : (after ?? null)
      return { items: rows.map((row) => toEvent(row, site)), page: { limit, nextCursor } }
    },
  }
}
