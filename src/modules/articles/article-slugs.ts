import type { Db } from '../../db/client.js'
import { ConflictError } from '../../errors/app-error.js'
import { derivedUniqueSlug } from '../../lib/slug.js'

/** Slugs in use or reserved (old slugs of published articles) that start with a prefix. */
async function takenSlugs(db: Db, prefix: string): Promise<string[]> {
  const where = { slug: { startsWith: prefix } }
  const articles = await db.article.findMany({ where, select: { slug: true } })
  const redirects = await db.articleSlugRedirect.findMany({ where, select: { slug: true } })
  return [...articles, ...redirects].map((r) => r.slug)
}

export function derivedArticleSlug(db: Db, headline: string): Promise<string> {
  return derivedUniqueSlug(headline, 'story', (prefix) => takenSlugs(db, prefix))
}

/** 409 unless `slug` is free or already belongs to `articleId` (its current or an old slug). */
export async function assertSlugAvailable(db: Db, slug: string, articleId?: string): Promise<void> {
  const article = await db.article.findUnique({ where: { slug }, select: { id: true } })
  const redirect = await db.articleSlugRedirect.findUnique({ where: { slug } })
  if (article && article.id !== articleId) {
    throw new ConflictError(`The slug "${slug}" is already taken.`, { field: 'slug' })
  }
  if (redirect && redirect.articleId !== articleId) {
    throw new ConflictError(`The slug "${slug}" is reserved: another article used to live there and its links still resolve.`, {
      field: 'slug',
    })
  }
}

/**
 * Moves an article to a new slug. Once an article has been published, links to its old slug
 * exist in the wild: the old slug is kept as a redirect and stays reserved for this article.
 */
export async function moveSlug(db: Db, current: { id: string; slug: string; publishedAt: Date | null }, slug: string) {
  await assertSlugAvailable(db, slug, current.id)
  // Taking back one of its own old slugs: it is no longer a redirect.
  await db.articleSlugRedirect.deleteMany({ where: { slug } })
  // A concurrent save of the same version may be creating this very redirect: skipping the duplicate
  // lets that save's conditional version update decide (412), instead of a unique violation (409).
  if (current.publishedAt) {
    await db.articleSlugRedirect.createMany({ data: [{ slug: current.slug, articleId: current.id }], skipDuplicates: true })
  }
}
