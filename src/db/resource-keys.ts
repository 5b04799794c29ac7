/**
 * A surrogate key: `kind:value`, the value percent-encoded so that keys never hold the space
 * (`Surrogate-Key`) or comma (`Cache-Tag`) that separate them, nor characters a header cannot carry.
 * Responses declare these keys (what they depend on); writes report them (what they changed).
 */
export function surrogateKey(kind: string, value: string): string {
  return `${kind}:${encodeURIComponent(value)}`
}

/** The resources change events name. */
export type ResourceKind = 'article' | 'byline' | 'slot' | 'import'
/** The resources whose changes are reported by id with their collection (see resourceKeys). */
export type KeyedKind = ResourceKind | 'section' | 'tag'
const KEYED_KINDS: readonly string[] = [
  'article',
  'byline',
  'slot',
  'section',
  'tag',
] satisfies KeyedKind[]

/** What a change to one resource affects: responses showing it (`article:<id>`) and every list of its kind (`articles`). */
export function resourceKeys(kind: KeyedKind, id: string): [string, string] {
  return [surrogateKey(kind, id), `${kind}s`]
}

/**
 * For the key of one resource (`article:<id>`), the key of every list of its kind (`articles`):
 * every change that reports the first reports the second too (see resourceKeys).
 */
export function coarseKeyOf(key: string): string | undefined {
  const colon = key.indexOf(':')
  const kind = key.slice(0, colon)
  return colon > 0 && KEYED_KINDS.includes(kind) ? `${kind}s` : undefined
}
