import type { Db } from '../../db/db-types.js'
import { Prisma } from '../../db/generated/client.js'
import type { EventRow } from './event-payload.js'

/** A position in the feed: the (txid, seq) of the last event read. */
export interface FeedPosition {
  txid: string
  seq: string
}

/**
 * Events after `position`, in (transaction id, seq) order, only from transactions older than every
 * one still running. A sequence number is taken before its transaction commits, so a plain `seq`
 * order could show event 7 while event 6 is still uncommitted, and a reader past 7 would never see
 * 6. No transaction that is still running can have an id below the snapshot's xmin, so nothing
 * can appear later before a position already read.
 */
export async function readEvents(
  db: Db,
  position: FeedPosition | null,
  types: readonly string[] | undefined,
  limit: number,
): Promise<EventRow[]> {
  const after = position
    ? Prisma.sql`AND (txid, seq) > (${position.txid}::xid8, ${position.seq}::bigint)`
    : Prisma.empty
  const ofTypes = types ? Prisma.sql`AND type = ANY(${[...types]}::text[])` : Prisma.empty
  return db.$queryRaw<EventRow[]>`
    SELECT seq::text AS seq, txid::text AS txid, id::text AS id, type, "occurredAt", "recordedAt",
      "resourceType", "resourceId"::text AS "resourceId", slug, "previousSlug", version, tags
    FROM "Event"
    WHERE txid < pg_snapshot_xmin(pg_current_snapshot()) ${after} ${ofTypes}
    ORDER BY txid, seq
    LIMIT ${limit}`
}

/** Deletes the events recorded before `before`; returns how many. */
export async function pruneEvents(db: Db, before: Date): Promise<number> {
  return db.$executeRaw`DELETE FROM "Event" WHERE "recordedAt" < ${before}::timestamptz`
}
