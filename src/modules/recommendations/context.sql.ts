import type { Db } from '../../db/client.js'
import { Prisma, type SlotFill } from '../../db/generated/client.js'
import { isUuid } from '../../lib/id-or-slug.js'
import { type CuratedRowJson, type CuratedRowWithCredits, curatedRowsJson, toCuratedRows } from './curated-rows.sql.js'
import { type SourceSignals, WRITING_CREDIT } from './ranking.sql.js'
import { type StoredListState, storedListState } from './related-lists.sql.js'

/** The article recommendations are for: its signals and the state of its stored ranking. */
export type Source = SourceSignals & StoredListState

export interface SlotRow {
  id: string
  key: string
  label: string
  capacity: number
  fill: SlotFill
  allowSponsored: boolean
}

export interface RecommendationContext {
  source: Source
  /** In position order. */
  slots: SlotRow[]
  curated: CuratedRowWithCredits[]
}

/**
 * Everything a resolution needs before ranking, in one statement: the article `ref` (an id or a
 * slug) names, with its signals and the state of its stored ranking; the slots asked for (every
 * slot without `slotKeys`); their curated items. Null when there is no such article or, with
 * `visibleAt`, none readers can see at that time. Rankings take the signals as parameters rather
 * than reading them themselves, so that the planner sees the actual tags, section and words and
 * picks, per pool, an index walk (common ones) or a bitmap scan (rare ones).
 */
export async function findRecommendationContext(
  db: Db,
  ref: string,
  visibleAt: Date | null,
  slotKeys?: string[],
): Promise<RecommendationContext | null> {
  const match = isUuid(ref) ? Prisma.sql`a.id = ${ref.toLowerCase()}::uuid` : Prisma.sql`a.slug = ${ref}`
  const visible = visibleAt
    ? Prisma.sql`AND a.status = 'published' AND a."publishedAt" <= ${visibleAt} AND a."trashedAt" IS NULL`
    : Prisma.empty
  const asked = slotKeys ? Prisma.sql`WHERE s.key = ANY(${slotKeys}::text[])` : Prisma.empty
  const rows = await db.$queryRaw<(Source & { slots: SlotRow[]; curated: CuratedRowJson[] })[]>`
    WITH slots AS (
      SELECT s.id, s.key, s.label, s.capacity, s.fill, s."allowSponsored", s.position FROM "RecommendationSlot" s ${asked}
    )
    SELECT a.id, a.section,
      ARRAY(SELECT DISTINCT t FROM unnest(a.tags) AS t ORDER BY t) AS tags,
      ARRAY(SELECT DISTINCT ab."bylineId"::text FROM "ArticleByline" ab
             WHERE ab."articleId" = a.id AND ${WRITING_CREDIT}) AS writers,
      (SELECT string_agg('''' || replace(replace(l, '\\', '\\\\'), '''', '''''') || '''', ' | ' ORDER BY l)
         FROM unnest(tsvector_to_array(a."headlineVector")) AS l) AS query,
      ${storedListState},
      (SELECT COALESCE(json_agg(json_build_object('id', id, 'key', key, 'label', label, 'capacity', capacity,
         'fill', fill, 'allowSponsored', "allowSponsored") ORDER BY position, key), '[]') FROM slots) AS slots,
      ${curatedRowsJson(Prisma.sql`(SELECT id FROM slots)`, Prisma.sql`a.id`)} AS curated
    FROM "Article" a LEFT JOIN "RelatedList" list ON list."sourceId" = a.id WHERE ${match} ${visible}`
  const row = rows[0]
  if (!row) return null
  const { slots, curated, ...source } = row
  return { source, slots, curated: toCuratedRows(curated) }
}
