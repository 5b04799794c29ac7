import type { IncomingMessage } from 'node:http'
import { gzipSync, inflateRawSync } from 'node:zlib'
import { negotiate } from '@fastify/accept-negotiator'
import type { FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { LRUCache } from 'lru-cache'
import type { VisibilitySchedule } from '../db/visibility-schedule.js'
import { isApiPath } from '../lib/api-paths.js'
import { type ReplayHeaders, ResponseStore, type StoredResponse } from './response-store.js'
import { codedETag, noneMatch } from './http-cache.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** The in-process cache of anonymous GET responses; null when RESPONSE_CACHE is off. */
    responseCache: ResponseCache | null
  }
  interface FastifyRequest {
    /** Where to store the response when it may be cached. */
    responseCacheSlot: { key: string; generation: number; edge: ReadonlySet<string> } | null
  }
}

export interface ResponseCacheOptions {
  /** Bytes of stored responses at most; 0 turns the cache off. */
  maxBytes: number
  /** The app's trustProxy: whether X-Forwarded-Host and -Proto say which site was asked for. */
  trustProxy: boolean
}

/**
 * A safety net: what an answer shows changes through writes (invalidated exactly) and at scheduled
 * times (the entry expires then), never with time alone — recommendations decay with age, but by
 * the same factor for every candidate, so their order holds. An hour bounds the cost of a change
 * this reasoning missed; a much shorter age would rebuild every answer that often under load.
 */
const MAX_ENTRY_AGE_MS = 60 * 60_000
/** Bodies smaller than this are kept uncompressed (the same threshold as @fastify/compress). */
const GZIP_THRESHOLD = 1024
/** The share of the byte budget that holds decompressed copies of the most-read entries. */
const PLAIN_COPY_SHARE = 1 / 8
/** How many URLs read once without gzip are remembered, to copy those read twice (see decompressedCopies). */
const DOORKEEPER_KEYS = 1024
/** Headers that are not stored as they are: per request, per representation (etag), or added on replay. */
const NOT_STORED = new Set([
  'etag',
  'x-request-id',
  'content-length',
  'content-encoding',
  'date',
  'connection',
  'x-cache',
])

/**
 * The cache key: the origin as the client reached it (feeds link to it) and the path with its
 * query parameters sorted, so that `?a=1&b=2` and `?b=2&a=1` share an entry. Behind a trusted
 * proxy, from every header Fastify derives the origin from, so that one key never stands for two
 * origins.
 */
function cacheKey(req: IncomingMessage, trustProxy: boolean): string {
  const [path, query] = (req.url ?? '').split('?', 2)
  let normalized = path ?? ''
  if (query) {
    const params = new URLSearchParams(query)
    params.sort()
    normalized += `?${params.toString()}`
  }
  const scheme = 'encrypted' in req.socket && req.socket.encrypted ? 'https' : 'http'
  const forwarded = trustProxy
    ? `${req.headers['x-forwarded-proto'] ?? ''} ${req.headers['x-forwarded-host'] ?? ''} `
    : ''
  return `${forwarded}${scheme}://${req.headers.host ?? ''}${normalized}`
}

/** Whether a stored response may answer `req`: an anonymous GET of the API. */
const cacheable = (req: IncomingMessage) =>
  req.method === 'GET' && req.headers.authorization === undefined && isApiPath(req.url)

/**
 * The next moment at which time alone changes what readers see, as the modules' schedules tell
 * (a story's publication time, a slot item's window). No cached entry outlives it.
 */
function nextScheduledChange(schedule: VisibilitySchedule, store: ResponseStore) {
  // Known until the next invalidation (any write may schedule something) or until it has passed.
  let known: { at: number | null; generation: number } | null = null
  return {
    async at(now: number): Promise<number> {
      if (
        !known ||
        known.generation !== store.generation ||
        (known.at !== null && known.at <= now)
      ) {
        const generation = store.generation
        const at = await schedule.next(new Date(now))
        known = { at: at?.getTime() ?? null, generation }
      }
      return known.at ?? Number.POSITIVE_INFINITY
    },
  }
}

/**
 * The identity body of a stored gzip body: its deflate stream, between the 10-byte header and the
 * 8-byte trailer gzipSync writes, inflated without checking the CRC-32 of bytes this process
 * compressed itself (faster than gunzipSync).
 */
function decompress(gzip: Buffer): Buffer {
  return inflateRawSync(gzip.subarray(10, gzip.length - 8))
}

/** zlib returns views of 16 KiB chunks: a copy of its own keeps a 4 KiB body from holding 16. */
function ownCopy(view: Buffer): Buffer {
  const copy = Buffer.allocUnsafeSlow(view.length)
  view.copy(copy)
  return copy
}

/**
 * The decompressed bodies of the gzip entries most read by clients that do not accept gzip
 * (server-side fetchers): a gunzip per hit is a large share of the CPU time of serving a list. A copy is valid while its entry's ETag is the one it was made from, so
 * invalidation needs no bookkeeping here: a copy of a dropped entry is never asked for again
 * and ages out.
 *
 * A copy is made on the second read of a URL among the last DOORKEEPER_KEYS distinct ones (a
 * doorkeeper, as in TinyLFU): readers going through more articles than the copies can hold
 * would otherwise replace one copy per request, and the garbage would multiply the major collections.
 */
function decompressedCopies(maxBytes: number) {
  const copies = new LRUCache<string, { etag: string; body: Buffer }>({
    maxSize: Math.max(1, maxBytes),
    sizeCalculation: (copy) => copy.body.length,
  })
  const seenOnce = new Set<string>()
  return {
    of(key: string, entry: StoredResponse): Buffer {
      const copy = copies.get(key)
      if (copy?.etag === entry.etag) return copy.body
      const body = decompress(entry.body)
      if (maxBytes === 0) return body
      if (!seenOnce.delete(key)) {
        if (seenOnce.size >= DOORKEEPER_KEYS) seenOnce.clear()
        seenOnce.add(key)
        return body
      }
      const own = ownCopy(body)
      copies.set(key, { etag: entry.etag, body: own })
      return own
    },
  }
}

export type ResponseCache = ReturnType<typeof createResponseCache>

function createResponseCache(
  schedule: VisibilitySchedule,
  clock: () => Date,
  connected: () => boolean,
  { maxBytes, trustProxy }: ResponseCacheOptions,
) {
  const plainCopyBytes = Math.floor(maxBytes * PLAIN_COPY_SHARE)
  const store = new ResponseStore(maxBytes - plainCopyBytes)
  const plainCopies = decompressedCopies(plainCopyBytes)
  const nextChange = nextScheduledChange(schedule, store)

  return {
    store,
    invalidate: (tags: readonly string[]) => store.invalidate(tags),

    /** Looks up the next scheduled change now rather than on the next miss. */
    async prime() {
      await nextChange.at(clock().getTime())
    },

    /**
     * Answers `request` when the store holds a fresh entry for it. It runs as an onRequest hook
     * after the edge's (so a hit carries the edge's headers and gets its log line) and before
     * authentication, validation and the route. False: not answered.
     */
    answer(request: FastifyRequest, reply: FastifyReply): boolean {
      const req = request.raw
      if (!cacheable(req) || !connected()) return false
      const key = cacheKey(req, trustProxy)
      const entry = store.get(key, clock().getTime())
      if (entry === undefined) return false
      reply.hijack()
      replay(req, reply, entry, () => plainCopies.of(key, entry))
      return true
    },

    /** Notes where to store the response to `request`, which the store could not answer. */
    noteSlot(request: FastifyRequest, reply: FastifyReply) {
      if (cacheable(request.raw) && connected()) {
        const edge = new Set(Object.keys(reply.getHeaders()))
        request.responseCacheSlot = {
          key: cacheKey(request.raw, trustProxy),
          generation: store.generation,
          edge,
        }
      }
    },

    /** Keeps a 200 built for an anonymous request, unless a write committed since the request began. */
    async remember(
      request: FastifyRequest,
      reply: FastifyReply,
      payload: string | Buffer,
      etag: string,
    ) {
      const slot = request.responseCacheSlot
      // Only responses whose handler declared what they depend on can be invalidated, so only those are kept.
      if (!slot || !request.surrogateKeys || slot.generation !== store.generation) return
      const now = clock().getTime()
      const expiresAt = Math.min(
        now + MAX_ENTRY_AGE_MS,
        await nextChange.at(now),
        request.responseExpiresAt?.getTime() ?? Number.POSITIVE_INFINITY,
      )
      const identity = Buffer.isBuffer(payload) ? payload : Buffer.from(payload)
      const gzipped = identity.length >= GZIP_THRESHOLD
      const body = gzipped ? ownCopy(gzipSync(identity)) : identity
      const headers = replayHeaders(reply, slot.edge, etag, gzipped)
      const entry = { headers, body, etag, tags: request.surrogateKeys, expiresAt }
      if (store.set(slot.key, entry, slot.generation)) reply.header('x-cache', 'MISS')
    },
  }
}

/**
 * The headers of the response in `reply`, as replayed from the store for each kind of answer (see
 * ReplayHeaders). Those the edge set before the cache looked (`edge`) are set afresh for every hit,
 * so they are not stored; but for Vary, which the route extends.
 */
function replayHeaders(
  reply: FastifyReply,
  edge: ReadonlySet<string>,
  etag: string,
  gzipped: boolean,
): ReplayHeaders {
  const kept: string[] = []
  let contentType: string | undefined
  let vary = gzipped ? 'accept-encoding' : undefined
  for (const [name, value] of Object.entries(reply.getHeaders())) {
    if (value === undefined || NOT_STORED.has(name) || (edge.has(name) && name !== 'vary')) continue
    if (name === 'content-type') contentType = String(value)
    else if (name === 'vary') vary = gzipped ? `${String(value)}, accept-encoding` : String(value)
    else kept.push(name, String(value))
  }
  if (vary !== undefined) kept.push('vary', vary)
  kept.push('x-cache', 'HIT')
  const typed = contentType === undefined ? kept : [...kept, 'content-type', contentType]
  const names = new Set(kept.filter((_, i) => i % 2 === 0))
  return {
    plain: [...typed, 'etag', etag],
    gzip: gzipped ? [...typed, 'etag', codedETag(etag, 'gzip'), 'content-encoding', 'gzip'] : null,
    notModified: kept,
    names,
  }
}

/**
 * Answers a stored response: 304 when If-None-Match names one of its representations, else the body — gzip as
 * stored when the client accepts it, decompressed for the others (as Varnish does: keeping
 * entries compressed fits about three times as many in the same memory). The headers are the
 * stored ones and the edge's for this request (its request id among them).
 */
function replay(
  req: IncomingMessage,
  reply: FastifyReply,
  entry: StoredResponse,
  plainBody: () => Buffer,
) {
  const edge = edgeHeaders(reply, entry.headers)
  const held = noneMatch(req.headers['if-none-match'], entry.etag)
  if (held) {
    reply.raw.writeHead(304, [...entry.headers.notModified, ...edge, 'etag', held])
    reply.raw.end()
    return
  }
  const { gzip } = entry.headers
  const accepted = req.headers['accept-encoding']
  const gzipAccepted =
    gzip !== null &&
    accepted !== undefined &&
    negotiate(accepted.toLowerCase(), ['gzip']) === 'gzip'
  const body = gzip === null || gzipAccepted ? entry.body : plainBody()
  const headers = gzipAccepted ? gzip : entry.headers.plain
  reply.raw.writeHead(200, [...headers, ...edge, 'content-length', String(body.length)])
  reply.raw.end(body)
}

/** The headers the edge set on `reply` for this request, as a flat list, but those the entry has (Vary). */
function edgeHeaders(reply: FastifyReply, stored: ReplayHeaders): string[] {
  const flat: string[] = []
  const set = reply.getHeaders()
  for (const name in set) {
    const value = set[name]
    if (value !== undefined && !stored.names.has(name)) flat.push(name, String(value))
  }
  return flat
}

/**
 * The in-process response cache (RESPONSE_CACHE, RESPONSE_CACHE_MAX_MB). Anonymous `GET /v1/…`
 * (and sitemap) requests are answered from it in an onRequest hook, after the edge's and before authentication,
 * validation or the database; the first 200 for a URL is stored by http-cache.ts, with the
 * surrogate keys it depends on, until the next scheduled change the modules registered (or the
 * time its route declared with expireResponseAt). Every
 * change the ChangeFeed reports (this instance's writes right after their commit, other
 * instances' through LISTEN/NOTIFY) drops the entries tagged with what changed. While the
 * LISTEN connection is down, nothing is served from or stored in the cache.
 */
export const responseCachePlugin = fp<ResponseCacheOptions>(
  async (app, options) => {
    app.decorateRequest('responseCacheSlot', null)
    if (options.maxBytes === 0) {
      app.decorate('responseCache', null)
      return
    }
    const cache = createResponseCache(app.schedule, app.clock, () => app.changes.connected, options)
    app.decorate('responseCache', cache)
    app.changes.subscribe((tags) => cache.invalidate(tags))
    app.addHook('onRequest', (request, reply, done) => {
      if (cache.answer(request, reply)) return // answered: the route and later hooks do not run
      cache.noteSlot(request, reply)
      done()
    })
  },
  { name: 'response-cache', dependencies: ['prisma', 'edge'] },
)
