import slugify from '@sindresorhus/slugify'

const MAX_SLUG = 120

/** A URL slug for a title, transliterated to a-z0-9 and cut at a word boundary; `fallback` if nothing is left. */
export function slugFrom(text: string, fallback: string): string {
  const slug = slugify(text, { decamelize: false })
  if (!slug) return fallback
  if (slug.length <= MAX_SLUG) return slug
  const cut = slug.slice(0, MAX_SLUG + 1)
  const boundary = cut.lastIndexOf('-')
  return boundary > 0 ? cut.slice(0, boundary) : slug.slice(0, MAX_SLUG)
}

/** `base` for n = 1, else `base-n`, cut so that it stays within the length limit. */
function numberedSlug(base: string, n: number): string {
  if (n === 1) return base
  const suffix = `-${n}`
  return base.slice(0, MAX_SLUG - suffix.length).replace(/-+$/, '') + suffix
}

/**
 * Derives a slug from `text` that no row uses yet, asking `findTaken` which of some candidates
 * (`base` to `base-10`, then up to `base-100`, …) are used: exact look-ups that an index answers,
 * where a prefix search (`LIKE 'base%'`) reads the whole index unless the collation is "C".
 */
export async function derivedFreeSlug(
  text: string,
  fallback: string,
  findTaken: (candidates: string[]) => Promise<string[]>,
): Promise<string> {
  const base = slugFrom(text, fallback)
  for (let from = 1, to = 10; ; from = to + 1, to *= 10) {
    const candidates = Array.from({ length: to - from + 1 }, (_, i) => numberedSlug(base, from + i))
    const taken = new Set(await findTaken(candidates))
    const free = candidates.find((c) => !taken.has(c))
    if (free) return free
  }
}

/**
 * The slug of a tag or section named `name`: slugFrom's, or for text with nothing to
 * transliterate (e.g. "東京") the lower-cased text itself with hyphens for spaces, so that it
 * keeps its meaning. The sections_and_tags migration computes the same for existing data.
 */
export function taxonomySlug(name: string): string {
  const lowered = name.trim().toLowerCase()
  return slugFrom(lowered, lowered.replace(/\s+/g, '-'))
}

/**
 * A tag as a list filter names it: its slug, or its name in any case with spaces for hyphens
 * ("Deep Water" → "deep-water"). Nothing else is changed, so an odd value never matches a tag.
 */
export function tagFilterValue(value: string): string {
  return value.trim().toLowerCase().replace(/\s+/g, '-')
}
