import type { Article } from '../articles.schemas.js'

/** The fields compared with the live version, in the order of the article. */
const COMPARED = [
  'headline',
  'slug',
  'dek',
  'body',
  'section',
  'tags',
  'language',
  'heroImage',
  'canonicalUrl',
  'bylines',
  'creditLine',
  'sponsorship',
  'publishedAt',
  'embargoUntil',
] as const satisfies readonly (keyof Article)[]

/** The fields whose values differ between the live and the pending version. */
export function fieldChanges(live: Article, pending: Article) {
  return COMPARED.filter(
    (field) => JSON.stringify(live[field] ?? null) !== JSON.stringify(pending[field] ?? null),
  ).map((field) => ({ field, live: live[field] ?? null, pending: pending[field] ?? null }))
}
