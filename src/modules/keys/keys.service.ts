import { createHash, randomBytes } from 'node:crypto'
import type { Db, PrismaClient } from '../../db/client.js'
import { ConflictError, NotFoundError, UnprocessableError } from '../../errors/app-error.js'
import { decodeCursor, paginate } from '../../lib/cursor.js'
import type { Actor } from '../audit/audit-actor.js'
import { recordAudit } from '../audit/audit.service.js'
import type { ApiKey, ApiKeyRole } from '../../schemas/api-key.js'
import { resolveSection } from '../sections/section-refs.js'
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
  /** The current slugs of the sections it is limited to, in order. */
  sections: string[]
}

/** Reads a key's limit as the current slugs of its sections, so that a renamed section stays in it. */
const WITH_SECTIONS = {
  sections: { select: { section: { select: { slug: true } } } },
} as const

type ApiKeyWithSections = Omit<ApiKeyRow, 'sections'> & {
  sections: { section: { slug: string } }[]
}

const withSectionSlugs = (row: ApiKeyWithSections): ApiKeyRow => ({
  ...row,
  sections: row.sections.map((s) => s.section.slug).sort(),
})

function toDto(row: ApiKeyRow): ApiKey {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    prefix: row.prefix,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    sections: row.sections,
  }
}

/**
 * The ids of the sections a new key is limited to; 422 naming `sections.N` for one that does not
 * exist, or `sections` on an admin key (which manages keys, so could lift its own limit).
 */
async function sectionIdsOf(db: Db, { role, sections = [] }: CreateApiKeyBody) {
  if (sections.length > 0 && role === 'admin')
    throw new UnprocessableError(
      'Admin keys cannot be limited to sections: an admin manages keys, so could lift the limit. Limit a chief or editor key instead.',
      [{ path: 'sections', message: 'Not for admin keys' }],
    )
  const slugs = new Set<string>()
  for (const [index, ref] of sections.entries()) {
    const slug = await resolveSection(db, ref, `sections.${index}`)
    if (slug) slugs.add(slug)
  }
  const rows = await db.section.findMany({
    where: { slug: { in: [...slugs] } },
    select: { id: true },
  })
  return rows.map((row) => row.id)
}

export async function createKey(db: Db, input: CreateApiKeyBody) {
  // 256 random bits: a hash without salt or stretching is safe for keys this strong.
  const key = KEY_PREFIX + randomBytes(32).toString('base64url')
  const sectionIds = await sectionIdsOf(db, input)
  const row = await db.apiKey.create({
    data: {
      name: input.name,
      role: input.role,
      prefix: key.slice(0, KEY_PREFIX.length + 6),
      hash: hashKey(key),
      sections: { create: sectionIds.map((sectionId) => ({ sectionId })) },
    },
    include: WITH_SECTIONS,
  })
  return { ...toDto(withSectionSlugs(row)), key }
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
        include: WITH_SECTIONS,
      })
      const page = paginate(rows, limit, (r) => ({ key: '', id: r.id }))
      return { items: page.items.map((r) => toDto(withSectionSlugs(r))), page: page.page }
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
        SELECT k.id, k.name, k.role::text AS role, k.prefix, k."createdAt", k."lastUsedAt",
          ARRAY(SELECT s.slug FROM "ApiKeySection" ks JOIN "Section" s ON s.id = ks."sectionId"
                WHERE ks."keyId" = k.id ORDER BY s.slug) AS sections
        FROM "ApiKey" k WHERE k.hash = ${hashKey(key)}`
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
