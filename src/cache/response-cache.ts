import { randomUUID } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { gzipSync, inflateRawSync } from 'node:zlib'
import { negotiate } from '@fastify/accept-negotiator'
import type { FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { LRUCache } from 'lru-cache'
import type { PrismaClient } from '../db/client.js'
import { type ReplayHeaders, ResponseStore, type StoredResponse } from './response-store.js'
import { codedETag, noneMatch } from './http-cache.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** The in-process cache of anonymous GET responses; null when RESPONSE_CACHE is off. */
    responseCache: ResponseCache | null
  }
  interface FastifyRequest {
    /** Where to store the response when it may be cached. */
    responseCacheSlot: { key: string; generation: number } | null
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
const NOT_STORED = new Set(['etag', 'x-request-id', 'content-length', 'content-encoding', 'date', 'connection', 'x-cache'])

/**
 * The cache key: the origin as the client reached it (feeds link to it) and the path with its
 * query parameters sorted, so that `?a=1&b=2` and `?b=2&a=1` share an entry. Read from the raw
 * request, before Fastify: behind a trusted proxy, from every header Fastify derives the origin
 * from, so that one key never stands for two origins.
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
  const forwarded = trustProxy ? `${req.headers['x-forwarded-proto'] ?? ''} ${req.headers['x-forwarded-host'] ?? ''} ` : ''
  return `${forwarded}${scheme}://${req.headers.host ?? ''}${normalized}`
}

/** Whether a stored response may answer `req`: an anonymous GET of the API. */
const cacheable = (req: IncomingMessage) =>
  req.method === 'GET' && req.headers.authorization === undefined && (req.url ?? '').startsWith('/v1/')

/**
 * The next moment at which time alone changes what readers see: a scheduled story's publication,
 * or a curated slot item's window opening or closing. No cached entry outlives it.
 */
function nextScheduledChange(prisma: PrismaClient, store: ResponseStore) {
  // Known until the next invalidation (any write may schedule something) or until it has passed.
  let known: { at: number | null; generation: number } | null = null
  return {
    async at(now: number): Promise<number> {
      if (!known || known.generation !== store.generation || (known.at !== null && known.at <= now)) {
        const generation = store.generation
        const after = new Date(now)
        // LEAST ignores NULLs: nothing scheduled anywhere gives NULL.
        const [row] = await prisma.$queryRaw<{ at: Date | null }[]>`
          SELECT LEAST(
            (SELECT min("publishedAt") FROM "Article" WHERE status = 'published' AND "trashedAt" IS NULL AND "publishedAt" > ${after}),
            (SELECT min("startsAt") FROM "SlotItem" WHERE "startsAt" > ${after}),
            (SELECT min("endsAt") FROM "SlotItem" WHERE "endsAt" > ${after})
          ) AS at`
        known = { at: row?.at?.getTime() ?? null, generation }
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

function createResponseCache(prisma: PrismaClient, clock: () => Date, connected: () => boolean, { maxBytes, trustProxy }: ResponseCacheOptions) {
  const plainCopyBytes = Math.floor(maxBytes * PLAIN_COPY_SHARE)
  const store = new ResponseStore(maxBytes - plainCopyBytes)
  const plainCopies = decompressedCopies(plainCopyBytes)
  const nextChange = nextScheduledChange(prisma, store)

  return {
    store,
    invalidate: (tags: readonly string[]) => store.invalidate(tags),

    /** Looks up the next scheduled change now rather than on the next miss. */
    async prime() {
      await nextChange.at(clock().getTime())
    },

    /**
     * Answers `req` when the store holds a fresh entry for it, before Fastify sees the request
     * (see serverFactory in app.ts): routing, request and reply objects and the hooks took more
     * time than the rest of a hit. Fastify logs no line for these requests. False: not answered.
     */
    answer(req: IncomingMessage, res: ServerResponse): boolean {
      if (!cacheable(req) || !connected()) return false
      const key = cacheKey(req, trustProxy)
      const entry = store.get(key, clock().getTime())
      if (entry) replay(req, res, entry, () => plainCopies.of(key, entry))
      return entry !== undefined
    },

    /** Notes where to store the response to `request`, which the store could not answer. */
    noteSlot(request: FastifyRequest) {
      if (cacheable(request.raw) && connected()) {
        request.responseCacheSlot = { key: cacheKey(request.raw, trustProxy), generation: store.generation }
      }
    },

    /** Keeps a 200 built for an anonymous request, unless a write committed since the request began. */
    async remember(request: FastifyRequest, reply: FastifyReply, payload: string | Buffer, etag: string) {
      const slot = request.responseCacheSlot
      // Only responses whose handler declared what they depend on can be invalidated, so only those are kept.
      if (!slot || !request.surrogateKeys || slot.generation !== store.generation) return
      const now = clock().getTime()
      const expiresAt = Math.min(now + MAX_ENTRY_AGE_MS, await nextChange.at(now))
      const identity = Buffer.isBuffer(payload) ? payload : Buffer.from(payload)
      const gzipped = identity.length >= GZIP_THRESHOLD
      const body = gzipped ? ownCopy(gzipSync(identity)) : identity
      const entry = { headers: replayHeaders(reply, etag, gzipped), body, etag, tags: request.surrogateKeys, expiresAt }
      if (store.set(slot.key, entry, slot.generation)) reply.header('x-cache', 'MISS')
    },
  }
}

/** The headers of the response in `reply`, as replayed from the store for each kind of answer (see ReplayHeaders). */
function replayHeaders(reply: FastifyReply, etag: string, gzipped: boolean): ReplayHeaders {
  const kept: string[] = []
  let contentType: string | undefined
  let vary = gzipped ? 'accept-encoding' : undefined
  for (const [name, value] of Object.entries(reply.getHeaders())) {
    if (value === undefined || NOT_STORED.has(name)) continue
    if (name === 'content-type') contentType = String(value)
    else if (name === 'vary') vary = gzipped ? `${String(value)}, accept-encoding` : String(value)
    else kept.push(name, String(value))
  }
  if (vary !== undefined) kept.push('vary', vary)
  kept.push('x-cache', 'HIT')
  const typed = contentType === undefined ? kept : [...kept, 'content-type', contentType]
  return {
    plain: [...typed, 'etag', etag],
    gzip: gzipped ? [...typed, 'etag', codedETag(etag, 'gzip'), 'content-encoding', 'gzip'] : null,
    notModified: kept,
  }
}

/**
 * Answers a stored response: 304 when If-None-Match names one of its representations, else the body — gzip as
 * stored when the client accepts it, decompressed for the others (as Varnish does: keeping
 * entries compressed fits about three times as many in the same memory). The response is complete
 * as stored but for the request id, which is Fastify's (the client's X-Request-Id, else a new one).
 */
function replay(req: IncomingMessage, res: ServerResponse, entry: StoredResponse, plainBody: () => Buffer) {
  const requestId = req.headers['x-request-id']
  const id = typeof requestId === 'string' && requestId !== '' ? requestId : randomUUID()
  const held = noneMatch(req.headers['if-none-match'], entry.etag)
  if (held) {
    res.writeHead(304, [...entry.headers.notModified, 'etag', held, 'x-request-id', id])
    res.end()
    return
  }
  const { gzip } = entry.headers
  const accepted = req.headers['accept-encoding']
  const gzipAccepted = gzip !== null && accepted !== undefined && negotiate(accepted.toLowerCase(), ['gzip']) === 'gzip'
  const body = gzip === null || gzipAccepted ? entry.body : plainBody()
  const headers = gzipAccepted ? gzip : entry.headers.plain
  res.writeHead(200, [...headers, 'x-request-id', id, 'content-length', String(body.length)])
  res.end(body)
}

/**
 * The in-process response cache (RESPONSE_CACHE, RESPONSE_CACHE_MAX_MB). Anonymous `GET /v1/…`
 * requests are answered from it before Fastify routes them (`answer`, called by the server app.ts
 * creates), so before authentication, validation or the database; the first
 * 200 for a URL is stored by http-cache.ts, with the surrogate keys it depends on. Every
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
    const cache = createResponseCache(app.prisma, app.clock, () => app.changes.connected, options)
    app.decorate('responseCache', cache)
    app.changes.subscribe((tags) => cache.invalidate(tags))
    app.addHook('onRequest', async (request) => cache.noteSlot(request))
  },
  { name: 'response-cache', dependencies: ['prisma'] },
)
