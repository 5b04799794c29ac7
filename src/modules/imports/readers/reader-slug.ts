import { slugFrom } from '../../../lib/slug.js'
import { SLUG_PATTERN } from '../../../schemas/common.js'

/**
 * The slug a story keeps: the old system's when it is one of ours (lower-case a-z, 0-9, single
 * hyphens, ≤ 120 characters), else one derived from it (WordPress percent-encodes non-Latin
 * slugs) or from the headline, else `fallback`.
 */
export function storySlug(old: string | undefined, headline: string, fallback: string): string {
  if (old && old.length <= 120 && SLUG_PATTERN.test(old)) return old
  const decoded = old ? safeDecode(old) : ''
  return slugFrom(decoded || headline, slugFrom(headline, fallback))
}

/** An old slug worth keeping as a redirect: only one that is valid as a slug here. */
export function isKeepableSlug(slug: string): boolean {
  return slug.length <= 120 && SLUG_PATTERN.test(slug)
}

/** Percent-decoded text (WordPress's slugs of non-Latin words), or the text when it is not valid. */
export function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}
