import type { Db } from './db-types.js'
import type { EventJobState } from './generated/client.js'

/**
 * Claims the state row of a job that every instance may run but one at a time must: the row is
 * locked until the caller's transaction ends, and another instance trying meanwhile gets null at
 * once (SKIP LOCKED) instead of waiting. Created on first use with `initial`.
 */
export async function claimJobState(
  tx: Db,
  name: string,
  initial: Partial<Omit<EventJobState, 'name'>> = {},
): Promise<EventJobState | null> {
  await tx.$executeRaw`
    INSERT INTO "EventJobState" (name, "checkedUntil") VALUES (${name}, ${initial.checkedUntil ?? null}::timestamptz)
    ON CONFLICT (name) DO NOTHING`
  const [row] = await tx.$queryRaw<EventJobState[]>`
    SELECT name, "lastSeq", "checkedUntil" FROM "EventJobState" WHERE name = ${name}
    FOR UPDATE SKIP LOCKED`
  return row ?? null
}
