import { Prisma } from '../../../db/generated/client.js'
import type { Credit } from '../../articles/formats/article-byline-text.js'

/** A credit as the recommendations print it, with the byline's id for surrogate keys. */
export type CreditRow = Credit & { id: string }

/**
 * The credits of the article whose id is the SQL expression `articleId`, in credit order, as a
 * JSON array of CreditRow: the article's row of ArticleCredits, which triggers keep (see the
 * article_credits migration), so that they cost one index look-up and no statement of their own.
 */
export const creditsJson = (articleId: Prisma.Sql) =>
  Prisma.sql`COALESCE((SELECT credits FROM "ArticleCredits" WHERE "articleId" = ${articleId}), '[]')`
