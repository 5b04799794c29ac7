/**
 * A surrogate key: `kind:value`, the value percent-encoded so that keys never hold the space
 * (`Surrogate-Key`) or comma (`Cache-Tag`) that separate them, nor characters a header cannot carry.
 * Responses declare these keys (what they depend on); writes report them (what they changed).
 */
export function surrogateKey(kind: string, value: string): string {
  return `${kind}:${encodeURIComponent(value)}`
}

export type ResourceKind = 'article' | 'byline' | 'slot'

/** What a change to one resource affects: responses showing it (`article:<id>`) and every list of its kind (`articles`). */
export function resourceKeys(kind: ResourceKind, id: string): [string, string] {
  return [surrogateKey(kind, id), `${kind}s`]
}
