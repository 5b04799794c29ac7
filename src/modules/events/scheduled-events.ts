import type { ChangeFeed } from '../../db/change-feed.js'
import { claimJobState } from '../../db/job-state.js'
import { resourceKeys } from '../../db/resource-keys.js'

interface DueArticle {
  id: string
  slug: string
  version: number
  at: Date
}
interface DueSlot {
  id: string
  key: string
  version: number
  at: Date
}

/**
 * Emits the events of visibility changes that time alone makes, for the times in
 * (checkedUntil, now]: `article.published` when a story's scheduled publication time arrives,
 * `slot.updated` when a slot item's window opens or closes, each stamped with that time. The
 * window's end moves in the same transaction as the events are written, and one instance at a
 * time holds it, so each time is emitted once, across instances and restarts; times that passed
 * while no instance ran are emitted at the next start, with their own time.
 *
 * A story counts when it was last written before its publication time (`updatedAt <
 * publishedAt`): one published by a write at that moment already got its event from the write.
 */
export async function emitScheduledEvents(changes: ChangeFeed, now: Date): Promise<number> {
  return changes.write(async (tx, changed) => {
    // First run: nothing is owed for the past.
    const state = await claimJobState(tx, 'scheduled-visibility', { checkedUntil: now })
    if (!state?.checkedUntil || state.checkedUntil >= now) return 0
    const from = state.checkedUntil
    const articles = await tx.$queryRaw<DueArticle[]>`
      SELECT id::text AS id, slug, version, "publishedAt" AS at FROM "Article"
      WHERE status = 'published' AND "trashedAt" IS NULL
        AND "publishedAt" > ${from}::timestamptz AND "publishedAt" <= ${now}::timestamptz
        AND "updatedAt" < "publishedAt"
      ORDER BY "publishedAt", id`
    const slots = await tx.$queryRaw<DueSlot[]>`
      SELECT DISTINCT s.id::text AS id, s.key, s.version, t.at
      FROM "SlotItem" i
      JOIN "RecommendationSlot" s ON s.id = i."slotId"
      CROSS JOIN LATERAL (VALUES (i."startsAt"), (i."endsAt")) AS t(at)
      WHERE t.at > ${from}::timestamptz AND t.at <= ${now}::timestamptz
      ORDER BY t.at, s.key`
    for (const a of articles) {
      const tags = resourceKeys('article', a.id)
      changed(...tags)
      changed.event({
        type: 'article.published',
        resource: { type: 'article', id: a.id, slug: a.slug, version: a.version },
        occurredAt: a.at,
        tags,
      })
    }
    for (const s of slots) {
      const tags = resourceKeys('slot', s.key)
      changed(...tags)
      changed.event({
        type: 'slot.updated',
        resource: { type: 'slot', id: s.id, slug: s.key, version: s.version },
        occurredAt: s.at,
        tags,
      })
    }
    await tx.eventJobState.update({
      where: { name: 'scheduled-visibility' },
      data: { checkedUntil: now },
    })
    return articles.length + slots.length
  })
}
