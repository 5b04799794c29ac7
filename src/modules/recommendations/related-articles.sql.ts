import type { Db } from '../../db/client.js'
import { Prisma } from '../../db/generated/client.js'

/**
 * What each signal adds to the relatedness score of a candidate; the sum is multiplied by the
 * recency decay exp(-age in days / RECENCY_DAYS).
 */
export const RANKING_WEIGHTS = { sharedTag: 3, sameSection: 2, sharedByline: 2, text: 4 } as const
export const RECENCY_DAYS = 30
/**
 * Candidates scored per signal: the newest this many sharing tags, section, text or a writer.
 * Scoring (ts_rank above all) is the expensive part; with the recency decay, older matches
 * could rarely win anyway, and this keeps a resolution's cost flat as the archive grows.
 */
export const POOL_PER_SIGNAL = 100

/** Credits that make two stories "by the same people"; photographers, translators and editors do not. */
const WRITING_ROLES = ['author', 'contributor']

export interface RelatedArticleQuery {
  sourceId: string
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
}

/**
 * Ranks the published articles related to `sourceId`, best first, in one statement: shared tags,
 * same section, shared writing credits and full-text similarity (ts_rank of the candidate's
 * weighted vector against the source's headline and dek lexemes, OR-ed), times the recency decay.
 * Ties go to the newer story, then the greater id, so the order is deterministic.
 *
 * Only stories that share a signal are scored — the newest POOL_PER_SIGNAL of each, found through
 * the tags, section, search vector and credit indexes — plus the `limit` newest ones as a fallback
 * (score 0) when too few relate.
 */
export function rankRelatedArticles(db: Db, q: RelatedArticleQuery): Promise<RelatedArticle[]> {
  const w = RANKING_WEIGHTS
  const eligible = Prisma.sql`
    c.status = 'published' AND c."publishedAt" <= ${q.now} AND c."trashedAt" IS NULL
    AND c.id <> ${q.sourceId}::uuid
    AND c.id <> ALL(${q.excludeIds}::uuid[]) AND c.slug <> ALL(${q.excludeSlugs}::text[])`
  return db.$queryRaw<RelatedArticle[]>`
    WITH src AS (
      SELECT a.id, a.section, a.tags,
        (SELECT string_agg('''' || replace(replace(t.lexeme, '\\', '\\\\'), '''', '''''') || '''', ' | '
                           ORDER BY t.lexeme)
           FROM unnest(ts_filter(a."searchVector", '{a,b}')) AS t)::tsquery AS query,
        ARRAY(SELECT ab."bylineId" FROM "ArticleByline" ab
               WHERE ab."articleId" = a.id AND ab.role::text = ANY(${WRITING_ROLES}::text[])) AS bylines
      FROM "Article" a WHERE a.id = ${q.sourceId}::uuid
    ),
    pool AS (
      (SELECT c.id FROM "Article" c, src WHERE c.tags && src.tags AND ${eligible}
        ORDER BY c."sortAt" DESC, c.id DESC LIMIT ${POOL_PER_SIGNAL})
      UNION
      (SELECT c.id FROM "Article" c, src WHERE c.section = src.section AND ${eligible}
        ORDER BY c."sortAt" DESC, c.id DESC LIMIT ${POOL_PER_SIGNAL})
      UNION
      (SELECT c.id FROM "Article" c, src WHERE c."searchVector" @@ src.query AND ${eligible}
        ORDER BY c."sortAt" DESC, c.id DESC LIMIT ${POOL_PER_SIGNAL})
      UNION
      (SELECT c.id FROM "Article" c JOIN "ArticleByline" ab ON ab."articleId" = c.id, src
        WHERE ab."bylineId" = ANY(src.bylines) AND ab.role::text = ANY(${WRITING_ROLES}::text[]) AND ${eligible}
        ORDER BY c."sortAt" DESC, c.id DESC LIMIT ${POOL_PER_SIGNAL})
      UNION
      (SELECT c.id FROM "Article" c WHERE ${eligible} ORDER BY c."publishedAt" DESC, c.id DESC LIMIT ${q.limit})
    ),
    scored AS (
      SELECT c.id, c.slug, c.headline, c.dek, c."heroImage", c.section, c."publishedAt",
        ARRAY(SELECT unnest(c.tags) INTERSECT SELECT unnest(src.tags) ORDER BY 1) AS "sharedTags",
        COALESCE(c.section = src.section, false) AS "sameSection",
        (SELECT count(DISTINCT ab."bylineId")::int FROM "ArticleByline" ab
          WHERE ab."articleId" = c.id AND ab."bylineId" = ANY(src.bylines)
            AND ab.role::text = ANY(${WRITING_ROLES}::text[])) AS "sharedBylines",
        COALESCE(CASE WHEN c."searchVector" @@ src.query THEN ts_rank(c."searchVector", src.query) END, 0)::float8
          AS "textRank",
        exp(-extract(epoch FROM ${q.now}::timestamptz - c."publishedAt")::float8 / 86400 / ${RECENCY_DAYS}::float8)
          AS decay
      FROM pool JOIN "Article" c ON c.id = pool.id CROSS JOIN src
      WHERE ${eligible}
    )
    SELECT id, slug, headline, dek, "heroImage", section, "publishedAt",
      "sharedTags", "sameSection", "sharedBylines", "textRank",
      ((${w.sharedTag}::float8 * cardinality("sharedTags") + ${w.sameSection}::float8 * "sameSection"::int
        + ${w.sharedByline}::float8 * "sharedBylines" + ${w.text}::float8 * "textRank") * decay)::float8 AS score
    FROM scored
    ORDER BY score DESC, "publishedAt" DESC, id DESC
    LIMIT ${q.limit}`
}
