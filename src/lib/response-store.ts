import { LRUCache } from 'lru-cache'

/** A ready-to-send response: what the first request built, replayed to the next ones. */
export interface StoredResponse {
  /** Headers to replay (content-type, etag, cache-control, vary, surrogate keys). */
  headers: Record<string, string>
  /** The body, gzip-compressed when `gzipped` (small bodies are kept as they are). */
  body: Buffer
  gzipped: boolean
  etag: string
  /** What the response depends on: the surrogate keys its handler declared. */
  tags: readonly string[]
  /** Epoch ms (of the app's clock) after which the entry must not be served. */
  expiresAt: number
}

/** Invalidating this tag empties the whole store (e.g. after missed change notifications). */
export const ALL = '*'

/** Bytes an entry costs beyond its bodies: the key, headers and bookkeeping, roughly. */
const ENTRY_OVERHEAD = 512

const sizeOf = (entry: StoredResponse) => ENTRY_OVERHEAD + entry.body.length + entry.tags.length * 64

/**
 * The response cache's memory: a least-recently-used map bounded by bytes, with an index from
 * each tag to the entries that depend on it, so that a write can drop exactly those.
 *
 * `generation` grows with every invalidation. A response built while a write was committing may
 * hold the old state, so the request remembers the generation it started in, and `set` refuses an
 * entry when an invalidation happened since.
 */
export class ResponseStore {
  private readonly entries: LRUCache<string, StoredResponse>
  private readonly keysByTag = new Map<string, Set<string>>()
  generation = 0

  constructor(maxBytes: number) {
    this.entries = new LRUCache<string, StoredResponse>({
      maxSize: maxBytes,
      sizeCalculation: sizeOf,
      // Evicted, replaced or deleted: the entry's tags must stop pointing at its key.
      dispose: (entry, key) => this.untag(key, entry.tags),
    })
  }

  /** The entry for `key` unless it has expired at `now` (epoch ms). */
  get(key: string, now: number): StoredResponse | undefined {
    const entry = this.entries.get(key)
    if (entry && entry.expiresAt <= now) {
      this.entries.delete(key)
      return undefined
    }
    return entry
  }

  /** Stores an entry built by a request that started in `generation`; false when it may be stale or does not fit. */
  set(key: string, entry: StoredResponse, generation: number): boolean {
    if (generation !== this.generation) return false
    this.entries.set(key, entry)
    if (this.entries.peek(key) !== entry) return false // larger than the whole store
    for (const tag of entry.tags) {
      let keys = this.keysByTag.get(tag)
      if (!keys) this.keysByTag.set(tag, (keys = new Set()))
      keys.add(key)
    }
    return true
  }

  /** Drops every entry that depends on one of `tags` (all of them for ALL). */
  invalidate(tags: Iterable<string>): void {
    this.generation++
    for (const tag of tags) {
      if (tag === ALL) {
        this.entries.clear()
        return
      }
      const keys = this.keysByTag.get(tag)
      if (keys) for (const key of [...keys]) this.entries.delete(key)
    }
  }

  get size(): number {
    return this.entries.size
  }

  get bytes(): number {
    return this.entries.calculatedSize
  }

  private untag(key: string, tags: readonly string[]) {
    for (const tag of tags) {
      const keys = this.keysByTag.get(tag)
      keys?.delete(key)
      if (keys?.size === 0) this.keysByTag.delete(tag)
    }
  }
}
