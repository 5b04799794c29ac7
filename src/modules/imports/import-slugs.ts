import type { Db } from '../../db/client.js'
import { derivedFreeSlug, slugFrom } from '../../lib/slug.js'
import { slugHolders } from '../articles/store/article-slugs.js'

/** The slug derived from a headline before any `-2` (what `load` must be given for such records). */
export const derivedBase = (headline: string) => slugFrom(headline, 'story')

/**
 * The article slugs of one batch: who holds each (as its slug or an old slug) in the database or
 * earlier in the batch. A record whose given slug or old slug another article holds is refused;
 * a slug derived from the headline moves on to a free `-2`, `-3`, … as the API's create does.
 */
export class BatchSlugs {
  private readonly holders = new Map<string, string>()

  static async load(tx: Db, slugs: string[]): Promise<BatchSlugs> {
    const batch = new BatchSlugs(tx)
    for (const h of await slugHolders(tx, [...new Set(slugs)]))
      batch.holders.set(h.slug, h.articleId)
    return batch
  }

  private constructor(private readonly tx: Db) {}

  /** Whether `slug` is free for `articleId` (free, or already its own). */
  freeFor(slug: string, articleId: string): boolean {
    const holder = this.holders.get(slug)
    return holder === undefined || holder === articleId
  }

  claim(slugs: string[], articleId: string): void {
    for (const slug of slugs) this.holders.set(slug, articleId)
  }

  /** A slug from `headline` free for `articleId`, in the database and in this batch (`base` was loaded). */
  async derive(headline: string, articleId: string): Promise<string> {
    if (this.freeFor(derivedBase(headline), articleId)) return derivedBase(headline)
    return derivedFreeSlug(headline, 'story', (candidates) => this.takenInDb(candidates, articleId))
  }

  private async takenInDb(candidates: string[], articleId: string): Promise<string[]> {
    const held = await slugHolders(this.tx, candidates)
    return [
      ...held.filter((h) => h.articleId !== articleId).map((h) => h.slug),
      ...candidates.filter((c) => !this.freeFor(c, articleId)),
    ]
  }
}
