// Types shared by the ranking statements and the slot filling, kept apart so that neither imports the other.

/** A story as a recommendation shows it. */
export interface ArticleCard {
  id: string
  slug: string
  headline: string
  dek: string | null
  heroImage: unknown
  /** The slug of its section, and the section's name. */
  section: string | null
  sectionName?: string | null
  publishedAt: Date | null
  /** The stored sponsorship (see article-sponsorship.ts); null for editorial copy. */
  sponsorship: unknown
}

/**
 * Why a story is recommended: the signal that added most to its score (`shared-tags`,
 * `same-section`, `same-byline`, `similar-text`), or `recent` when it shares none.
 */
export type RelatedReason =
  | 'shared-tags'
  | 'same-section'
  | 'same-byline'
  | 'similar-text'
  | 'recent'
