import type { Db } from '../../db/client.js'
import { Prisma } from '../../db/generated/client.js'
import { type CreditRow, creditsJson } from './credits.sql.js'
import type { CuratedRow } from './slot-fill.js'

/** A curated item, with the credits of the article it recommends (none for an external link). */
export type CuratedRowWithCredits = CuratedRow & { credits: CreditRow[] }

type Target = NonNullable<CuratedRow['targetArticle']>
type Row = Omit<CuratedRowWithCredits, 'targetArticle'> & {
  target: (Omit<Target, 'publishedAt' | 'trashedAt'> & { publishedAt: string | null; trashedAt: string | null }) | null
}

const dateOrNull = (iso: string | null) => (iso === null ? null : new Date(iso))

/**
 * The article's own items and the site-wide defaults of the slots, in item order, with the
 * articles they recommend and those articles' credits: one statement.
 */
export async function findCuratedRows(db: Db, slotIds: string[], sourceId: string): Promise<CuratedRowWithCredits[]> {
  const rows = await db.$queryRaw<Row[]>`
    SELECT i."slotId", i."articleId", i.url, i.title, i."imageUrl", i.sponsor, i."startsAt", i."endsAt",
      CASE WHEN t.id IS NOT NULL THEN json_build_object('id', t.id, 'slug', t.slug, 'headline', t.headline,
        'dek', t.dek, 'heroImage', t."heroImage", 'section', t.section, 'publishedAt', t."publishedAt",
        'status', t.status, 'trashedAt', t."trashedAt") END AS target,
      ${creditsJson(Prisma.sql`t.id`)} AS credits
    FROM "SlotItem" i LEFT JOIN "Article" t ON t.id = i."targetArticleId"
    WHERE i."slotId" = ANY(${slotIds}::uuid[]) AND (i."articleId" = ${sourceId}::uuid OR i."articleId" IS NULL)
    ORDER BY i.position, i.id`
  return rows.map(({ target, ...row }) => ({
    ...row,
    targetArticle: target && {
      ...target,
      publishedAt: dateOrNull(target.publishedAt),
      trashedAt: dateOrNull(target.trashedAt),
    },
  }))
}
