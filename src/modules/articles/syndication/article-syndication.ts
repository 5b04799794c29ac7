import type { Article } from '../articles.schemas.js'

type Credit = Article['bylines'][number]

/**
 * Who the story is by, as its byline line credits it: the authors, or for agency copy without
 * authors the agencies. Photographers, editors and the like are not authors of the text.
 */
export function creditedAuthors(bylines: readonly Credit[]): Credit[] {
  const authors = bylines.filter((c) => c.role === 'author')
  const credited = authors.length > 0 ? authors : bylines.filter((c) => c.kind === 'agency')
  return credited.filter((c, i) => credited.findIndex((o) => o.id === c.id) === i)
}

/**
 * When the story last changed for its readers: `displayedUpdatedAt` (publication, or the last
 * correction, update or significant edit; copy fixes do not count), or for a story never
 * published its last edit.
 */
export function modifiedAt(article: Pick<Article, 'updatedAt' | 'displayedUpdatedAt'>): string {
  return article.displayedUpdatedAt ?? article.updatedAt
}

/** A stable identifier that survives slug changes, for feed entries and ninjs. */
export function articleUri(article: Pick<Article, 'id'>): string {
  return `urn:uuid:${article.id}`
}
