import type { Db, PrismaClient } from '../../db/client.js'
import { decodeCursor, paginate } from '../../lib/cursor.js'
import type { AuditEntry, AuditResource, ListAuditQuery } from './audit.schemas.js'

/** Who is making a change: recorded on audit entries and revisions. */
export interface Actor {
  keyId: string | null
  keyName: string
  requestId: string
}

/** For writes made outside any request (seeding, command-line tools). */
export const systemActor = (task: string): Actor => ({ keyId: null, keyName: task, requestId: task })

/** Records a write; call it with the write's own transaction so that both commit or neither. */
export async function recordAudit(db: Db, actor: Actor, action: string, resourceType: AuditResource, resourceId: string) {
  await db.auditEntry.create({ data: { ...actor, action, resourceType, resourceId } })
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
          (r): AuditEntry => ({ ...r, resourceType: r.resourceType as AuditResource, createdAt: r.createdAt.toISOString() }),
        ),
        page: page.page,
      }
    },
  }
}
