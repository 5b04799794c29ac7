import type { FastifyBaseLogger } from 'fastify'
import type { PrismaClient } from '../../db/client.js'
import { NotFoundError } from '../../errors/app-error.js'
import { bylineText, type Credit } from '../articles/formats/article-byline-text.js'
import type { Article } from '../articles/articles.schemas.js'
import type { CreditRow } from './sql/credits.sql.js'
import { findRecommendationContext, type RecommendationContext } from './sql/context.sql.js'
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
import { automaticDemand, curatedPicks, fillSlots, type Pick } from './slot-fill.js'

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

function toRecommendation(pick: Pick, bylines: Map<string, Credit[]>): Recommendation {
  if (pick.type === 'external') {
    const { url, title, imageUrl, sponsor } = pick
    const label = {
      sponsored: true,
      sponsor,
      rel: 'sponsored noopener',
      reason: 'curated',
    } as const
    return { type: 'external', url, title, imageUrl, ...label }
  }
  const a: ArticleCard = pick.article
  return {
    type: 'article',
    slug: a.slug,
    headline: a.headline,
    dek: a.dek,
    heroImage: heroImageOf(a.heroImage),
    section: a.section ? { slug: a.section, name: a.sectionName ?? a.section } : null,
    publishedAt: (a.publishedAt ?? new Date(0)).toISOString(),
    bylineText: bylineText(bylines.get(a.id) ?? []),
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
    if (PICKS_PER_POOL * q.limit > LIST_SIZE) return rankRelatedArticles(prisma, source, q)
    if (related) {
      // Read before the curated picks were known, with room for them: leave them out here.
      const excluded = new Set(q.excludeIds)
      const picks = related.filter((r) => !excluded.has(r.id)).slice(0, q.limit)
      if (picks.length >= q.limit) return picks
    } else {
      const readable = await storeRanking(prisma, source, q.now)
      statistics.noteStored()
      const stored = readable ? await readStoredRanking(prisma, source, q) : []
      if (stored.length >= q.limit) return stored
    }
    return rankRelatedArticles(prisma, source, q)
  }

  /** The recommendations, with the ids of the articles they were built from (for surrogate keys). */
  async function resolveTracked(
    ref: string,
    query: RecommendationsQuery,
    viewer: Viewer,
  ): Promise<Resolved> {
    const at = now()
    const excludeSlugs = query.exclude ?? []
    const context = await findRecommendationContext(prisma, ref, {
      visibleAt: viewer.keyed ? null : at,
      now: at,
      slotKeys: query.slot,
      excludeSlugs,
    })
    if (!context) throw new NotFoundError('article', ref)
    const { source, slots, curated: rows } = context
    if (slots.length === 0)
      return { recommendations: { slots: [] }, sourceId: source.id, articleIds: [], bylineIds: [] }

    const exclude = new Set(excludeSlugs)
    const curated = curatedPicks(slots, rows, { sourceId: source.id, now: at, exclude })
    const demand = automaticDemand(slots, curated)
    const ranked =
      demand === 0
        ? []
        : await relatedStories(context, {
            now: at,
            excludeIds: articleIdsOf(curated),
            excludeSlugs,
            limit: demand,
          })
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
        items: (filled.get(slot.id) ?? []).map((pick) => toRecommendation(pick, bylines)),
      })),
    }
    const bylineIds = [...bylines.values()].flat().map((b) => b.id)
    return { recommendations, sourceId: source.id, articleIds, bylineIds }
  }

  return {
    resolveTracked,
    async resolve(
      ref: string,
      query: RecommendationsQuery,
      viewer: Viewer,
    ): Promise<Recommendations> {
      return (await resolveTracked(ref, query, viewer)).recommendations
    },
  }
}
