import type { Db } from '../../../db/client.js'
import { readRows } from '../../../db/raw-reads.js'
import { Prisma, type SlotFill } from '../../../db/generated/client.js'
import { isUuid } from '../../../lib/id-or-slug.js'
import {
  type CuratedRowJson,
  type CuratedRowWithCredits,
  curatedRowsJson,
  toCuratedRows,
} from './curated-rows.sql.js'
import {
  type RelatedArticle,
  type SignalsSql,
  type SourceSignals,
  WRITING_CREDIT,
} from './ranking.sql.js'
import { type StoredListState, storedListState, storedRankingRows } from './related-lists.sql.js'

/** The article recommendations are for: its signals and the state of its stored ranking. */
export type Source = SourceSignals & StoredListState

export interface SlotRow {
  id: string
  key: string
  label: string
  capacity: number
  fill: SlotFill
  allowSponsored: boolean
  maxSponsored: number
  sponsoredPositions: number[]
  disclosure: string
}

export interface RecommendationContext {
  source: Source
  /** In position order. */
  slots: SlotRow[]
  curated: CuratedRowWithCredits[]
  /**
   * The best related stories by the stored ranking (see storedRankingRows), as many as the slots
   * hold together (and `spare` more): enough for the automatic fill once the curated picks are left out. Null when
   * the ranking is not up to date (`changedSinceRanking` is null).
   */
  related: RelatedArticle[] | null
}

export interface ContextQuery {
  /** Null: any article, whatever its status (keyed previews). */
  visibleAt: Date | null
  /** The reader's time, for the related stories. */
  now: Date
  /** Every slot when absent. */
  slotKeys?: string[] | undefined
  /** Slugs never to recommend. */
  excludeSlugs: string[]
  /** Ids never to recommend. */
  excludeIds: string[]
  /** Related stories to read beyond what the slots hold: room for a reader's exclusions (see personalise). */
  spare: number
}

/** The source's signals as columns of the statement's `src` CTE (cast, so that `= ANY(…)` takes an array). */
const sourceColumns: SignalsSql = {
  id: Prisma.sql`(SELECT id FROM src)`,
  section: Prisma.sql`(SELECT section FROM src)`,
  tags: Prisma.sql`((SELECT tags FROM src)::text[])`,
  writers: Prisma.sql`((SELECT writers FROM src)::uuid[])`,
  query: Prisma.sql`((SELECT query FROM src)::tsquery)`,
}

type RelatedJson = Omit<RelatedArticle, 'publishedAt'> & { publishedAt: string }
type ContextRow = Source & {
  slots: SlotRow[]
  curated: CuratedRowJson[]
  related: RelatedJson[] | null
}

/**
 * Everything a resolution needs, in one statement: the article `ref` (an id or a slug) names, with
 * its signals and the state of its stored ranking; the slots asked for; their curated items; the
 * related stories by its stored ranking when that is up to date. Null when there is no such
 * article or, with `visibleAt`, none readers can see at that time. Rankings from scratch take the
 * signals as parameters rather than reading them themselves, so that the planner sees the actual
 * tags, section and words and picks, per pool, an index walk (common ones) or a bitmap scan (rare
 * ones); reading a stored ranking needs no such choice.
 */
export async function findRecommendationContext(
  db: Db,
  ref: string,
  q: ContextQuery,
): Promise<RecommendationContext | null> {
  const match = isUuid(ref)
    ? Prisma.sql`a.id = ${ref.toLowerCase()}::uuid`
    : Prisma.sql`a.slug = ${ref}`
  const visible = q.visibleAt
    ? Prisma.sql`AND a.status = 'published' AND a."publishedAt" <= ${q.visibleAt} AND a."trashedAt" IS NULL`
    : Prisma.empty
  const asked = q.slotKeys ? Prisma.sql`WHERE s.key = ANY(${q.slotKeys}::text[])` : Prisma.empty
  // Curated picks take at most a slot's capacity: with as many rows as all slots hold, there are
  // enough left once the curated ones are left out. None when no slot fills automatically.
  const wanted = Prisma.sql`LIMIT (SELECT CASE WHEN bool_or(fill <> 'curated') THEN sum(capacity) + ${q.spare}::int ELSE 0 END FROM slots)`
  const ranking = { now: q.now, excludeIds: q.excludeIds, excludeSlugs: q.excludeSlugs }
  const rows = await readRows<ContextRow>(
    db,
    Prisma.sql`
    WITH slots AS (
      SELECT s.id, s.key, s.label, s.capacity, s.fill, s."allowSponsored", s."maxSponsored", s."sponsoredPositions",
        s.disclosure, s.position FROM "RecommendationSlot" s ${asked}
    ),
    src AS (
      SELECT a.id, a.section,
        ARRAY(SELECT DISTINCT t FROM unnest(a.tags) AS t ORDER BY t) AS tags,
        ARRAY(SELECT DISTINCT ab."bylineId"::text FROM "ArticleByline" ab
               WHERE ab."articleId" = a.id AND ${WRITING_CREDIT}) AS writers,
        (SELECT string_agg('''' || replace(replace(l, '\\', '\\\\'), '''', '''''') || '''', ' | ' ORDER BY l)
           FROM unnest(tsvector_to_array(a."headlineVector")) AS l) AS query,
        ${storedListState(q.now)}
      FROM "Article" a LEFT JOIN "RelatedList" list ON list."sourceId" = a.id WHERE ${match} ${visible}
    ),
    related AS (WITH ${storedRankingRows(sourceColumns, ranking, wanted)})
    SELECT src.*,
      (SELECT COALESCE(json_agg(json_build_object('id', id, 'key', key, 'label', label, 'capacity', capacity,
         'fill', fill, 'allowSponsored', "allowSponsored", 'maxSponsored', "maxSponsored",
         'sponsoredPositions', COALESCE("sponsoredPositions", '{}'), 'disclosure', disclosure) ORDER BY position, key), '[]') FROM slots) AS slots,
      ${curatedRowsJson(Prisma.sql`(SELECT id FROM slots)`, Prisma.sql`src.id`)} AS curated,
      CASE WHEN src."changedSinceRanking" IS NOT NULL THEN (
        -- '[]', not NULL, when none is left: the ranking is up to date all the same.
        SELECT COALESCE(json_agg(r ORDER BY r.affinity DESC NULLS LAST, r."publishedAt" DESC, r.id DESC), '[]') FROM related r
      ) END AS related
    FROM src`,
  )
  const row = rows[0]
  if (!row) return null
  const { slots, curated, related, ...source } = row
  return {
    source,
    slots,
    curated: toCuratedRows(curated),
    related: related ? related.map((r) => ({ ...r, publishedAt: new Date(r.publishedAt) })) : null,
  }
}
