import type { Db } from '../../db/db-types.js'
import { Prisma } from '../../db/generated/client.js'
import type { EventRow } from './event-payload.js'

/** A position in the feed: the seq of the last event read. */
export interface FeedPosition {
  seq: string
}

/**
 * Events after `position`, oldest first. Writers number events in commit order (see
 * db/events.ts), so no event can appear later before a position already read.
 */
export async function readEvents(
  db: Db,
  position: FeedPosition | null,
  types: readonly string[] | undefined,
  limit: number,
): Promise<EventRow[]> {
  const after = position ? Prisma.sql`AND seq > ${position.seq}::bigint` : Prisma.empty
  const ofTypes = types ? Prisma.sql`AND type = ANY(${[...types]}::text[])` : Prisma.empty
  return db.$queryRaw<EventRow[]>`
    SELECT seq::text AS seq, id::text AS id, type, "occurredAt", "recordedAt",
      "resourceType", "resourceId"::text AS "resourceId", slug, "previousSlug", version, tags
    FROM "Event"
    WHERE true ${after} ${ofTypes}
    ORDER BY "Event".seq
    LIMIT ${limit}`
}

/** Deletes the events recorded before `before`; returns how many. */
export async function pruneEvents(db: Db, before: Date): Promise<number> {
  return db.$executeRaw`DELETE FROM "Event" WHERE "recordedAt" < ${before}::timestamptz`
}
