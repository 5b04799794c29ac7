import type { Db, PrismaClient } from '../../db/client.js'
import type { ArticleStatus, SlotFill } from '../../db/generated/client.js'
import { type FieldError, NotFoundError, UnprocessableError } from '../../errors/app-error.js'
import type { ChangeFeed } from '../../db/change-feed.js'
import { byIdOrSlug } from '../../lib/id-or-slug.js'
import { resourceKeys } from '../../db/resource-keys.js'
import type { Actor } from '../audit/audit-actor.js'
import { recordAudit } from '../audit/audit.service.js'
import { slotResource } from './slots.service.js'
import type { SlotItem, SlotItemInput, SlotItemList } from './slots.schemas.js'

interface LockedSlot {
  id: string
  key: string
  capacity: number
  fill: SlotFill
  allowSponsored: boolean
  version: number
}

interface Owner {
  id: string
  slug: string
}

const targetSelect = {
  id: true,
  slug: true,
  headline: true,
  status: true,
  publishedAt: true,
} as const
interface Target {
  id: string
  slug: string
  headline: string
  status: ArticleStatus
  publishedAt: Date | null
}

interface StoredItem {
  targetArticle: Target | null
  url: string | null
  title: string | null
  imageUrl: string | null
  sponsor: string | null
  startsAt: Date | null
  endsAt: Date | null
}

function toSlotItemDto(row: StoredItem): SlotItem {
  const window = {
    startsAt: row.startsAt?.toISOString() ?? null,
    endsAt: row.endsAt?.toISOString() ?? null,
  }
  if (row.targetArticle) {
    const { publishedAt, ...article } = row.targetArticle
    return {
      type: 'article',
      article: { ...article, publishedAt: publishedAt?.toISOString() ?? null },
      ...window,
    }
  }
  const { url, title, imageUrl, sponsor } = row
  return {
    type: 'external',
    url: url ?? '',
    title: title ?? '',
    imageUrl,
    sponsor: sponsor ?? '',
    ...window,
  }
}

/** Looks up every article reference of the list in one query: id or slug → article. */
async function resolveTargets(db: Db, items: SlotItemInput[]): Promise<Map<string, Target>> {
  const refs = items.flatMap((item) => (item.type === 'article' ? [byIdOrSlug(item.article)] : []))
  if (refs.length === 0) return new Map()
  const found = await db.article.findMany({
    where: {
      OR: [
        { id: { in: refs.flatMap((r) => ('id' in r ? [r.id] : [])) } },
        { slug: { in: refs.flatMap((r) => ('slug' in r ? [r.slug] : [])) } },
      ],
    },
    select: targetSelect,
  })
  return new Map(found.flatMap((a) => [[a.id, a] as const, [a.slug, a] as const]))
}

const refKey = (ref: string) => {
  const r = byIdOrSlug(ref)
  return 'id' in r ? r.id : r.slug
}

/**
 * The rules that need the slot or the database, one problem per offending `items.N`:
 * references must exist, an article cannot recommend itself, no item twice, external links
 * only where sponsored content is allowed, articles not pinned where they are chosen
 * automatically, and no more items than the slot's capacity.
 */
function checkItems(
  slot: LockedSlot,
  owner: Owner | null,
  items: SlotItemInput[],
  targets: Map<string, Target>,
): FieldError[] {
  const errors: FieldError[] = []
  const seen = new Map<string, number>()
  items.forEach((item, index) => {
    const at = `items.${index}`
    const target = item.type === 'article' ? targets.get(refKey(item.article)) : undefined
    const identity =
      item.type === 'article' ? `article:${target?.id ?? item.article}` : `url:${item.url}`
    const first = seen.get(identity)
    if (first === undefined) seen.set(identity, index)

    if (item.type === 'article' && !target) {
      errors.push({
        path: `${at}.article`,
        message: `No article with id or slug "${item.article}"`,
      })
    } else if (item.type === 'article' && target?.id === owner?.id) {
      errors.push({ path: `${at}.article`, message: 'An article cannot recommend itself' })
    } else if (first !== undefined) {
      const what = item.type === 'article' ? 'article' : 'link'
      errors.push({ path: at, message: `The same ${what} is already at items.${first}` })
    } else if (item.type === 'external' && !slot.allowSponsored) {
      errors.push({
        path: at,
        message: `Slot "${slot.key}" does not allow sponsored external links`,
      })
    } else if (item.type === 'article' && slot.fill === 'automatic') {
      const message = `Slot "${slot.key}" chooses its articles automatically; only sponsored links can be placed`
      errors.push({ path: at, message })
    } else if (index >= slot.capacity) {
      errors.push({ path: at, message: `Slot "${slot.key}" holds at most ${slot.capacity} items` })
    }
  })
  return errors
}

function toStoredItem(item: SlotItemInput, targets: Map<string, Target>): StoredItem {
  const external = item.type === 'external' ? item : undefined
  return {
    targetArticle: item.type === 'article' ? (targets.get(refKey(item.article)) ?? null) : null,
    url: external?.url ?? null,
    title: external?.title ?? null,
    imageUrl: external?.imageUrl ?? null,
    sponsor: external?.sponsor ?? null,
    startsAt: item.startsAt ? new Date(item.startsAt) : null,
    endsAt: item.endsAt ? new Date(item.endsAt) : null,
  }
}

/** Replaces the stored list: deleteMany + createMany, inside the caller's transaction. */
async function writeList(tx: Db, slotId: string, articleId: string | null, items: StoredItem[]) {
  await tx.slotItem.deleteMany({ where: { slotId, articleId } })
  if (items.length === 0) return
  await tx.slotItem.createMany({
    data: items.map(({ targetArticle, ...fields }, position) => ({
      ...fields,
      slotId,
      articleId,
      position,
      targetArticleId: targetArticle?.id ?? null,
    })),
  })
}

export function createSlotItemsService({
  prisma,
  changes,
}: {
  prisma: PrismaClient
  changes: ChangeFeed
}) {
  async function findOwner(db: Db, ref: string): Promise<Owner> {
    const owner = await db.article.findUnique({
      where: byIdOrSlug(ref),
      select: { id: true, slug: true },
    })
    if (!owner) throw new NotFoundError('article', ref)
    return owner
  }

  async function read(key: string, owner: Owner | null): Promise<SlotItemList> {
    const slot = await prisma.recommendationSlot.findUnique({
      where: { key },
      select: { id: true },
    })
    if (!slot) throw new NotFoundError('slot', key)
    const rows = await prisma.slotItem.findMany({
      where: { slotId: slot.id, articleId: owner?.id ?? null },
      orderBy: { position: 'asc' },
      include: { targetArticle: { select: targetSelect } },
    })
    return { slot: key, article: owner, items: rows.map(toSlotItemDto) }
  }

  /**
   * Replaces the list in one transaction; the slot row is locked so that concurrent saves queue.
   * Audited on the slot for the defaults, on the article for an article's own list.
   */
  async function replace(
    key: string,
    ownerRef: string | null,
    items: SlotItemInput[],
    actor: Actor,
  ) {
    return changes.write(async (tx, changed) => {
      const owner = ownerRef === null ? null : await findOwner(tx, ownerRef)
      const [slot] = await tx.$queryRaw<LockedSlot[]>`
        SELECT id, key, capacity, fill::text AS fill, "allowSponsored", version
        FROM "RecommendationSlot" WHERE key = ${key} FOR UPDATE`
      if (!slot) throw new NotFoundError('slot', key)
      const targets = await resolveTargets(tx, items)
      const errors = checkItems(slot, owner, items, targets)
      if (errors.length > 0) {
        throw new UnprocessableError(
          `${errors.length} item(s) cannot be placed in slot "${key}".`,
          errors,
        )
      }

      const stored = items.map((item) => toStoredItem(item, targets))
      await writeList(tx, slot.id, owner?.id ?? null, stored)
      if (owner) await recordAudit(tx, actor, 'article.slot-items.replace', 'article', owner.id)
      else await recordAudit(tx, actor, 'slot.items.replace', 'slot', slot.id)
      changed(...resourceKeys('slot', key))
      changed.event({ type: 'slot.updated', resource: slotResource(slot) })
      return { slot: key, article: owner, items: stored.map(toSlotItemDto) } satisfies SlotItemList
    })
  }

  return {
    getDefaults: (key: string) => read(key, null),
    replaceDefaults: (key: string, items: SlotItemInput[], actor: Actor) =>
      replace(key, null, items, actor),
    getForArticle: async (ref: string, key: string) => read(key, await findOwner(prisma, ref)),
    replaceForArticle: (ref: string, key: string, items: SlotItemInput[], actor: Actor) =>
      replace(key, ref, items, actor),
  }
}
