import { createHash } from 'node:crypto'
import type { FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { isApiPath } from '../lib/api-paths.js'

/** Cache-Control of public GET responses, in seconds. */
export interface HttpCacheOptions {
  /** Browsers: `max-age`. */
  maxAge: number
  /** Shared caches (CDNs): `s-maxage`. */
  sMaxAge: number
  /** How long a CDN may serve a stale copy while it refetches: `stale-while-revalidate`. */
  staleWhileRevalidate: number
}

export const DEFAULT_HTTP_CACHE: HttpCacheOptions = {
  maxAge: 10,
  sMaxAge: 60,
  staleWhileRevalidate: 300,
}

/**
 * At most this many surrogate keys per response, so that the headers stay well under the 16 KiB
 * CDNs accept (an `article:<uuid>` key is 44 characters). A list of 100 articles fits.
 */
export const MAX_SURROGATE_KEYS = 200

/** Keys a response that depends on more of a kind than the header can list falls back to. */
const COARSE_KEYS: Record<string, string> = {
  article: 'articles',
  byline: 'bylines',
  slot: 'slots',
}

/** Distinct keys in the order given, at most MAX_SURROGATE_KEYS; dropped keys are covered by their kind's coarse key. */
export function boundedKeys(keys: readonly string[]): string[] {
  const distinct = [...new Set(keys)]
  if (distinct.length <= MAX_SURROGATE_KEYS) return distinct
  const kept = distinct.slice(0, MAX_SURROGATE_KEYS - Object.keys(COARSE_KEYS).length)
  const coarse = new Set(
    distinct.slice(kept.length).flatMap((key) => {
      const fallback = COARSE_KEYS[key.split(':', 1)[0] ?? '']
      return fallback && !kept.includes(fallback) ? [fallback] : []
    }),
  )
  return [...kept, ...coarse]
}

/** A strong ETag of the exact bytes of a representation: `"` + base64url SHA-1 (27 characters) + `"`. */
export function contentETag(payload: string | Buffer): string {
  return `"${createHash('sha1').update(payload).digest('base64url')}"`
}

/**
 * The ETag of a content-coded representation: the identity body's with the coding appended
 * (`"…-gzip"`, `"…-br"`), as Apache does. A strong ETag names exact bytes, and the gzip body's
 * bytes are not the identity body's.
 */
export function codedETag(etag: string, encoding: string): string {
  return `${etag.slice(0, -1)}-${encoding}"`
}

const CODED_SUFFIX = /^-(?:gzip|br|deflate)"$/

/**
 * The tag of an If-None-Match header that names a representation of the body whose identity
 * ETag is `etag` (`*` names any), else undefined. The comparison is weak, as If-None-Match's is:
 * `W/` is ignored, and so is a content coding, since every coding carries the same content.
 */
export function noneMatch(header: string | undefined, etag: string): string | undefined {
  if (!header) return undefined
  for (const candidate of header.split(',')) {
    const tag = candidate.trim().replace(/^W\//, '')
    if (tag === '*') return etag
    if (
      tag === etag ||
      (tag.startsWith(etag.slice(0, -1)) && CODED_SUFFIX.test(tag.slice(etag.length - 1)))
    )
      return tag
  }
  return undefined
}

function isApiRead(request: FastifyRequest): boolean {
  return (
    (request.method === 'GET' || request.method === 'HEAD') && isApiPath(request.routeOptions.url)
  )
}

async function nameCodedBody(request: FastifyRequest, reply: FastifyReply, payload: unknown) {
  const encoding = reply.getHeader('content-encoding')
  const etag = reply.getHeader('etag')
  // Keyed reads keep their version ETag: it is what If-Match compares.
  if (
    typeof encoding === 'string' &&
    typeof etag === 'string' &&
    reply.statusCode === 200 &&
    !request.apiKey &&
    isApiRead(request)
  ) {
    reply.header('etag', codedETag(etag, encoding))
  }
  return payload
}

function appendVary(reply: FastifyReply, field: string) {
  const current = reply.getHeader('vary')
  const fields = String(current ?? '')
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean)
  if (!fields.some((f) => f.toLowerCase() === field.toLowerCase() || f === '*')) fields.push(field)
  reply.header('vary', fields.join(', '))
}

/**
 * HTTP caching of the API's GET responses (`/v1/…` and the sitemaps; probes and docs are left alone):
 *
 * - **Keyed requests** (an API key was sent): `Cache-Control: private, no-store`; versioned
 *   resources keep `ETag: "<version>"`, the validator editors send back as `If-Match`.
 * - **Anonymous 200s**: `Cache-Control: public, max-age, s-maxage, stale-while-revalidate`
 *   (CACHE_MAX_AGE, CACHE_S_MAXAGE, CACHE_SWR), `Vary: authorization`, and a strong ETag that
 *   hashes the serialized body. Not the version: an article embeds its bylines' names, so a
 *   byline rename changes the body without changing the article's version, and the ETag must
 *   change with it. `If-None-Match` naming it answers 304 with no body and the same headers.
 *   With the response cache on (response-cache.ts), the 200 is stored here and later
 *   requests, 304s included, are answered from it without building the body again.
 * - `Surrogate-Key` (space-separated) and `Cache-Tag` (comma-separated) list what the handler
 *   declared with tagResponse, so that a CDN can purge exactly the responses a change affects.
 * - **Other anonymous responses** (problems, redirects): `Cache-Control: no-store` unless the
 *   route chose otherwise.
 *
 * It runs before compression (route-level onSend hooks run after global ones), so the ETag hashes
 * the identity body; a hook after compression appends the coding to it (codedETag).
 */
declare module 'fastify' {
  interface FastifyContextConfig {
    /** An answer for one reader only (a preview link): private, no-store, never stored. */
    personal?: boolean
  }
}

export const httpCachePlugin = fp<HttpCacheOptions>(
  async (app, options) => {
    const publicCacheControl = `public, max-age=${options.maxAge}, s-maxage=${options.sMaxAge}, stale-while-revalidate=${options.staleWhileRevalidate}`

    app.addHook('onSend', async (request, reply, payload) => {
      if (!isApiRead(request)) return payload
      if (request.apiKey || request.routeOptions.config.personal) {
        reply.header('cache-control', 'private, no-store')
        return payload
      }
      if (reply.statusCode !== 200 || (typeof payload !== 'string' && !Buffer.isBuffer(payload))) {
        if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store')
        return payload
      }

      reply.header('cache-control', publicCacheControl)
      // A keyed request must never be answered from the anonymous copy a shared cache holds.
      appendVary(reply, 'authorization')
      const keys = boundedKeys(request.surrogateKeys ?? [])
      if (keys.length > 0) {
        reply.header('surrogate-key', keys.join(' '))
        reply.header('cache-tag', keys.join(','))
      }
      const etag = contentETag(payload)
      reply.header('etag', etag)
      await app.responseCache?.remember(request, reply, payload, etag)
      const held = noneMatch(request.headers['if-none-match'], etag)
      if (!held) return payload
      // The 304 names the representation the client holds, which compression would have chosen.
      reply.header('etag', held)
      reply.code(304)
      reply.removeHeader('content-type')
      reply.removeHeader('content-length')
      return null
    })

    // @fastify/compress compresses in each route's own onSend hooks, which run after the hook
    // above: this one is appended after them, to name the coded body (see codedETag).
    app.addHook('onRoute', (route) => {
      route.onSend = [...[route.onSend ?? []].flat(), nameCodedBody]
    })
  },
  { name: 'http-cache', dependencies: ['auth', 'response-cache', 'response-tags'] },
)
