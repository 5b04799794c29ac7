export interface Credit {
  name: string
  kind: 'staff' | 'contributor' | 'agency'
  role: 'author' | 'contributor' | 'photographer' | 'translator' | 'editor'
}

function joinNames(names: string[]): string {
  if (names.length <= 1) return names.join('')
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`
}

/**
 * The display line for a story's credits: "By Ana Ruiz, Li Wei and Sam Roe" for its authors;
 * the agency name alone for agency copy; null when nobody is credited, so that no frontend
 * ever prints a bare "By".
 */
export function bylineText(credits: readonly Credit[]): string | null {
  const authors = credits.filter((c) => c.role === 'author')
  const credited = authors.length > 0 ? authors : credits.filter((c) => c.kind === 'agency')
  const names = [...new Set(credited.map((c) => c.name.trim()).filter(Boolean))]
  if (names.length === 0) return null
  const agenciesOnly = credited.every((c) => c.kind === 'agency')
  return agenciesOnly ? joinNames(names) : `By ${joinNames(names)}`
}
