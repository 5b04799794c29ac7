import type { ArticleStatus, SlotFill } from '../../db/generated/client.js'
import type { ArticleCard, RelatedReason } from './recommendations.types.js'
import { sponsorshipOf } from '../articles/formats/article-sponsorship.js'
import { arrangeSlot, type SponsoredRules, sponsoredCap } from '../slots/slot-sponsored-rules.js'

/** Why an item is in a slot: `curated` by an editor, or the reason of an automatic pick. */
export type Reason = 'curated' | RelatedReason

export interface SlotConfig extends SponsoredRules {
  id: string
  capacity: number
  fill: SlotFill
}

export interface CuratedRow {
  slotId: string
  articleId: string | null
  targetArticle: (ArticleCard & { status: ArticleStatus; trashedAt: Date | null }) | null
  url: string | null
  title: string | null
  imageUrl: string | null
  sponsor: string | null
  startsAt: Date | null
  endsAt: Date | null
}

export type Pick =
  | { type: 'article'; article: ArticleCard; reason: Reason }
  | {
      type: 'external'
      url: string
      title: string
      imageUrl: string | null
      sponsor: string
      reason: 'curated'
    }

/** Who sponsors a pick: a link's sponsor, or a sponsored or partner article's; null for editorial copy. */
export function sponsorOf(pick: Pick): string | null {
  return pick.type === 'external'
    ? pick.sponsor
    : (sponsorshipOf(pick.article.sponsorship)?.sponsor ?? null)
}
const isSponsored = (pick: Pick) => sponsorOf(pick) !== null

function isLive(row: CuratedRow, now: Date): boolean {
  return (!row.startsAt || row.startsAt <= now) && (!row.endsAt || now < row.endsAt)
}

function isVisible(article: NonNullable<CuratedRow['targetArticle']>, now: Date): boolean {
  return (
    article.status === 'published' &&
    article.publishedAt !== null &&
    article.publishedAt <= now &&
    !article.trashedAt
  )
}

/** The rows that apply to a slot: the article's own list when it has one, else the site-wide defaults. */
function listFor(slotId: string, rows: CuratedRow[], sourceId: string): CuratedRow[] {
  const inSlot = rows.filter((r) => r.slotId === slotId)
  const own = inSlot.filter((r) => r.articleId === sourceId)
  return own.length > 0 ? own : inSlot.filter((r) => r.articleId === null)
}

/**
 * The curated picks of each slot, in slot order. Skipped silently: items outside their time
 * window, articles readers cannot see, the article itself, `exclude`d slugs (or ids), articles already
 * picked for an earlier slot, external links where sponsored content is not allowed, pinned
 * articles in an `automatic` slot, sponsored items past the slot's cap, and everything past the
 * capacity. Skipped items take no place: the next ones move up. `rows` must be in item order.
 */
export function curatedPicks(
  slots: readonly SlotConfig[],
  rows: CuratedRow[],
  context: { sourceId: string; now: Date; exclude: ReadonlySet<string> },
): Map<string, Pick[]> {
  const used = new Set<string>([context.sourceId])
  const result = new Map<string, Pick[]>()
  for (const slot of slots) {
    const picks: Pick[] = []
    let sponsored = 0
    if (slot.fill !== 'automatic' || slot.allowSponsored) {
      for (const row of listFor(slot.id, rows, context.sourceId)) {
        if (picks.length >= slot.capacity) break
        const pick = curatedPick(row, slot, context.now, used, context.exclude)
        if (!pick) continue
        if (isSponsored(pick) && sponsored++ >= sponsoredCap(slot)) continue
        picks.push(pick)
      }
    }
    result.set(slot.id, picks)
  }
  return result
}

function curatedPick(
  row: CuratedRow,
  slot: SlotConfig,
  now: Date,
  used: Set<string>,
  exclude: ReadonlySet<string>,
) {
  if (!isLive(row, now)) return undefined
  const target = row.targetArticle
  if (target) {
    if (
      slot.fill === 'automatic' ||
      !isVisible(target, now) ||
      used.has(target.id) ||
      exclude.has(target.slug) ||
      exclude.has(target.id)
    ) {
      return undefined
    }
    used.add(target.id)
    const { status: _status, trashedAt: _trashedAt, ...article } = target
    return { type: 'article', article, reason: 'curated' } satisfies Pick
  }
  if (!slot.allowSponsored || row.url === null || row.sponsor === null) return undefined
  const { url, title, imageUrl, sponsor } = row
  return {
    type: 'external',
    url,
    title: title ?? url,
    imageUrl,
    sponsor,
    reason: 'curated',
  } satisfies Pick
}

/** How many related articles the automatic fill needs across all slots. */
export function automaticDemand(
  slots: readonly SlotConfig[],
  curated: Map<string, Pick[]>,
): number {
  return slots
    .filter((slot) => slot.fill !== 'curated')
    .reduce(
      (sum, slot) => sum + Math.max(0, slot.capacity - (curated.get(slot.id)?.length ?? 0)),
      0,
    )
}

/**
 * Tops up the slots that fill automatically, in slot order, from `ranked` (best first, distinct,
 * none of them curated): each article appears in one slot at most. Then places the sponsored
 * items of each slot (links, and sponsored or partner articles, curated or automatic) where the
 * slot allows them, at most its cap (see arrangeSlot): after the automatic filling, so that an
 * item moved up by a hidden one never lands in a forbidden place.
 */
export function fillSlots(
  slots: readonly SlotConfig[],
  curated: Map<string, Pick[]>,
  ranked: readonly (ArticleCard & { reason: RelatedReason })[],
): Map<string, Pick[]> {
  const result = new Map<string, Pick[]>()
  let next = 0
  function* automatic(): Generator<Pick> {
    while (next < ranked.length) {
      const candidate = ranked[next++]
      if (!candidate) return
      const { reason, ...article } = candidate
      yield { type: 'article', article, reason }
    }
  }
  for (const slot of slots) {
    const picks = curated.get(slot.id) ?? []
    const offered = slot.fill === 'curated' ? picks : chain(picks, automatic())
    result.set(slot.id, arrangeSlot(slot, offered, isSponsored))
  }
  return result
}

function* chain<T>(...parts: Iterable<T>[]): Generator<T> {
  for (const part of parts) yield* part
}
