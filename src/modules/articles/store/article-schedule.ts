import type { Db } from '../../../db/db-types.js'

/** The next publication time after `after` of a story that is not in the trash; null if none. */
export async function nextPublication(db: Db, after: Date): Promise<Date | null> {
  const [row] = await db.$queryRaw<{ at: Date | null }[]>`
    SELECT min("publishedAt") AS at FROM "Article"
    WHERE status = 'published' AND "trashedAt" IS NULL AND "publishedAt" > ${after}`
  return row?.at ?? null
}
