/**
 * Which tags (or authors) each post links to, with their sort order: one entry a post, kept for
 * the whole import, so kept small: the ids share one string each, and a post's links are a flat
 * list [order, id, order, id, …] rather than a list of pairs.
 */
export class PostLinks {
  private readonly byPost = new Map<string, (number | string)[]>()
  private readonly shared = new Map<string, string>()

  add(postId: string, order: number, id: string): void {
    let one = this.shared.get(id)
    if (one === undefined) {
      one = id
      this.shared.set(id, id)
    }
    // A new array of the exact size: push() would leave room for a dozen more in every one.
    const links = this.byPost.get(postId)
    this.byPost.set(postId, links ? [...links, order, one] : [order, one])
  }

  has(postId: string): boolean {
    return this.byPost.has(postId)
  }

  /** The ids a post links to, by sort order. */
  of(postId: string): string[] {
    const flat = this.byPost.get(postId) ?? []
    const pairs: [number, string][] = []
    for (let i = 0; i < flat.length; i += 2) pairs.push([flat[i] as number, flat[i + 1] as string])
    return pairs.sort((a, b) => a[0] - b[0]).map(([, id]) => id)
  }
}
