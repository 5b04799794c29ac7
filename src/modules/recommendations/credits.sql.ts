import { Prisma } from '../../db/generated/client.js'
import type { Credit } from '../articles/byline-text.js'

/** A credit as the recommendations print it, with the byline's id for surrogate keys. */
export type CreditRow = Credit & { id: string }

/**
 * The credits of the article whose id is the SQL expression `articleId`, in credit order, as a
 * JSON array of CreditRow: selected with the articles themselves, so that they cost no statement
 * of their own. Each byline is looked up on its own (OFFSET 0 keeps the planner from joining the
 * whole Byline table once per article, which took twice as long for the usual one to three credits).
 */
export const creditsJson = (articleId: Prisma.Sql) => Prisma.sql`COALESCE((
  SELECT json_agg(json_build_object('id', b.id, 'name', b.name, 'kind', b.kind, 'role', ab.role) ORDER BY ab.position)
  FROM "ArticleByline" ab
  CROSS JOIN LATERAL (SELECT id, name, kind FROM "Byline" WHERE id = ab."bylineId" OFFSET 0) b
  WHERE ab."articleId" = ${articleId}), '[]')`
