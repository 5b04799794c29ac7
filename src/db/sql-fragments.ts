import { Prisma } from './generated/client.js'
import { PLANNED_PER_EXECUTION } from './statement-names.js'

// SQL pieces that shape how PostgreSQL plans the statements they are part of.

/**
 * A LIMIT clause with its number written into the statement. Given as a parameter, a generic plan
 * assumes it keeps a tenth of the rows, so PostgreSQL went on planning every execution afresh.
 */
export function limitTo(count: number): Prisma.Sql {
  if (!Number.isSafeInteger(count) || count < 0) throw new RangeError(`not a row count: ${count}`)
  return Prisma.raw(`LIMIT ${count}`)
}

/**
 * A derived table of ("articleId", credits) for the articles in `articleIds` (a sub-select): their
 * credits in credit order as a JSON array of `credit` (an expression over the credit `ab` and its
 * byline `b`). Joined to a page of articles, the Byline table is read once for the page; credits
 * selected per article made the planner read it once per article.
 */
export const creditsOf = (articleIds: Prisma.Sql, credit: Prisma.Sql) => Prisma.sql`(
  SELECT ab."articleId", json_agg(${credit} ORDER BY ab.position) AS credits
  FROM "ArticleByline" ab JOIN "Byline" b ON b.id = ab."bylineId"
  WHERE ab."articleId" IN ${articleIds} GROUP BY ab."articleId")`

/**
 * `sql`, sent so that PostgreSQL plans it for each execution's values instead of keeping a generic
 * plan: for statements whose best plan depends on the values (how common a searched word is),
 * where a wrong plan costs far more than planning.
 */
export const plannedPerExecution = (sql: Prisma.Sql) =>
  Prisma.sql`${Prisma.raw(PLANNED_PER_EXECUTION)} ${sql}`
