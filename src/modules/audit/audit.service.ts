import type { Db, PrismaClient } from '../../db/client.js'
import { Prisma } from '../../db/generated/client.js'
import { decodeCursor, paginate } from '../../lib/cursor.js'
import { uuidv7 } from '../../lib/uuid.js'
import type { Actor } from './audit-actor.js'
import type { AuditEntry, AuditResource, ListAuditQuery } from './audit.schemas.js'

/** The INSERT of an audit entry: run by recordAudit, or as part of a write's own statement (a CTE). */
export function auditInsert(
  actor: Actor,
  action: string,
  resourceType: AuditResource,
  resourceId: string,
): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO "AuditEntry" (id, "keyId", "keyName", action, "resourceType", "resourceId", "requestId", "createdAt")
    VALUES (${uuidv7()}::uuid, ${actor.keyId}::uuid, ${actor.keyName}, ${action}, ${resourceType}, ${resourceId}, ${actor.requestId},
      ${new Date()}::timestamptz)`
}

/** Records a write; call it with the write's own transaction so that both commit or neither. */
export async function recordAudit(
  db: Db,
  actor: Actor,
  action: string,
  resourceType: AuditResource,
  resourceId: string,
) {
  // Raw SQL: a statement costs Prisma's query compiler more CPU than the database.
  await db.$executeRaw(auditInsert(actor, action, resourceType, resourceId))
}

export function createAuditService({ prisma }: { prisma: PrismaClient }) {
  return {
    async list({ limit, cursor, resourceType, resourceId, keyId }: ListAuditQuery) {
      const after = decodeCursor(cursor)
      const rows = await prisma.auditEntry.findMany({
        where: {
          ...(resourceType ? { resourceType } : {}),
          ...(resourceId ? { resourceId } : {}),
          ...(keyId ? { keyId } : {}),
          ...(after ? { id: { lt: after.id } } : {}),
        },
        // uuid v7 ids grow with time: newest first is id descending.
        orderBy: { id: 'desc' },
        take: limit + 1,
      })
      const page = paginate(rows, limit, (r) => ({ key: '', id: r.id }))
      return {
        items: page.items.map(
          (r): AuditEntry => ({
            ...r,
            resourceType: r.resourceType as AuditResource,
            createdAt: r.createdAt.toISOString(),
          }),
        ),
        page: page.page,
      }
    },
  }
}
