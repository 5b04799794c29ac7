import type { PrismaClient } from '../../db/client.js'
import type { Db } from '../../db/db-types.js'
import type { RecommendationSlot } from '../../db/generated/client.js'
import { ConflictError, NotFoundError } from '../../errors/app-error.js'
import type { ChangeFeed } from '../../db/change-feed.js'
import { PreconditionFailedError } from '../../errors/precondition-errors.js'
import { resourceKeys } from '../../db/resource-keys.js'
import type { Actor } from '../audit/audit-actor.js'
import { recordAudit } from '../audit/audit.service.js'
import type { CreateSlotBody, Slot, UpdateSlotBody } from './slots.schemas.js'

/** A slot in an event: its key is its slug. */
export const slotResource = (row: { id: string; key: string; version: number }) =>
  ({ type: 'slot', id: row.id, slug: row.key, version: row.version }) as const

export function toSlotDto(row: RecommendationSlot): Slot {
  return {
    id: row.id,
    key: row.key,
    label: row.label,
    description: row.description,
    capacity: row.capacity,
    fill: row.fill,
    allowSponsored: row.allowSponsored,
    position: row.position,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }
}

/**
 * Slot configuration; every write is audited in its own transaction. A taken key is a 409 (the
 * unique index, translated by the error handler).
 */
export function createSlotsService({
  prisma,
  changes,
}: {
  prisma: PrismaClient
  changes: ChangeFeed
}) {
  async function find(key: string): Promise<RecommendationSlot> {
    const row = await prisma.recommendationSlot.findUnique({ where: { key } })
    if (!row) throw new NotFoundError('slot', key)
    return row
  }

  return {
    get: async (key: string) => toSlotDto(await find(key)),

    async list() {
      const rows = await prisma.recommendationSlot.findMany({
        orderBy: [{ position: 'asc' }, { key: 'asc' }],
      })
      return { items: rows.map(toSlotDto) }
    },

    /** `alongside` runs in the create's transaction with the new slot (an Idempotency-Key's stored response). */
    async create(
      input: CreateSlotBody,
      actor: Actor,
      alongside?: (tx: Db, slot: Slot) => Promise<void>,
    ) {
      const row = await changes.write(async (tx, changed) => {
        const created = await tx.recommendationSlot.create({ data: input })
        await recordAudit(tx, actor, 'slot.create', 'slot', created.id)
        changed(...resourceKeys('slot', created.key))
        changed.event({ type: 'slot.created', resource: slotResource(created) })
        if (alongside) await alongside(tx, toSlotDto(created))
        return created
      })
      return toSlotDto(row)
    },

    /**
     * Lowering the capacity or disallowing sponsored links keeps the stored item lists: the
     * resolution shows at most `capacity` items and no external links in a slot that refuses
     * them, so nothing needs rewriting and raising them again restores the lists.
     */
    async update(
      key: string,
      input: UpdateSlotBody,
      expectedVersion: number | undefined,
      actor: Actor,
    ) {
      const current = await find(key)
      if (expectedVersion !== undefined && expectedVersion !== current.version) {
        throw new PreconditionFailedError('slot', current.version)
      }
      if (Object.keys(input).length === 0) return toSlotDto(current)
      const row = await changes.write(async (tx, changed) => {
        // Conditional on the version read: a concurrent change is detected, not overwritten.
        const { count } = await tx.recommendationSlot.updateMany({
          where: { id: current.id, version: current.version },
          data: { ...input, version: { increment: 1 } },
        })
        if (count === 0) {
          const fresh = await tx.recommendationSlot.findUnique({
            where: { id: current.id },
            select: { version: true },
          })
          if (!fresh) throw new NotFoundError('slot', key)
          if (expectedVersion !== undefined)
            throw new PreconditionFailedError('slot', fresh.version)
          throw new ConflictError(
            'Someone else saved this slot at the same moment; fetch it and retry.',
          )
        }
        await recordAudit(tx, actor, 'slot.update', 'slot', current.id)
        changed(...resourceKeys('slot', current.key))
        const updated = await tx.recommendationSlot.findUniqueOrThrow({ where: { id: current.id } })
        changed.event({ type: 'slot.updated', resource: slotResource(updated) })
        return updated
      })
      return toSlotDto(row)
    },

    /** Deletes the slot with every item list placed in it. */
    async remove(key: string, expectedVersion: number | undefined, actor: Actor) {
      const { id, version } = await find(key)
      if (expectedVersion !== undefined && expectedVersion !== version)
        throw new PreconditionFailedError('slot', version)
      await changes.write(async (tx, changed) => {
        const { count } = await tx.recommendationSlot.deleteMany({ where: { id, version } })
        if (count === 0)
          throw new ConflictError('The slot changed while deleting it; fetch it and retry.')
        await recordAudit(tx, actor, 'slot.delete', 'slot', id)
        changed(...resourceKeys('slot', key))
        changed.event({ type: 'slot.deleted', resource: slotResource({ id, key, version }) })
      })
    },
  }
}
