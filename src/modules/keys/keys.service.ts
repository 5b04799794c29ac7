import { createHash, randomBytes } from 'node:crypto'
import type { Db, PrismaClient } from '../../db/client.js'
import { ConflictError, NotFoundError } from '../../errors/app-error.js'
import { decodeCursor, paginate } from '../../lib/cursor.js'
import type { Actor } from '../audit/audit-actor.js'
import { recordAudit } from '../audit/audit.service.js'
import type { ApiKey, ApiKeyRole } from '../../schemas/api-key.js'
import type { CreateApiKeyBody } from './keys.schemas.js'

const KEY_PREFIX = 'ncms_'
/** Seen keys are not re-stamped more often than this, so that reads stay read-only. */
const LAST_USED_RESOLUTION_MS = 60_000

export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex')
}

type ApiKeyRow = {
  id: string
  name: string
  role: ApiKeyRole
  prefix: string
  createdAt: Date
  lastUsedAt: Date | null
}

function toDto(row: ApiKeyRow): ApiKey {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    prefix: row.prefix,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  }
}

export async function createKey(db: Db, input: CreateApiKeyBody) {
  // 256 random bits: a hash without salt or stretching is safe for keys this strong.
  const key = KEY_PREFIX + randomBytes(32).toString('base64url')
  const row = await db.apiKey.create({
    data: {
      name: input.name,
      role: input.role,
      prefix: key.slice(0, KEY_PREFIX.length + 6),
      hash: hashKey(key),
    },
  })
  return { ...toDto(row), key }
}

export function createKeysService({ prisma, now }: { prisma: PrismaClient; now: () => Date }) {
  return {
    create: (input: CreateApiKeyBody, actor: Actor) =>
      prisma.$transaction(async (tx) => {
        const created = await createKey(tx, input)
        await recordAudit(tx, actor, 'key.create', 'key', created.id)
        return created
      }),

    async list({ limit, cursor }: { limit: number; cursor?: string }) {
      const after = decodeCursor(cursor)
      const rows = await prisma.apiKey.findMany({
        where: after ? { id: { gt: after.id } } : {},
        orderBy: { id: 'asc' },
        take: limit + 1,
      })
      const page = paginate(rows, limit, (r) => ({ key: '', id: r.id }))
      return { items: page.items.map(toDto), page: page.page }
    },

    /**
     * Deletes a key, but never the last admin key (nobody could manage keys any more). The admin
     * keys are locked first, so that two admins deleting each other at once cannot both succeed:
     * the second waits for the first, then sees that only its target is left.
     */
    async remove(id: string, actor: Actor) {
      await prisma.$transaction(async (tx) => {
        const admins = await tx.$queryRaw<{ id: string }[]>`
          SELECT id::text FROM "ApiKey" WHERE role = 'admin' ORDER BY id FOR UPDATE`
        if (admins.length === 1 && admins[0]?.id === id) {
          throw new ConflictError(
            'This is the only admin key: deleting it would leave no key that can manage keys. Create another admin key first.',
          )
        }
        const { count } = await tx.apiKey.deleteMany({ where: { id } })
        if (count === 0) throw new NotFoundError('API key', id)
        await recordAudit(tx, actor, 'key.delete', 'key', id)
      })
    },

    /** The key's identity, or null when no such key exists. */
    async authenticate(key: string): Promise<ApiKey | null> {
      if (!key.startsWith(KEY_PREFIX)) return null
      // Raw SQL: every keyed request runs this, and Prisma spends twice the CPU of the statement itself on it.
      const [row] = await prisma.$queryRaw<ApiKeyRow[]>`
        SELECT id, name, role::text AS role, prefix, "createdAt", "lastUsedAt" FROM "ApiKey" WHERE hash = ${hashKey(key)}`
      if (!row) return null
      const at = now()
      if (!row.lastUsedAt || at.getTime() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
        await prisma.apiKey.updateMany({ where: { id: row.id }, data: { lastUsedAt: at } })
      }
      return toDto(row)
    },

    /**
     * Creates the first admin key when there is none. An advisory lock makes it safe for
     * several instances starting at once on one database. Returns the key, or null.
     */
    async bootstrapAdminKey(): Promise<string | null> {
      return prisma.$transaction(async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(727001)`
        if ((await tx.apiKey.count()) > 0) return null
        const created = await createKey(tx, { name: 'bootstrap admin', role: 'admin' })
        return created.key
      })
    },
  }
}
