import type { PrismaClient } from '../../../db/client.js'
import { claimJobState } from '../../../db/job-state.js'
import type { PublicSite } from '../../../lib/public-site.js'
import { uuidv7 } from '../../../lib/uuid.js'
import { toEvent } from '../../events/event-payload.js'
import { readEvents } from '../../events/events.sql.js'

const BATCH = 200

/**
 * Hands new events to the endpoints subscribed to them: one delivery row per (event, endpoint),
 * in feed order. One instance at a time (the job's state row is claimed), so each event is handed
 * out exactly once; the position moves in the same transaction as the deliveries are written.
 * Returns how many events it handled (BATCH or more: call again).
 */
export async function fanOut(prisma: PrismaClient, site: PublicSite, now: Date): Promise<number> {
  return prisma.$transaction(async (tx) => {
    const state = await claimJobState(tx, 'fan-out')
    if (!state) return 0
    const position = state.lastSeq !== null ? { seq: String(state.lastSeq) } : null
    const events = await readEvents(tx, position, undefined, BATCH)
    const last = events.at(-1)
    if (!last) return 0
    const endpoints = await tx.webhookEndpoint.findMany({
      where: { enabled: true },
      select: { id: true, types: true, fromSeq: true },
    })
    const deliveries = events.flatMap((row) =>
      endpoints
        .filter(
          (e) =>
            BigInt(row.seq) > e.fromSeq && (e.types.length === 0 || e.types.includes(row.type)),
        )
        .map((e) => ({
          id: uuidv7(),
          endpointId: e.id,
          eventId: row.id,
          eventType: row.type,
          resourceKey: `${row.resourceType}:${row.resourceId}`,
          payload: toEvent(row, site),
          nextAttemptAt: now,
          createdAt: now,
        })),
    )
    if (deliveries.length > 0) await tx.webhookDelivery.createMany({ data: deliveries })
    await tx.eventJobState.update({
      where: { name: 'fan-out' },
      data: { lastSeq: BigInt(last.seq) },
    })
    return events.length
  })
}
