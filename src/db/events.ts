import { uuidv7 } from '../lib/uuid.js'
import { Prisma } from './generated/client.js'
import type { Db } from './db-types.js'
import type { ResourceKind } from './resource-keys.js'

/** Every event type, in the order the docs list them. */
export const EVENT_TYPES = [
  'article.created',
  'article.updated',
  'article.published',
  'article.unpublished',
  'article.archived',
  'article.killed',
  'article.trashed',
  'article.restored',
  'article.deleted',
  'article.slug_changed',
  'byline.created',
  'byline.updated',
  'byline.deleted',
  'slot.created',
  'slot.updated',
  'slot.deleted',
  'import.completed',
] as const
export type EventType = (typeof EVENT_TYPES)[number]

/** What a write tells the outbox: which resource, in which state after the change. No content. */
export interface ChangeEvent {
  type: EventType
  resource: { type: ResourceKind; id: string; slug: string | null; version: number | null }
  /** The slug before a slug change, whose URLs stop serving the story. */
  previousSlug?: string | null
  /** When it happened, if not at the write's own time (a scheduled time that passed). */
  occurredAt?: Date
  /** What to purge, when not every key the write reported (a write that emits for several resources). */
  tags?: readonly string[]
}

/** Any constant: the transaction lock that orders events (see insertEvents). */
const EVENT_ORDER_LOCK = 7_358_420_001

/**
 * Writes events into the outbox, inside the transaction of the change they announce: they commit
 * or roll back with it. `tags` are the surrogate keys the write reported, what to purge.
 *
 * A sequence number is taken before its transaction commits: without care, event 8 could commit
 * before event 7, and a reader that saw 8 would never see 7. A transaction lock, taken right
 * before the insert and held to the commit (the write's last steps), makes numbers follow commit
 * order. It serialises only those last steps, which PostgreSQL's NOTIFY serialises at commit
 * anyway. (Ordering by transaction id below the snapshot's xmin would need no lock, but one
 * transaction left open anywhere on the server would stall every feed.)
 */
export async function insertEvents(
  tx: Db,
  events: readonly ChangeEvent[],
  tags: readonly string[],
  recordedAt: Date,
): Promise<void> {
  const rows = events.map(
    ({ type, resource, previousSlug, occurredAt, tags: own }, n) => Prisma.sql`
      (${n}::int, ${uuidv7()}::uuid, ${type}, ${occurredAt ?? recordedAt}::timestamptz, ${recordedAt}::timestamptz,
        ${resource.type}, ${resource.id}::uuid, ${resource.slug}, ${previousSlug ?? null}, ${resource.version}::int,
        ${[...(own ?? tags)]}::text[])`,
  )
  // One statement: the lock first (the FROM), then the rows, numbered in the order given.
  await tx.$executeRaw`
    INSERT INTO "Event" (id, type, "occurredAt", "recordedAt", "resourceType", "resourceId", slug, "previousSlug", version, tags)
    SELECT e.id, e.type, e."occurredAt", e."recordedAt", e."resourceType", e."resourceId", e.slug, e."previousSlug", e.version, e.tags
    FROM (SELECT pg_advisory_xact_lock(${EVENT_ORDER_LOCK}::bigint)) AS ordered,
      (VALUES ${Prisma.join(rows)}) AS e(n, id, type, "occurredAt", "recordedAt", "resourceType", "resourceId", slug, "previousSlug", version, tags)
    ORDER BY e.n`
}
