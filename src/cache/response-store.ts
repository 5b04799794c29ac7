import { LRUCache } from 'lru-cache'
import { ALL } from '../db/change-feed.js'
import { coarseKeyOf } from '../db/resource-keys.js'

/**
 * The header lists a stored response is replayed with: flat name/value pairs, as `writeHead`
 * takes them, built once when the response is stored, so that a hit allocates one short array.
 */
export interface ReplayHeaders {
  /** A 200 with the identity body (content-type, etag, cache-control, vary, x-cache, surrogate keys). */
  plain: readonly string[]
  /** A 200 with the gzip body (its ETag names the coding); null when the body is kept uncompressed. */
  gzip: readonly string[] | null
  /** A 304, but for its ETag: the one the client holds, which names the representation it has. */
  notModified: readonly string[]
  /** The names of the stored headers: the edge's own for a request are replayed but for these. */
  names: ReadonlySet<string>
}

/** A ready-to-send response: what the first request built, replayed to the next ones. */
export interface StoredResponse {
  headers: ReplayHeaders
  /** The body, gzip-compressed when `headers.gzip` is set (small bodies are kept as they are). */
  body: Buffer
  etag: string
  /** What the response depends on: the surrogate keys its handler declared (all of them; the header may be bounded). */
  tags: readonly string[]
  /** Epoch ms (of the app's clock) after which the entry must not be served. */
  expiresAt: number
}

/**
 * What a route keeps to build personal answers in process (see plugins/personal-answers.ts),
 * stored under the shared URL's key with a NUL in front (no request's key has one).
 */
export interface StoredBasis {
  basis: unknown
  /** An estimate of the memory it holds (see keepBasis in response-cache.ts). */
  bytes: number
  tags: readonly string[]
  expiresAt: number
}

type Entry = StoredResponse | StoredBasis

const isBasis = (entry: Entry): entry is StoredBasis => 'basis' in entry

/** Bytes an entry costs besides its strings and body: the objects, and its slots in the LRU. */
const ENTRY_OVERHEAD = 400
/** Bytes a tag costs in the index: a slot in the tag's set of keys. */
const INDEXED_TAG_BYTES = 48

/**
 * The tags an entry is found by: the keys of single resources are left out when the entry
 * carries the key of their whole kind (a recommendation tagged `articles` needs no `article:<id>`),
 * as every change to one reports both. For a recommendation this is a third of its tags.
 */
function indexedTags(tags: readonly string[]): string[] {
  const present = new Set(tags)
  return [...present].filter((tag) => {
    const coarse = coarseKeyOf(tag)
    return coarse === undefined || !present.has(coarse)
  })
}

/** Bytes of a header list: one byte per character is close for these ASCII strings, plus a slot per string. */
const listBytes = (list: readonly string[]) => list.reduce((n, item) => n + item.length + 8, 0)

/**
 * What an entry costs: its body, its strings and bookkeeping. The three header lists share all
 * their strings but the ETags, so the other two count their slots and the gzip ETag only.
 */
function sizeOf(entry: Entry, key: string): number {
  if (isBasis(entry))
    return ENTRY_OVERHEAD + key.length + entry.bytes + entry.tags.length * INDEXED_TAG_BYTES
  const { plain, gzip, notModified } = entry.headers
  const others = 8 * (notModified.length + (gzip?.length ?? 0)) + (gzip ? entry.etag.length : 0)
  return (
    ENTRY_OVERHEAD +
    key.length +
    entry.body.length +
    listBytes(plain) +
    others +
    entry.tags.length * INDEXED_TAG_BYTES
  )
}

/**
 * The response cache's memory: a least-recently-used map bounded by bytes, with an index from
 * each tag to the entries that depend on it, so that a write can drop exactly those.
 *
 * `generation` grows with every invalidation. A response built while a write was committing may
 * hold the old state, so the request remembers the generation it started in, and `set` refuses an
 * entry when an invalidation happened since.
 */
export class ResponseStore {
  private readonly entries: LRUCache<string, Entry>
  /** Per tag, the keys of the entries it applies to, and one copy of the tag that they all share. */
  private readonly byTag = new Map<string, { tag: string; keys: Set<string> }>()
  generation = 0

  constructor(maxBytes: number) {
    this.entries = new LRUCache<string, Entry>({
      maxSize: maxBytes,
      sizeCalculation: sizeOf,
      // Evicted, replaced or deleted: the entry's tags must stop pointing at its key.
      dispose: (entry, key) => this.untag(key, entry.tags),
    })
  }

  /** The response stored for `key` unless it has expired at `now` (epoch ms). */
  get(key: string, now: number): StoredResponse | undefined {
    const entry = this.fresh(key, now)
    return entry && !isBasis(entry) ? entry : undefined
  }

  /** The basis of personal answers stored for the shared URL's `key`, unless it has expired at `now`. */
  basis(key: string, now: number): StoredBasis | undefined {
    const entry = this.fresh(`\0${key}`, now)
    return entry && isBasis(entry) ? entry : undefined
  }

  /** Stores the basis of personal answers to the shared URL's `key`: see set. */
  setBasis(key: string, basis: StoredBasis, generation: number): boolean {
    return this.set(`\0${key}`, basis, generation)
  }

  private fresh(key: string, now: number): Entry | undefined {
    const entry = this.entries.get(key)
    if (entry && entry.expiresAt <= now) {
      this.entries.delete(key)
      return undefined
    }
    return entry
  }

  /** Stores an entry built by a request that started in `generation`; false when it may be stale or does not fit. */
  set(key: string, response: Entry, generation: number): boolean {
    if (generation !== this.generation) return false
    const entry = { ...response, tags: indexedTags(response.tags) }
    this.entries.set(key, entry)
    if (this.entries.peek(key) !== entry) return false // larger than the whole store
    entry.tags = entry.tags.map((tag) => {
      let group = this.byTag.get(tag)
      if (!group) {
        group = { tag, keys: new Set() }
        this.byTag.set(tag, group)
      }
      group.keys.add(key)
      return group.tag
    })
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
      const group = this.byTag.get(tag)
      if (group) for (const key of [...group.keys]) this.entries.delete(key)
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
      const group = this.byTag.get(tag)
      group?.keys.delete(key)
      if (group?.keys.size === 0) this.byTag.delete(tag)
    }
  }
}
