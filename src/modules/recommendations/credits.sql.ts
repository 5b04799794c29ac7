import { Prisma } from '../../db/generated/client.js'
import type { Credit } from '../articles/byline-text.js'

/** A credit as the recommendations print it, with the byline's id for surrogate keys. */
export type CreditRow = Credit & { id: string }

/** A CreditRow as JSON, over the credit `ab` and its byline `b`. */
export const CREDIT_ROW = Prisma.sql`json_build_object('id', b.id, 'name', b.name, 'kind', b.kind, 'role', ab.role)`

/**
 * The credits of the article whose id is the SQL expression `articleId`, in credit order, as a
 * JSON array of CreditRow: selected with the articles themselves, so that they cost no statement
 * of their own. For pages of articles, creditsOf reads the bylines once for the page.
 */
export const creditsJson = (articleId: Prisma.Sql) => Prisma.sql`COALESCE((
  SELECT json_agg(${CREDIT_ROW} ORDER BY ab.position)
  FROM "ArticleByline" ab JOIN "Byline" b ON b.id = ab."bylineId"
  WHERE ab."articleId" = ${articleId}), '[]')`
