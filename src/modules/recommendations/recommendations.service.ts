import type { FastifyBaseLogger } from 'fastify'
import type { PrismaClient } from '../../db/client.js'
import { NotFoundError } from '../../errors/app-error.js'
import { isUuid } from '../../lib/id-or-slug.js'
import { bylineText, type Credit } from '../articles/formats/article-byline-text.js'
import type { Article } from '../articles/articles.schemas.js'
import type { CreditRow } from './sql/credits.sql.js'
import {
  findRecommendationContext,
  type RecommendationContext,
  type SlotRow,
} from './sql/context.sql.js'
import type { CuratedRowWithCredits } from './sql/curated-rows.sql.js'
import type {
  Recommendation,
  Recommendations,
  RecommendationsQuery,
} from './recommendations.schemas.js'
import { PICKS_PER_POOL, type RelatedArticle, type RelatedArticleQuery } from './sql/ranking.sql.js'
import { rankRelatedArticles } from './sql/related-articles.sql.js'
import { relatedListStatistics } from './related-list-statistics.js'
import { LIST_SIZE, readStoredRanking, storeRanking } from './sql/related-lists.sql.js'
import type { ArticleCard } from './recommendations.types.js'
import { automaticDemand, curatedPicks, fillSlots, type Pick, sponsorOf } from './slot-fill.js'
import { renderDisclosure } from '../articles/formats/article-sponsorship.js'

/** Candidates read beyond the places to fill, for sponsored stories that slots pass over. */
const SPONSORED_ROOM = 4

/** Who is asking: keys may preview the recommendations of an article readers cannot see yet. */
export interface Viewer {
  keyed: boolean
}

function heroImageOf(json: unknown): Article['heroImage'] {
  if (json === null || typeof json !== 'object') return null
  const { url, alt, caption, credit } = json as Record<string, string | null | undefined>
  return { url: url ?? '', alt: alt ?? '', caption: caption ?? null, credit: credit ?? null }
}

const articleIdsOf = (picks: Map<string, Pick[]>) =>
  [...picks.values()].flat().flatMap((p) => (p.type === 'article' ? [p.article.id] : []))

/** `disclosure`: the slot's template, rendered with the sponsor of each sponsored pick. */
function toRecommendation(
  pick: Pick,
  bylines: Map<string, Credit[]>,
  disclosure: string,
): Recommendation {
  if (pick.type === 'external') {
    const { url, title, imageUrl, sponsor } = pick
    const label = {
      sponsored: true,
      sponsor,
      disclosure: renderDisclosure(disclosure, sponsor),
      rel: 'sponsored noopener',
      reason: 'curated',
    } as const
    return { type: 'external', url, title, imageUrl, ...label }
  }
  const a: ArticleCard = pick.article
  const sponsor = sponsorOf(pick)
  return {
    type: 'article',
    slug: a.slug,
    headline: a.headline,
    dek: a.dek,
    heroImage: heroImageOf(a.heroImage),
    section: a.section ? { slug: a.section, name: a.sectionName ?? a.section } : null,
    publishedAt: (a.publishedAt ?? new Date(0)).toISOString(),
    bylineText: bylineText(bylines.get(a.id) ?? []),
    sponsored: sponsor !== null,
    sponsor,
    disclosure: sponsor === null ? null : renderDisclosure(disclosure, sponsor),
    reason: pick.reason,
  }
}

export interface Resolved {
  recommendations: Recommendations
  /** The article whose recommendations these are. */
  sourceId: string
  /** The articles recommended. */
  articleIds: string[]
  /** The bylines credited on them (their names are in `bylineText`). */
  bylineIds: string[]
}

/**
 * Related stories read beyond what the slots hold, so that a reader's exclusions can be left out
 * of a shared answer in process (see personalise). More exclusions among them than this: the
 * database answers.
 */
export const SPARE_CANDIDATES = 8

/**
 * What the recommendations of an article are built from, read once and shared by every reader: its
 * slots, their curated items, and its related stories best first, with none left out for a
 * reader. `personalise` builds from it any reader's answer the database would give.
 */
export interface SharedCandidates {
  /** The time it was read at (epoch ms): cached, it is replaced before the next scheduled change. */
  at: number
  sourceId: string
  slots: SlotRow[]
  curated: CuratedRowWithCredits[]
  related: RelatedArticle[]
  /**
   * `stored`: the first related stories of the stored ranking (curated picks included), whose order
   * no exclusion changes. `ranked`: ranked for this answer alone (from scratch, curated picks left
   * out), whose candidate pools an exclusion would change. `none`: not read, no slot needed any.
   */
  ranking: 'stored' | 'ranked' | 'none'
}

const rendered = new WeakMap<SharedCandidates, (pick: Pick, disclosure: string) => string>()

/**
 * The JSON of an item of `shared`'s answers, as assemble renders it (toRecommendation), made once
 * per article and reason and kept as long as `shared` is: personal answers are made of the same few.
 */
function renderedItems(shared: SharedCandidates): (pick: Pick, disclosure: string) => string {
  let render = rendered.get(shared)
  if (render) return render
  const credits = new Map<string, CreditRow[]>([
    ...shared.curated.flatMap((r) =>
      r.targetArticle ? [[r.targetArticle.id, r.credits] as const] : [],
    ),
    ...shared.related.map((r) => [r.id, r.credits] as const),
  ])
  const made = new Map<string, string>()
  render = (pick, disclosure) => {
    if (pick.type === 'external') return JSON.stringify(toRecommendation(pick, credits, disclosure))
    // A sponsored story reads the slot's disclosure: the same story renders per template.
    const key = `${pick.article.id} ${pick.reason} ${disclosure}`
    let json = made.get(key)
    if (json === undefined) {
      json = JSON.stringify(toRecommendation(pick, credits, disclosure))
      made.set(key, json)
    }
    return json
  }
  rendered.set(shared, render)
  return render
}

/** A reader's recently read stories (slugs or ids), as the statements take them. */
function exclusion(refs: readonly string[]) {
  const all = new Set(refs.map((ref) => (isUuid(ref) ? ref.toLowerCase() : ref)))
  return { all, slugs: [...all], ids: [...all].filter(isUuid) }
}

/**
 * Resolves the recommendation slots of an article for frontends, in one SQL statement whatever
 * the number of articles: the article with its signals, the slots, their curated items and the
 * related stories by its stored ranking, credits included. Two more store and read the article's
 * ranking when it has none up to date (and, as stored rankings accumulate, an occasional ANALYZE:
 * related-list-statistics.ts), and one more ranks from scratch when too few stories relate to
 * fill the slots.
 */
export function createRecommendationsService({
  prisma,
  now,
  log,
}: {
  prisma: PrismaClient
  now: () => Date
  log: FastifyBaseLogger
}) {
  const statistics = relatedListStatistics(prisma, (err) =>
    log.warn({ err }, 'analyzing the stored rankings failed'),
  )

  /**
   * From the stored ranking (read with the context, or stored first when there is none up to date),
   * unless too few stories relate to fill the slots (ranking from scratch adds recent ones), or
   * more picks are wanted than a stored ranking is built for (from scratch, each signal's pool grows
   * with the picks wanted).
   */
  async function relatedStories(
    { source, related }: RecommendationContext,
    q: RelatedArticleQuery,
  ): Promise<RelatedArticle[]> {
    // Sponsored stories a slot may not show are passed over (see fillSlots): a few more
    // candidates than the places make up for them. All of `related` is already read.
    const roomy = { ...q, limit: q.limit + SPONSORED_ROOM }
    if (PICKS_PER_POOL * q.limit > LIST_SIZE) return rankRelatedArticles(prisma, source, roomy)
    if (related) {
      // Read before the curated picks were known, with room for them: leave them out here.
      const excluded = new Set(q.excludeIds)
      const picks = related.filter((r) => !excluded.has(r.id))
      if (picks.length >= q.limit) return picks
    } else {
      const readable = await storeRanking(prisma, source, q.now)
      statistics.noteStored()
      const stored = readable ? await readStoredRanking(prisma, source, roomy) : []
      if (stored.length >= q.limit) return stored
    }
    return rankRelatedArticles(prisma, source, roomy)
  }

  /** The answer from the slots, their curated rows, the curated picks and the related stories that fill them. */
  function assemble(
    sourceId: string,
    slots: readonly SlotRow[],
    rows: readonly CuratedRowWithCredits[],
    curated: Map<string, Pick[]>,
    ranked: readonly RelatedArticle[],
  ): Resolved {
    const filled = fillSlots(slots, curated, ranked)
    const articleIds = articleIdsOf(filled)
    const credits = new Map<string, CreditRow[]>([
      ...rows.flatMap((r) => (r.targetArticle ? [[r.targetArticle.id, r.credits] as const] : [])),
      ...ranked.map((r) => [r.id, r.credits] as const),
    ])
    const bylines = new Map(articleIds.map((id) => [id, credits.get(id) ?? []]))
    const recommendations = {
      slots: slots.map((slot) => ({
        key: slot.key,
        label: slot.label,
        items: (filled.get(slot.id) ?? []).map((pick) =>
          toRecommendation(pick, bylines, slot.disclosure),
        ),
      })),
    }
    const bylineIds = [...bylines.values()].flat().map((b) => b.id)
    return { recommendations, sourceId, articleIds, bylineIds }
  }

  /** The recommendations, with the ids of the articles they were built from (for surrogate keys). */
  async function resolveTracked(
    ref: string,
    query: RecommendationsQuery,
    viewer: Viewer,
  ): Promise<Resolved> {
    const at = now()
    const excluded = exclusion(query.exclude ?? [])
    const context = await findRecommendationContext(prisma, ref, {
      visibleAt: viewer.keyed ? null : at,
      now: at,
      slotKeys: query.slot,
      excludeSlugs: excluded.slugs,
      excludeIds: excluded.ids,
      spare: 0,
    })
    if (!context) throw new NotFoundError('article', ref)
    const { source, slots, curated: rows } = context
    if (slots.length === 0)
      return { recommendations: { slots: [] }, sourceId: source.id, articleIds: [], bylineIds: [] }

    const curated = curatedPicks(slots, rows, {
      sourceId: source.id,
      now: at,
      exclude: excluded.all,
    })
    const demand = automaticDemand(slots, curated)
    const ranked =
      demand === 0
        ? []
        : await relatedStories(context, {
            now: at,
            excludeIds: [...articleIdsOf(curated), ...excluded.ids],
            excludeSlugs: excluded.slugs,
            limit: demand,
          })
    return assemble(source.id, slots, rows, curated, ranked)
  }

  /**
   * What every reader's recommendations of `ref` are built from (see SharedCandidates), in as
   * many statements as the shared answer takes: the related stories of the stored ranking are read
   * SPARE_CANDIDATES deeper, in the same statement.
   */
  async function sharedCandidates(
    ref: string,
    slotKeys: string[] | undefined,
    viewer: Viewer,
  ): Promise<SharedCandidates> {
    const at = now()
    const context = await findRecommendationContext(prisma, ref, {
      visibleAt: viewer.keyed ? null : at,
      now: at,
      slotKeys,
      excludeSlugs: [],
      excludeIds: [],
      spare: SPARE_CANDIDATES,
    })
    if (!context) throw new NotFoundError('article', ref)
    const { source, slots, curated: rows } = context
    const shared = { at: at.getTime(), sourceId: source.id, slots, curated: rows }
    const curated = curatedPicks(slots, rows, { sourceId: source.id, now: at, exclude: new Set() })
    const demand = automaticDemand(slots, curated)
    const depth = slots.reduce((n, slot) => n + slot.capacity, 0) + SPARE_CANDIDATES
    const curatedIds = new Set(articleIdsOf(curated))
    const enough = (list: readonly RelatedArticle[]) =>
      list.filter((r) => !curatedIds.has(r.id)).length >= demand
    // As relatedStories decides, but reading the stored ranking deeper and keeping the curated picks in it.
    if (PICKS_PER_POOL * demand <= LIST_SIZE) {
      let stored = context.related
      if (!stored && demand > 0) {
        const readable = await storeRanking(prisma, source, at)
        statistics.noteStored()
        const q = { now: at, excludeIds: [], excludeSlugs: [], limit: depth }
        stored = readable ? await readStoredRanking(prisma, source, q) : []
      }
      if (stored && enough(stored)) return { ...shared, related: stored, ranking: 'stored' }
    }
    if (demand === 0) return { ...shared, related: [], ranking: 'none' }
    const q = { now: at, excludeIds: [...curatedIds], excludeSlugs: [], limit: demand }
    const ranked = await rankRelatedArticles(prisma, source, q)
    return { ...shared, related: ranked, ranking: 'ranked' }
  }

  /**
   * The recommendations a reader who recently read `exclude` (slugs or ids) gets, built in process
   * from `shared`: exactly what the database would answer (resolveTracked), curated items and
   * their rules included. Undefined when `shared` cannot tell: the exclusions leave the stored
   * ranking's stories read too few (the database ranks from scratch then), or the shared answer
   * was ranked from scratch, whose candidate pools an exclusion changes.
   */
  function personalise(shared: SharedCandidates, exclude: readonly string[]): Resolved | undefined {
    const chosen = choose(shared, exclude)
    return chosen && assemble(shared.sourceId, shared.slots, shared.curated, ...chosen)
  }

  /** The picks of personalise: the curated ones and the related stories that fill the slots. */
  function choose(
    shared: SharedCandidates,
    exclude: readonly string[],
  ): [Map<string, Pick[]>, RelatedArticle[]] | undefined {
    const { sourceId, slots, curated: rows, related, ranking } = shared
    const excluded = exclusion(exclude)
    const at = new Date(shared.at)
    const curated = curatedPicks(slots, rows, { sourceId, now: at, exclude: excluded.all })
    const demand = automaticDemand(slots, curated)
    if (demand === 0) return [curated, []]
    if (ranking === 'none' || (ranking === 'ranked' && excluded.all.size > 0)) return undefined
    if (PICKS_PER_POOL * demand > LIST_SIZE) return undefined
    const left = new Set(articleIdsOf(curated))
    const picks = related.filter(
      (r) => !left.has(r.id) && !excluded.all.has(r.id) && !excluded.all.has(r.slug),
    )
    return picks.length < demand ? undefined : [curated, picks.slice(0, demand)]
  }

  /**
   * personalise's answer as JSON, for the response cache: the same picks, each item's JSON
   * rendered once per `shared` (renderedItems) rather than per reader.
   */
  function personalisedJson(shared: SharedCandidates, exclude: readonly string[]) {
    const chosen = choose(shared, exclude)
    if (!chosen) return undefined
    const filled = fillSlots(shared.slots, ...chosen)
    const items = renderedItems(shared)
    const slots = shared.slots.map((slot) => {
      const json = (filled.get(slot.id) ?? []).map((pick) => items(pick, slot.disclosure))
      return `{"key":${JSON.stringify(slot.key)},"label":${JSON.stringify(slot.label)},"items":[${json.join(',')}]}`
    })
    return `{"slots":[${slots.join(',')}]}`
  }

  return {
    resolveTracked,
    sharedCandidates,
    personalise,
    personalisedJson,
    async resolve(
      ref: string,
      query: RecommendationsQuery,
      viewer: Viewer,
    ): Promise<Recommendations> {
      return (await resolveTracked(ref, query, viewer)).recommendations
    },
  }
}
