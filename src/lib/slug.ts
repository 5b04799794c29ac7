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

/** The first of `base`, `base-2`, `base-3`… that is not in `taken`, kept within the length limit. */
export function firstFreeSlug(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base
  for (let n = 2; ; n++) {
    const suffix = `-${n}`
    const candidate = base.slice(0, MAX_SLUG - suffix.length).replace(/-+$/, '') + suffix
    if (!taken.has(candidate)) return candidate
  }
}

/** Derives a slug from `text` that no row uses yet; `findTaken` lists the used slugs starting with a prefix. */
export async function derivedUniqueSlug(
  text: string,
  fallback: string,
  findTaken: (prefix: string) => Promise<string[]>,
): Promise<string> {
  const base = slugFrom(text, fallback)
  return firstFreeSlug(base, new Set(await findTaken(base)))
}
