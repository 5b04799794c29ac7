import { Prisma } from '../../../db/generated/client.js'
import { type CreditRow, creditsJson } from './credits.sql.js'
import type { CuratedRow } from '../slot-fill.js'

/** A curated item, with the credits of the article it recommends (none for an external link). */
export type CuratedRowWithCredits = CuratedRow & { credits: CreditRow[] }

type Target = NonNullable<CuratedRow['targetArticle']>
type Dated<T, K extends keyof T> = Omit<T, K> & { [P in K]: string | null }
/** A curated row as JSON gives it: dates as strings. */
export type CuratedRowJson = Dated<
  Omit<CuratedRowWithCredits, 'targetArticle'>,
  'startsAt' | 'endsAt'
> & {
  target: Dated<Target, 'publishedAt' | 'trashedAt'> | null
}

const dateOrNull = (iso: string | null) => (iso === null ? null : new Date(iso))

/**
 * A JSON array of CuratedRowJson: the items of the slots in `slotIds` (an SQL expression of a set
 * of ids), the article `sourceId`'s own and the site-wide defaults, in item order, with the
 * articles they recommend and those articles' credits.
 */
export const curatedRowsJson = (slotIds: Prisma.Sql, sourceId: Prisma.Sql) => Prisma.sql`(
  SELECT COALESCE(json_agg(json_build_object('slotId', i."slotId", 'articleId', i."articleId", 'url', i.url,
    'title', i.title, 'imageUrl', i."imageUrl", 'sponsor', i.sponsor, 'startsAt', i."startsAt", 'endsAt', i."endsAt",
    'target', CASE WHEN t.id IS NOT NULL THEN json_build_object('id', t.id, 'slug', t.slug, 'headline', t.headline,
      'dek', t.dek, 'heroImage', t."heroImage", 'section', t.section,
      'sectionName', (SELECT s.name FROM "Section" s WHERE s.slug = t.section), 'publishedAt', t."publishedAt",
      'status', t.status, 'trashedAt', t."trashedAt", 'sponsorship', t.sponsorship) END,
    'credits', ${creditsJson(Prisma.sql`t.id`)}) ORDER BY i.position, i.id), '[]')
  FROM "SlotItem" i LEFT JOIN "Article" t ON t.id = i."targetArticleId"
  WHERE i."slotId" IN ${slotIds} AND (i."articleId" = ${sourceId} OR i."articleId" IS NULL))`

export function toCuratedRows(rows: CuratedRowJson[]): CuratedRowWithCredits[] {
  return rows.map(({ target, startsAt, endsAt, ...row }) => ({
    ...row,
    startsAt: dateOrNull(startsAt),
    endsAt: dateOrNull(endsAt),
    targetArticle: target && {
      ...target,
      publishedAt: dateOrNull(target.publishedAt),
      trashedAt: dateOrNull(target.trashedAt),
    },
  }))
}
