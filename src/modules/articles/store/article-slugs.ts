import type { Db } from '../../../db/client.js'
import { ConflictError } from '../../../errors/app-error.js'
import { violatedConstraint } from '../../../db/prisma-errors.js'
import { derivedFreeSlug } from '../../../lib/slug.js'

/** An article holding a slug: as its current slug, or as an old one kept as a redirect. */
export interface SlugHolder {
  slug: string
  articleId: string
  redirect: boolean
}

/** Who holds any of `slugs`: one statement of exact look-ups in the two unique indexes. */
export function slugHolders(db: Db, slugs: string[]): Promise<SlugHolder[]> {
  return db.$queryRaw<SlugHolder[]>`
    SELECT slug, id AS "articleId", false AS redirect FROM "Article" WHERE slug = ANY(${slugs}::text[])
    UNION ALL
    SELECT slug, "articleId", true AS redirect FROM "ArticleSlugRedirect" WHERE slug = ANY(${slugs}::text[])`
}

/**
 * The slug of a new article: the given one once checked (409 when taken or reserved), else one
 * derived from the headline that is neither.
 */
export async function newArticleSlug(
  db: Db,
  headline: string,
  given: string | undefined,
): Promise<string> {
  if (given !== undefined) {
    await assertSlugAvailable(db, given)
    return given
  }
  return derivedFreeSlug(headline, 'story', async (candidates) =>
    (await slugHolders(db, candidates)).map((h) => h.slug),
  )
}

/** Whether a new article's insert failed because a concurrent one took its slug after it was checked. */
export function isSlugRace(err: unknown): boolean {
  // The slug is the only unique value of a new article that another request can take.
  return violatedConstraint(err) === 'unique'
}

/** 409 unless `slug` is free or already belongs to `articleId` (its current or an old slug). */
async function assertSlugAvailable(db: Db, slug: string, articleId?: string): Promise<void> {
  const others = (await slugHolders(db, [slug])).filter((h) => h.articleId !== articleId)
  if (others.some((h) => !h.redirect)) {
    throw new ConflictError(`The slug "${slug}" is already taken.`, { field: 'slug' })
  }
  if (others.length > 0) {
    throw new ConflictError(
      `The slug "${slug}" is reserved: another article used to live there and its links still resolve.`,
      {
        field: 'slug',
      },
    )
  }
}

/**
 * Moves an article to a new slug. Once an article has been published, links to its old slug
 * exist in the wild: the old slug is kept as a redirect and stays reserved for this article.
 */
export async function moveSlug(
  db: Db,
  current: { id: string; slug: string; publishedAt: Date | null },
  slug: string,
) {
  await assertSlugAvailable(db, slug, current.id)
  // Taking back one of its own old slugs: it is no longer a redirect.
  await db.articleSlugRedirect.deleteMany({ where: { slug } })
  // A concurrent save of the same version may be creating this very redirect: skipping the duplicate
  // lets that save's conditional version update decide (412), instead of a unique violation (409).
  if (current.publishedAt) {
    await db.articleSlugRedirect.createMany({
      data: [{ slug: current.slug, articleId: current.id }],
      skipDuplicates: true,
    })
  }
}
