import type { ListArticlesQuery } from './articles.schemas.js'

interface Renamed {
  movedTo(slug: string): Promise<string | undefined>
}

/**
 * For a list filtered by a section or tag slug that was renamed (or a tag merged away), the same
 * URL with the current slug, other parameters kept in their order; undefined otherwise.
 */
export function movedFilterOf(sections: Renamed, tags: Renamed) {
  return async function movedFilter(
    url: string,
    { section, tag }: Pick<ListArticlesQuery, 'section' | 'tag'>,
  ): Promise<string | undefined> {
    const [newSection, newTag] = await Promise.all([
      section ? sections.movedTo(section) : undefined,
      tag ? tags.movedTo(tag) : undefined,
    ])
    if (!newSection && !newTag) return undefined
    return withParams(url, { section: newSection, tag: newTag })
  }
}

/** `url` with these query parameters' values replaced, every other one kept as it was. */
export function withParams(url: string, values: Record<string, string | undefined>): string {
  const at = url.indexOf('?')
  const path = at < 0 ? url : url.slice(0, at)
  const params = new URLSearchParams(at < 0 ? '' : url.slice(at + 1))
  for (const [name, value] of Object.entries(values)) if (value) params.set(name, value)
  return `${path}?${params.toString()}`
}
