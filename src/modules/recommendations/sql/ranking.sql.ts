import { Prisma } from '../../../db/generated/client.js'
import { limitTo } from '../../../db/sql-fragments.js'
import { type CreditRow, creditsJson } from './credits.sql.js'
import type { ArticleCard, RelatedReason } from '../recommendations.types.js'

/**
 * What each signal adds to the relatedness score of a candidate; the sum is multiplied by the
 * recency decay exp(-age in days / RECENCY_DAYS).
 */
export const RANKING_WEIGHTS = { sharedTag: 3, sameSection: 2, sharedByline: 2, text: 4 } as const
export const RECENCY_DAYS = 30
/**
 * Candidates scored per signal: the newest max(POOL_PER_SIGNAL, PICKS_PER_POOL × picks wanted)
 * sharing tags, section, headline words or a writer. With the recency decay older matches rarely
 * win, so this almost always gives the same picks, in the same order, as scoring every story, and it keeps a
 * ranking's cost flat as the archive grows.
 */
export const POOL_PER_SIGNAL = 50
export const PICKS_PER_POOL = 3

/** Credits that make two stories "by the same people"; photographers, translators and editors do not. */
export const WRITING_CREDIT = Prisma.sql`ab.role IN ('author', 'contributor')`

/** What candidates are compared with: the signals of the article recommendations are for. */
export interface SourceSignals {
  id: string
  section: string | null
  /** Distinct, sorted. */
  tags: string[]
  /** Bylines credited as author or contributor. */
  writers: string[]
  /** The lexemes of its headline and dek, OR-ed, as tsquery text; null when there are none. */
  query: string | null
}

/**
 * The source's signals as SQL expressions: bound values (`boundSignals`), so that the planner sees
 * the actual tags, section and words, or columns of a CTE in the same statement.
 */
export interface SignalsSql {
  id: Prisma.Sql
  section: Prisma.Sql
  /** text[] */
  tags: Prisma.Sql
  /** uuid[] */
  writers: Prisma.Sql
  /** tsquery, null when there are no words */
  query: Prisma.Sql
}

export const boundSignals = (source: SourceSignals): SignalsSql => ({
  id: Prisma.sql`${source.id}::uuid`,
  section: Prisma.sql`${source.section}::text`,
  tags: Prisma.sql`${source.tags}::text[]`,
  writers: Prisma.sql`${source.writers}::uuid[]`,
  query: Prisma.sql`${source.query}::tsquery`,
})

/**
 * Select-list columns: what candidate `c` shares with the source, its shared writers counted from
 * its own credits (a few index look-ups per candidate; counting every credit of a prolific writer
 * instead grew with the archive). Select them in a MATERIALIZED CTE: WEIGHTED, AFFINITY and
 * REASON read each column several times, and PostgreSQL would otherwise evaluate the sub-selects,
 * and put them in the plan, once per reading.
 */
export const sharedSignalColumns = (source: SignalsSql) => Prisma.sql`
  ARRAY(SELECT t FROM unnest(${source.tags}) AS t WHERE t = ANY(c.tags)) AS "sharedTags",
  COALESCE(c.section = ${source.section}, false) AS "sameSection",
  (SELECT count(DISTINCT ab."bylineId")::int FROM "ArticleByline" ab
    WHERE ab."articleId" = c.id AND ab."bylineId" = ANY(${source.writers}) AND ${WRITING_CREDIT}) AS "sharedBylines",
  COALESCE(ts_rank(c."headlineVector", ${source.query}), 0)::float8 AS "textRank"`

const w = RANKING_WEIGHTS
/** What each signal adds to the score of a row with the shared-signal columns, before the decay, by the reason it gives. */
const contributions: [Exclude<RelatedReason, 'recent'>, Prisma.Sql][] = [
  ['shared-tags', Prisma.sql`${w.sharedTag}::float8 * cardinality("sharedTags")`],
  ['same-section', Prisma.sql`${w.sameSection}::float8 * "sameSection"::int`],
  ['same-byline', Prisma.sql`${w.sharedByline}::float8 * "sharedBylines"`],
  ['similar-text', Prisma.sql`${w.text}::float8 * "textRank"`],
]

/** The weighted signals of a row with the shared-signal columns, before the decay. */
export const WEIGHTED = Prisma.sql`(${Prisma.join(
  contributions.map(([, sql]) => sql),
  ' + ',
)})`

/**
 * The RelatedReason of a row with the shared-signal columns, as text: the signal that added most
 * to its score; on a tie, tags, then section, then bylines, then text.
 */
export const REASON = Prisma.sql`CASE GREATEST(${Prisma.join(contributions.map(([, sql]) => sql))})
  WHEN 0 THEN 'recent' ${Prisma.join(
    contributions.map(([reason, sql]) => Prisma.sql`WHEN ${sql} THEN ${Prisma.raw(`'${reason}'`)}`),
    ' ',
  )} END`

/**
 * The affinity of a row with the shared-signal columns and "publishedAt", null when it shares
 * nothing. score(now) = weighted × exp(-(now - publishedAt) / RECENCY_DAYS), so ordering by
 * ln(weighted) + publishedAt / RECENCY_DAYS is ordering by score at any time: the decay scales
 * every candidate alike. That is what lets a ranking be stored (see related-lists.sql.ts).
 */
export const AFFINITY = Prisma.sql`CASE WHEN ${WEIGHTED} > 0
  THEN ln(${WEIGHTED}) + extract(epoch FROM "publishedAt")::float8 / ${86_400 * RECENCY_DAYS}::float8 END`

/** Best first; ties go to the newer story, then the greater id, so the order is deterministic. */
export const BEST_FIRST = Prisma.sql`ORDER BY affinity DESC NULLS LAST, "publishedAt" DESC, id DESC`

/**
 * The ids of the stories worth scoring: the newest `poolSize` `eligible` ones sharing each signal,
 * each pool read through its own index: per tag and per writer the newest of that facet
 * (ArticleFacet's primary key, however many stories it has), the section sortAt btree, the
 * headline GIN index.
 */
export function candidatePool(
  source: SignalsSql,
  eligible: Prisma.Sql,
  poolSize: number,
  /** The latest sortAt an eligible story has: where the facets are read from. */
  until: Prisma.Sql,
) {
  // For published stories sortAt is publishedAt: this order walks the (status|section, sortAt, id) indexes.
  const newest = Prisma.sql`ORDER BY c."sortAt" DESC, c.id DESC`
  /** The newest `poolSize` of the facets `keys` (a text[] of facet keys) together. */
  const ofFacets = (keys: Prisma.Sql) => Prisma.sql`
    (SELECT shared.id FROM unnest(${keys}) AS k(facet) CROSS JOIN LATERAL (
      SELECT f."articleId" AS id, f."sortAt" FROM "ArticleFacet" f JOIN "Article" c ON c.id = f."articleId"
      WHERE f.facet = k.facet AND f."sortAt" <= ${until} AND ${eligible}
      ORDER BY f."sortAt" DESC, f."articleId" DESC ${limitTo(poolSize)}
    ) shared ORDER BY shared."sortAt" DESC, shared.id DESC ${limitTo(poolSize)})`
  return Prisma.sql`
    ${ofFacets(Prisma.sql`ARRAY(SELECT 'tag:' || t FROM unnest(${source.tags}) AS t)`)}
    UNION
    (SELECT c.id FROM "Article" c WHERE c.section = ${source.section} AND ${eligible} ${newest} ${limitTo(poolSize)})
    UNION
    (SELECT c.id FROM "Article" c WHERE c."headlineVector" @@ ${source.query} AND ${eligible}
      ${newest} ${limitTo(poolSize)})
    UNION
    ${ofFacets(Prisma.sql`ARRAY(SELECT 'byline:' || w FROM unnest(${source.writers}) AS w)`)}`
}

/** The newest `limit` `eligible` stories: what fills the slots when too few stories relate. */
export const newestStories = (eligible: Prisma.Sql, limit: number) =>
  Prisma.sql`(SELECT c.id FROM "Article" c WHERE ${eligible} ORDER BY c."sortAt" DESC, c.id DESC ${limitTo(limit)})`

export interface RelatedArticleQuery {
  now: Date
  /** Articles already chosen (curated picks): never returned. */
  excludeIds: string[]
  /** The reader's recently read stories: never returned. */
  excludeSlugs: string[]
  limit: number
}

/** A related story: its card (published, so with a date), affinity, reason and credits. */
export type RelatedArticle = ArticleCard & {
  publishedAt: Date
  /** ln(weighted signals) + publishedAt in RECENCY_DAYS (see AFFINITY); null when nothing is shared. */
  affinity: number | null
  reason: RelatedReason
  credits: CreditRow[]
}

/**
 * Candidate `c` is a story readers can see now, other than the source and the excluded ones. The
 * values are behind sub-selects, which the planner treats as unknown when planning for given
 * values too: nearly every story passes anyway, and a plan that does not depend on them is one
 * PostgreSQL keeps for every execution (see readStoredRanking) instead of planning each afresh.
 * A published story's sortAt is its publishedAt: bounded on it, the sortAt indexes are read from
 * now on, past the stories scheduled for later without reading them.
 */
export const visibleCandidate = (
  source: SignalsSql,
  q: Omit<RelatedArticleQuery, 'limit'>,
) => Prisma.sql`
  c.status = 'published' AND c."publishedAt" <= (SELECT ${q.now}::timestamptz) AND c."trashedAt" IS NULL
  AND c."sortAt" <= (SELECT ${q.now}::timestamptz)
  AND c.id <> ${source.id}
  AND c.id <> ALL((SELECT ${q.excludeIds}::uuid[])::uuid[]) AND c.slug <> ALL((SELECT ${q.excludeSlugs}::text[])::text[])`

/**
 * The end of a statement whose WITH list ends with a `ranked` CTE of (id, publishedAt, affinity,
 * reason): another CTE, `top`, and the final select of the best rows (a LIMIT clause) as
 * RelatedArticle, with their credits.
 */
export const relatedArticleRows = (limit: Prisma.Sql) => Prisma.sql`,
  top AS (SELECT id, "publishedAt", affinity, reason FROM ranked ${BEST_FIRST} ${limit})
  SELECT c.id, c.slug, c.headline, c.dek, c."heroImage", c.section, (SELECT s.name FROM "Section" s WHERE s.slug = c.section) AS "sectionName", c."publishedAt", c.sponsorship, top.affinity, top.reason,
    ${creditsJson(Prisma.sql`top.id`)} AS credits
  FROM top JOIN "Article" c ON c.id = top.id
  ORDER BY top.affinity DESC NULLS LAST, top."publishedAt" DESC, top.id DESC`
