import type { Db } from '../../db/client.js'
import { Prisma } from '../../db/generated/client.js'
import { isUuid } from '../../lib/id-or-slug.js'
import { type CreditRow, creditsJson } from './credits.sql.js'

/**
 * What each signal adds to the relatedness score of a candidate; the sum is multiplied by the
 * recency decay exp(-age in days / RECENCY_DAYS).
 */
export const RANKING_WEIGHTS = { sharedTag: 3, sameSection: 2, sharedByline: 2, text: 4 } as const
export const RECENCY_DAYS = 30
/**
 * Candidates scored per signal: the newest max(POOL_PER_SIGNAL, PICKS_PER_POOL × picks wanted)
 * sharing tags, section, headline words or a writer. With the recency decay older matches rarely
 * win: on the benchmark's 10,000 stories this gave the same picks, in the same order, as scoring
 * every story (for 8 to 48 picks), and it keeps a resolution's cost flat as the archive grows.
 */
export const POOL_PER_SIGNAL = 50
export const PICKS_PER_POOL = 3

/** Credits that make two stories "by the same people"; photographers, translators and editors do not. */
const WRITING_CREDIT = Prisma.sql`ab.role IN ('author', 'contributor')`

/** The article recommendations are for, and what candidates are compared with. */
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
 * The article `ref` (an id or a slug) names, with its signals, or null; with `visibleAt`, only a
 * story readers can see at that time. The ranking takes the signals as parameters rather than
 * reading them itself, so that the planner sees the actual tags, section and words and picks, per
 * pool, an index walk (common ones) or a bitmap scan (rare ones).
 */
export async function findSourceSignals(db: Db, ref: string, visibleAt: Date | null): Promise<SourceSignals | null> {
  const match = isUuid(ref) ? Prisma.sql`a.id = ${ref.toLowerCase()}::uuid` : Prisma.sql`a.slug = ${ref}`
  const visible = visibleAt
    ? Prisma.sql`AND a.status = 'published' AND a."publishedAt" <= ${visibleAt} AND a."trashedAt" IS NULL`
    : Prisma.empty
  const rows = await db.$queryRaw<SourceSignals[]>`
    SELECT a.id, a.section,
      ARRAY(SELECT DISTINCT t FROM unnest(a.tags) AS t ORDER BY t) AS tags,
      ARRAY(SELECT DISTINCT ab."bylineId"::text FROM "ArticleByline" ab
             WHERE ab."articleId" = a.id AND ${WRITING_CREDIT}) AS writers,
      (SELECT string_agg('''' || replace(replace(l, '\\', '\\\\'), '''', '''''') || '''', ' | ' ORDER BY l)
         FROM unnest(tsvector_to_array(a."headlineVector")) AS l) AS query
    FROM "Article" a WHERE ${match} ${visible}`
  return rows[0] ?? null
}

export interface RelatedArticleQuery {
  now: Date
  /** Articles already chosen (curated picks): never returned. */
  excludeIds: string[]
  /** The reader's recently read stories: never returned. */
  excludeSlugs: string[]
  limit: number
}

export interface RelatedArticle {
  id: string
  slug: string
  headline: string
  dek: string | null
  heroImage: unknown
  section: string | null
  publishedAt: Date
  /** The signals, for the `reason` of the pick. */
  sharedTags: string[]
  sameSection: boolean
  sharedBylines: number
  textRank: number
  score: number
  credits: CreditRow[]
}

/**
 * Ranks the published articles related to `source`, best first, with their credits, in one
 * statement: shared tags, same section, shared writing credits and headline similarity (ts_rank
 * of the candidate's headline-and-dek vector against the source's lexemes), times the recency
 * decay. Ties go to the newer story, then the greater id, so the order is deterministic.
 *
 * Only stories that share a signal are scored — the newest few of each (see POOL_PER_SIGNAL),
 * each pool read through its own index (the tags and headline GIN indexes, the status or section
 * sortAt btrees, the credits by byline) — plus the `limit` newest ones as a fallback (score 0)
 * when too few relate. Text is compared on headlines and deks, never bodies: ranking whole-body
 * vectors meant reading kilobytes per candidate, and their common words matched nearly every story.
 */
export function rankRelatedArticles(db: Db, source: SourceSignals, q: RelatedArticleQuery): Promise<RelatedArticle[]> {
  const w = RANKING_WEIGHTS
  const poolSize = Math.max(POOL_PER_SIGNAL, PICKS_PER_POOL * q.limit)
  const eligible = Prisma.sql`
    c.status = 'published' AND c."publishedAt" <= ${q.now} AND c."trashedAt" IS NULL
    AND c.id <> ${source.id}::uuid
    AND c.id <> ALL(${q.excludeIds}::uuid[]) AND c.slug <> ALL(${q.excludeSlugs}::text[])`
  // For published stories sortAt is publishedAt: this order walks the (status|section, sortAt, id) indexes.
  const newest = Prisma.sql`ORDER BY c."sortAt" DESC, c.id DESC`
  return db.$queryRaw<RelatedArticle[]>`
    WITH writers AS (
      SELECT ab."articleId" AS id, count(DISTINCT ab."bylineId")::int AS shared
      FROM "ArticleByline" ab WHERE ab."bylineId" = ANY(${source.writers}::uuid[]) AND ${WRITING_CREDIT}
      GROUP BY ab."articleId"
    ),
    pool AS (
      (SELECT c.id FROM "Article" c WHERE c.tags && ${source.tags}::text[] AND ${eligible}
        ${newest} LIMIT ${poolSize})
      UNION
      (SELECT c.id FROM "Article" c WHERE c.section = ${source.section} AND ${eligible}
        ${newest} LIMIT ${poolSize})
      UNION
      (SELECT c.id FROM "Article" c WHERE c."headlineVector" @@ ${source.query}::tsquery AND ${eligible}
        ${newest} LIMIT ${poolSize})
      UNION
      (SELECT c.id FROM writers JOIN "Article" c ON c.id = writers.id WHERE ${eligible}
        ${newest} LIMIT ${poolSize})
      UNION
      (SELECT c.id FROM "Article" c WHERE ${eligible} ${newest} LIMIT ${q.limit})
    ),
    scored AS (
      SELECT c.id, c.slug, c.headline, c.dek, c."heroImage", c.section, c."publishedAt",
        ARRAY(SELECT t FROM unnest(${source.tags}::text[]) AS t WHERE t = ANY(c.tags)) AS "sharedTags",
        COALESCE(c.section = ${source.section}, false) AS "sameSection",
        COALESCE(writers.shared, 0) AS "sharedBylines",
        COALESCE(ts_rank(c."headlineVector", ${source.query}::tsquery), 0)::float8 AS "textRank",
        exp(-extract(epoch FROM ${q.now}::timestamptz - c."publishedAt")::float8 / 86400 / ${RECENCY_DAYS}::float8)
          AS decay
      FROM pool JOIN "Article" c ON c.id = pool.id LEFT JOIN writers ON writers.id = c.id
    )
    SELECT id, slug, headline, dek, "heroImage", section, "publishedAt",
      "sharedTags", "sameSection", "sharedBylines", "textRank",
      ((${w.sharedTag}::float8 * cardinality("sharedTags") + ${w.sameSection}::float8 * "sameSection"::int
        + ${w.sharedByline}::float8 * "sharedBylines" + ${w.text}::float8 * "textRank") * decay)::float8 AS score,
      ${creditsJson(Prisma.sql`scored.id`)} AS credits
    FROM scored
    ORDER BY score DESC, "publishedAt" DESC, id DESC
    LIMIT ${q.limit}`
}
