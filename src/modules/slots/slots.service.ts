import type { PrismaClient } from '../../db/client.js'
import type { RecommendationSlot } from '../../db/generated/client.js'
import { NotFoundError } from '../../errors/app-error.js'
import type { CreateSlotBody, Slot, UpdateSlotBody } from './slots.schemas.js'

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

/** Slot configuration. A taken key is a 409 (the unique index, translated by the error handler). */
export function createSlotsService({ prisma }: { prisma: PrismaClient }) {
  async function find(key: string): Promise<RecommendationSlot> {
    const row = await prisma.recommendationSlot.findUnique({ where: { key } })
    if (!row) throw new NotFoundError('slot', key)
    return row
  }

  return {
    get: async (key: string) => toSlotDto(await find(key)),

    async list() {
      const rows = await prisma.recommendationSlot.findMany({ orderBy: [{ position: 'asc' }, { key: 'asc' }] })
      return { items: rows.map(toSlotDto) }
    },

    create: async (input: CreateSlotBody) => toSlotDto(await prisma.recommendationSlot.create({ data: input })),

    /**
     * Lowering the capacity or disallowing sponsored links keeps the stored item lists: the
     * resolution shows at most `capacity` items and no external links in a slot that refuses
     * them, so nothing needs rewriting and raising them again restores the lists.
     */
    async update(key: string, input: UpdateSlotBody) {
      const current = await find(key)
      if (Object.keys(input).length === 0) return toSlotDto(current)
      const { count } = await prisma.recommendationSlot.updateMany({
        where: { id: current.id },
        data: { ...input, version: { increment: 1 } },
      })
      if (count === 0) throw new NotFoundError('slot', key)
      return toSlotDto(await prisma.recommendationSlot.findUniqueOrThrow({ where: { id: current.id } }))
    },

    /** Deletes the slot with every item list placed in it. */
    async remove(key: string) {
      const { count } = await prisma.recommendationSlot.deleteMany({ where: { key } })
      if (count === 0) throw new NotFoundError('slot', key)
    },
  }
}

export type SlotsService = ReturnType<typeof createSlotsService>
