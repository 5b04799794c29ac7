import type { Db, PrismaClient } from '../../db/client.js'
import type { ArticleStatus, SlotFill } from '../../db/generated/client.js'
import { type FieldError, NotFoundError, UnprocessableError } from '../../errors/app-error.js'
import type { ChangeFeed } from '../../db/change-feed.js'
import { byIdOrSlug } from '../../lib/id-or-slug.js'
import { resourceKeys } from '../../db/resource-keys.js'
import type { Actor } from '../audit/audit-actor.js'
import { recordAudit } from '../audit/audit.service.js'
import { assertSectionAllowed } from '../articles/workflow/section-limits.js'
import { slotResource } from './slot-resource.js'
import type { SlotItem, SlotItemInput, SlotItemList } from './slots.schemas.js'
import {
  renderDisclosure,
  SPONSORED_REL,
  sponsorshipOf,
} from '../articles/formats/article-sponsorship.js'
import { sponsoredRuleViolations, type SponsoredRules } from './slot-sponsored-rules.js'

/** A slot's rules, as checked when its items are saved. */
export interface SlotRules extends SponsoredRules {
  id: string
  capacity: number
  fill: SlotFill
  disclosure: string
  version: number
}
type LockedSlot = SlotRules

interface Owner {
  id: string
  slug: string
  section: string | null
}

const targetSelect = {
  id: true,
  slug: true,
  headline: true,
  status: true,
  publishedAt: true,
  sponsorship: true,
} as const
interface Target {
  id: string
  slug: string
  headline: string
  status: ArticleStatus
  publishedAt: Date | null
  sponsorship: unknown
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

/** Who sponsors an item: the sponsor of a link, or of a sponsored or partner article; null for editorial picks. */
export function sponsorOfItem(item: {
  url: string | null
  sponsor: string | null
  targetArticle: { sponsorship: unknown } | null
}): string | null {
  if (item.targetArticle) return sponsorshipOf(item.targetArticle.sponsorship)?.sponsor ?? null
  return item.url === null ? null : (item.sponsor ?? '')
}

function toSlotItemDto(row: StoredItem, disclosure: string): SlotItem {
  const window = {
    startsAt: row.startsAt?.toISOString() ?? null,
    endsAt: row.endsAt?.toISOString() ?? null,
  }
  const sponsor = sponsorOfItem(row)
  if (row.targetArticle) {
    const { publishedAt, sponsorship: _sponsorship, ...article } = row.targetArticle
    return {
      type: 'article',
      article: { ...article, publishedAt: publishedAt?.toISOString() ?? null },
      sponsored: sponsor !== null,
      sponsor,
      disclosure: sponsor === null ? null : renderDisclosure(disclosure, sponsor),
      ...window,
    }
  }
  const { url, title, imageUrl } = row
  return {
    type: 'external',
    url: url ?? '',
    title: title ?? '',
    imageUrl,
    sponsored: true,
    sponsor: sponsor ?? '',
    disclosure: renderDisclosure(disclosure, sponsor ?? ''),
    rel: SPONSORED_REL,
    ...window,
  }
}

/**
 * Stored items that break the slot's rules as they are now: sponsored ones out of place or past
 * the cap (an article marked sponsored after it was placed, rules tightened, data from before the
 * rules), and items past the capacity. Readers never get them (see arrangeSlot).
 */
function storedViolations(slot: SlotRules, items: StoredItem[]): FieldError[] {
  const sponsored = items.map((item) => sponsorOfItem(item) !== null)
  return [
    ...sponsoredRuleViolations(slot, sponsored).map((v) => ({
      path: `items.${v.index}`,
      message: v.message,
    })),
    ...items.slice(slot.capacity).map((_, i) => ({
      path: `items.${slot.capacity + i}`,
      message: `Past the capacity of slot "${slot.key}" (${slot.capacity}): not shown`,
    })),
  ].sort((a, b) => Number(a.path.slice(6)) - Number(b.path.slice(6)))
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
  // Sponsored articles count as much as sponsored links: where they may be and how many.
  const failed = new Set(errors.map((e) => e.path.split('.').slice(0, 2).join('.')))
  const sponsored = items.map((item) =>
    item.type === 'external'
      ? true
      : sponsorshipOf(targets.get(refKey(item.article))?.sponsorship) !== null,
  )
  for (const v of sponsoredRuleViolations(slot, sponsored)) {
    if (!failed.has(`items.${v.index}`))
      errors.push({ path: `items.${v.index}`, message: v.message })
  }
  return errors.sort((a, b) => Number(a.path.split('.')[1]) - Number(b.path.split('.')[1]))
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

export const slotRulesSelect = {
  id: true,
  key: true,
  capacity: true,
  fill: true,
  allowSponsored: true,
  maxSponsored: true,
  sponsoredPositions: true,
  disclosure: true,
  version: true,
} as const

function listDto(slot: SlotRules, owner: Owner | null, items: StoredItem[]): SlotItemList {
  return {
    slot: slot.key,
    article: owner,
    items: items.map((item) => toSlotItemDto(item, slot.disclosure)),
    violations: storedViolations(slot, items),
  }
}

/**
 * Refuses new sponsored rules that an item list of the slot (its defaults or an article's own)
 * breaks: 422 naming each item, as `default.items.N` or `articles.<slug>.items.N`. Checked as if
 * sponsored content were allowed: turning `allowSponsored` off hides every sponsored item at once
 * and breaks nothing, and turning it on again must find the lists as they were.
 */
export async function assertListsFollow(tx: Db, rules: SlotRules): Promise<void> {
  const rows = await tx.slotItem.findMany({
    where: { slotId: rules.id },
    orderBy: [{ articleId: 'asc' }, { position: 'asc' }],
    include: {
      targetArticle: { select: { sponsorship: true } },
      article: { select: { slug: true } },
    },
  })
  const lists = new Map<string, boolean[]>()
  for (const row of rows) {
    const list = row.article ? `articles.${row.article.slug}` : 'default'
    lists.set(list, [...(lists.get(list) ?? []), sponsorOfItem(row) !== null])
  }
  const errors = [...lists].flatMap(([list, sponsored]) =>
    sponsoredRuleViolations({ ...rules, allowSponsored: true }, sponsored).map((v) => ({
      path: `${list}.items.${v.index}`,
      message: v.message,
    })),
  )
  if (errors.length > 0) {
    throw new UnprocessableError(
      `${errors.length} placed item(s) would break the new sponsored rules of slot "${rules.key}": move or remove them first (turning allowSponsored off hides every sponsored item at once).`,
      errors,
    )
  }
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
      select: { id: true, slug: true, section: true },
    })
    if (!owner) throw new NotFoundError('article', ref)
    return owner
  }

  async function read(key: string, owner: Owner | null): Promise<SlotItemList> {
    const slot = await prisma.recommendationSlot.findUnique({
      where: { key },
      select: slotRulesSelect,
    })
    if (!slot) throw new NotFoundError('slot', key)
    const rows = await prisma.slotItem.findMany({
      where: { slotId: slot.id, articleId: owner?.id ?? null },
      orderBy: { position: 'asc' },
      include: { targetArticle: { select: targetSelect } },
    })
    return listDto(slot, owner, rows)
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
      if (owner) assertSectionAllowed(actor, owner.section)
      const [slot] = await tx.$queryRaw<LockedSlot[]>`
        SELECT id, key, capacity, fill::text AS fill, "allowSponsored", "maxSponsored",
          "sponsoredPositions", disclosure, version
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
      return listDto(slot, owner, stored)
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
