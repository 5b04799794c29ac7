import type { Db } from '../../db/db-types.js'

/** The next time after `after` at which a slot item's window opens or closes; null if none. */
export async function nextSlotWindowChange(db: Db, after: Date): Promise<Date | null> {
  // LEAST ignores NULLs: nothing scheduled gives NULL.
  const [row] = await db.$queryRaw<{ at: Date | null }[]>`
    SELECT LEAST(
      (SELECT min("startsAt") FROM "SlotItem" WHERE "startsAt" > ${after}),
      (SELECT min("endsAt") FROM "SlotItem" WHERE "endsAt" > ${after})
    ) AS at`
  return row?.at ?? null
}
