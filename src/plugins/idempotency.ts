import { createHash } from 'node:crypto'
import type { FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type { Db, PrismaClient } from '../db/client.js'
import { AppError } from '../errors/app-error.js'
import { versionETag } from '../lib/etag.js'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route honours Idempotency-Key: its handler passes request.idempotency to the write. */
    idempotent?: boolean
  }
  interface FastifyRequest {
    /**
     * Set when the request holds an Idempotency-Key: the write must call it with its own
     * transaction and the response it will send, so that both commit or neither.
     */
    idempotency: IdempotentWrite | null
  }
}

/** What a replay answers: the status, the headers that matter (ETag, Location) and the body. */
export interface StoredResponse {
  status: number
  headers: Record<string, string>
  body: unknown
}

export type IdempotentWrite = (tx: Db, response: StoredResponse) => Promise<void>

/** The 201 a create answers: the new resource, with its version as ETag. */
export function createdResponse<R extends { version: number }>(resource: R) {
  return { status: 201 as const, headers: { etag: versionETag(resource.version) }, body: resource }
}

/**
 * What a create passes its service to run in its transaction: with an Idempotency-Key, storing
 * the response it will send (createdResponse of the new resource), so that both commit or neither.
 */
export function storeCreated<T extends { version: number }>(
  request: FastifyRequest,
  render: (created: T) => unknown = (created) => created,
): ((tx: Db, created: T) => Promise<void>) | undefined {
  const record = request.idempotency
  return record
    ? (tx, created) => record(tx, { ...createdResponse(created), body: render(created) })
    : undefined
}

/** The IETF httpapi draft suggests 24 hours: longer than any client keeps retrying. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60_000
/**
 * A request that held its key this long without completing was abandoned (its process died):
 * another may take the key over. Far longer than any create takes (statements time out after 10 s).
 */
export const IN_FLIGHT_TIMEOUT_MS = 2 * 60_000
/** Expired keys are deleted at most this often, by the next request that brings one. */
const PURGE_INTERVAL_MS = 60_000

export class IdempotencyKeyReusedError extends AppError {
  constructor() {
    super(
      422,
      'idempotency-key-reused',
      'Idempotency key reused',
      'This Idempotency-Key was sent with another request (method, path or body) in the last 24 hours; use a new key for a new request.',
    )
  }
}

export class IdempotencyKeyInFlightError extends AppError {
  constructor() {
    super(
      409,
      'idempotency-key-in-flight',
      'Request in progress',
      'A request with this Idempotency-Key is still in progress; retry once it has been answered.',
    )
  }
}

/** JSON with object keys sorted: the same body however its keys were ordered. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(
      ([, v]) => v !== undefined,
    )
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}

const fingerprintOf = (request: FastifyRequest) =>
  createHash('sha256')
    .update(
      `${request.method} ${(request.raw.url ?? '').split('?')[0]}\n${canonicalJson(request.body)}`,
    )
    .digest('hex')

interface Held {
  keyId: string
  key: string
  lockedAt: Date
  fingerprint: string
  completed: boolean
}

/**
 * Idempotency-Key on the routes whose config says `idempotent` (the IETF httpapi draft): a
 * retry of a create answers the stored response instead of creating again.
 *
 * The key is held (a row with no response) before the route runs; the route's write stores its
 * response in that row in its own transaction, so a create that committed just before a crash is
 * answered from the row, never made twice. A request that fails releases the key: errors are
 * not stored, and a retry tries again. Keys belong to the API key that sent them.
 */
export const idempotencyPlugin = fp<{ prisma: PrismaClient; clock: () => Date }>(
  async (app, { prisma, clock }) => {
    app.decorateRequest('idempotency', null)
    const held = new WeakMap<FastifyRequest, Held>()
    const fingerprints = new WeakMap<FastifyRequest, string>()
    let purgedAt = 0

    const purge = (now: Date) => {
      if (Math.abs(now.getTime() - purgedAt) < PURGE_INTERVAL_MS) return
      purgedAt = now.getTime()
      prisma.$executeRaw`DELETE FROM "IdempotencyKey" WHERE "expiresAt" <= ${now}::timestamptz`.catch(
        (err: unknown) => app.log.warn({ err }, 'idempotency: could not delete expired keys'),
      )
    }

    const keyOf = (request: FastifyRequest) => {
      const key = request.headers['idempotency-key']
      return request.routeOptions.config.idempotent && request.apiKey && typeof key === 'string'
        ? key
        : undefined
    }

    // The body as the client sent it, before validation fills defaults in.
    app.addHook('preValidation', async (request) => {
      if (keyOf(request) !== undefined) fingerprints.set(request, fingerprintOf(request))
    })

    app.addHook('preHandler', async (request, reply) => {
      const key = keyOf(request)
      const fingerprint = fingerprints.get(request)
      if (key === undefined || fingerprint === undefined || !request.apiKey) return
      const keyId = request.apiKey.id
      const now = clock()
      purge(now)
      const staleBefore = new Date(now.getTime() - IN_FLIGHT_TIMEOUT_MS)
      const expiresAt = new Date(now.getTime() + IDEMPOTENCY_TTL_MS)
      // Holds the key, unless a live row has it: an expired one, or one abandoned in flight, is taken over.
      const reserved = await prisma.$queryRaw<unknown[]>`
        INSERT INTO "IdempotencyKey" ("keyId", key, fingerprint, "lockedAt", "expiresAt")
        VALUES (${keyId}::uuid, ${key}, ${fingerprint}, ${now}::timestamptz, ${expiresAt}::timestamptz)
        ON CONFLICT ("keyId", key) DO UPDATE
          SET fingerprint = EXCLUDED.fingerprint, status = NULL, headers = NULL, body = NULL,
              "lockedAt" = EXCLUDED."lockedAt", "expiresAt" = EXCLUDED."expiresAt"
          WHERE "IdempotencyKey"."expiresAt" <= EXCLUDED."lockedAt"
             OR ("IdempotencyKey".status IS NULL AND "IdempotencyKey"."lockedAt" <= ${staleBefore}::timestamptz)
        RETURNING 1 AS held`
      if (reserved.length > 0) {
        const mine: Held = { keyId, key, lockedAt: now, fingerprint, completed: false }
        held.set(request, mine)
        request.idempotency = async (tx, response) => {
          const stored = await tx.$executeRaw`
            UPDATE "IdempotencyKey"
            SET status = ${response.status}, headers = ${JSON.stringify(response.headers)}::json, body = ${JSON.stringify(response.body)}::json
            WHERE "keyId" = ${keyId}::uuid AND key = ${key} AND "lockedAt" = ${now}::timestamptz AND status IS NULL`
          // Taken over as abandoned meanwhile: the write must not commit next to the other one's.
          if (stored === 0) throw new IdempotencyKeyInFlightError()
          mine.completed = true
        }
        return
      }
      const [row] = await prisma.$queryRaw<
        {
          fingerprint: string
          status: number | null
          headers: Record<string, string> | null
          body: unknown
        }[]
      >`
        SELECT fingerprint, status, headers, body FROM "IdempotencyKey" WHERE "keyId" = ${keyId}::uuid AND key = ${key}`
      if (row && row.fingerprint !== fingerprint) throw new IdempotencyKeyReusedError()
      // In flight, or released by a failure just now: either way, the client should come back.
      if (!row || row.status === null) throw new IdempotencyKeyInFlightError()
      return replay(reply, { status: row.status, headers: row.headers ?? {}, body: row.body })
    })

    // A request that did not store its response (it failed) releases its key before it is answered.
    app.addHook('onSend', async (request, reply, payload) => {
      const mine = held.get(request)
      if (!mine || mine.completed) return payload
      held.delete(request)
      if (reply.statusCode < 400)
        request.log.warn('idempotency: the route did not store its response; the key is released')
      await prisma.$executeRaw`
        DELETE FROM "IdempotencyKey"
        WHERE "keyId" = ${mine.keyId}::uuid AND key = ${mine.key} AND "lockedAt" = ${mine.lockedAt}::timestamptz AND status IS NULL`.catch(
        (err: unknown) =>
          request.log.warn(
            { err },
            'idempotency: could not release a key; it frees itself after the in-flight timeout',
          ),
      )
      return payload
    })
  },
  { name: 'idempotency', dependencies: ['auth'] },
)

function replay(reply: FastifyReply, stored: StoredResponse) {
  return reply
    .code(stored.status)
    .headers({ ...stored.headers, 'idempotency-replayed': 'true' })
    .send(stored.body)
}
