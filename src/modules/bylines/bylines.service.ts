import type { Db } from '../../db/client.js'
import type { Byline as BylineRow, PrismaClient } from '../../db/generated/client.js'
import { ConflictError, NotFoundError } from '../../errors/app-error.js'
import { violatedConstraint } from '../../db/prisma-errors.js'
import type { ChangeFeed } from '../../db/change-feed.js'
import { decodeCursor, paginate } from '../../lib/cursor.js'
import { byIdOrSlug } from '../../lib/id-or-slug.js'
import { PreconditionFailedError } from '../../errors/precondition-errors.js'
import { derivedFreeSlug } from '../../lib/slug.js'
import { resourceKeys, surrogateKey } from '../../db/resource-keys.js'
import type { Actor } from '../audit/audit-actor.js'
import { recordAudit } from '../audit/audit.service.js'
import type {
  Byline,
  CreateBylineBody,
  ListBylinesQuery,
  UpdateBylineBody,
} from './bylines.schemas.js'

export function toBylineDto(row: BylineRow): Byline {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    kind: row.kind,
    jobTitle: row.jobTitle,
    bio: row.bio,
    avatarUrl: row.avatarUrl,
    links: row.links as Byline['links'],
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }
}

const bylineResource = (row: { id: string; slug: string; version: number }) =>
  ({ type: 'byline', id: row.id, slug: row.slug, version: row.version }) as const

/** How many crediting articles a 409 names; the total is given as well. */
const CREDITED_SAMPLE = 20

export function createBylinesService({
  prisma,
  changes,
}: {
  prisma: PrismaClient
  changes: ChangeFeed
}) {
  const findTaken = async (candidates: string[]) =>
    (
      await prisma.byline.findMany({ where: { slug: { in: candidates } }, select: { slug: true } })
    ).map((b) => b.slug)

  async function find(ref: string, db: Db = prisma): Promise<BylineRow> {
    const row = await db.byline.findUnique({ where: byIdOrSlug(ref) })
    if (!row) throw new NotFoundError('byline', ref)
    return row
  }

  return {
    get: async (ref: string) => toBylineDto(await find(ref)),

    async list({ limit, cursor, kind }: ListBylinesQuery) {
      const after = decodeCursor(cursor)
      const rows = await prisma.byline.findMany({
        where: {
          ...(kind ? { kind } : {}),
          ...(after
            ? { OR: [{ name: { gt: after.key } }, { name: after.key, id: { gt: after.id } }] }
            : {}),
        },
        orderBy: [{ name: 'asc' }, { id: 'asc' }],
        take: limit + 1,
      })
      const page = paginate(rows, limit, (r) => ({ key: r.name, id: r.id }))
      return { items: page.items.map(toBylineDto), page: page.page }
    },

    /** `alongside` runs in the create's transaction with the new byline (an Idempotency-Key's stored response). */
    async create(
      input: CreateBylineBody,
      actor: Actor,
      alongside?: (tx: Db, byline: Byline) => Promise<void>,
    ) {
      for (let attempt = 1; ; attempt++) {
        const slug = input.slug ?? (await derivedFreeSlug(input.name, 'byline', findTaken))
        try {
          const row = await changes.write(async (tx, changed) => {
            const created = await tx.byline.create({ data: { ...input, slug } })
            await recordAudit(tx, actor, 'byline.create', 'byline', created.id)
            changed(...resourceKeys('byline', created.id))
            changed.event({ type: 'byline.created', resource: bylineResource(created) })
            if (alongside) await alongside(tx, toBylineDto(created))
            return created
          })
          return toBylineDto(row)
        } catch (err) {
          // A concurrent request took the slug we derived: derive another. A given slug stays a 409.
          const raced = violatedConstraint(err) === 'unique'
          if (input.slug !== undefined || !raced || attempt >= 10) throw err
        }
      }
    },

    /** `expectedVersion` (from If-Match, optional for bylines) turns a stale read into a 412. */
    async update(
      ref: string,
      input: UpdateBylineBody,
      expectedVersion: number | undefined,
      actor: Actor,
    ) {
      const row = await changes.write(async (tx, changed) => {
        const current = await find(ref, tx)
        if (expectedVersion !== undefined && expectedVersion !== current.version) {
          throw new PreconditionFailedError('byline', current.version)
        }
        if (Object.keys(input).length === 0) return current
        const { count } = await tx.byline.updateMany({
          where: { id: current.id, version: current.version },
          data: { ...input, kind: input.kind ?? undefined, version: { increment: 1 } },
        })
        if (count === 0)
          throw new ConflictError(
            'Someone else saved this byline at the same moment; fetch it and retry.',
          )
        await recordAudit(tx, actor, 'byline.update', 'byline', current.id)
        // Articles credit it by id; lists filter it by slug (`?byline=`), the old one and the new.
        changed(
          ...resourceKeys('byline', current.id),
          surrogateKey('byline', current.slug),
          surrogateKey('byline', input.slug ?? current.slug),
        )
        const updated = await tx.byline.findUniqueOrThrow({ where: { id: current.id } })
        changed.event({
          type: 'byline.updated',
          resource: bylineResource(updated),
          ...(updated.slug !== current.slug ? { previousSlug: current.slug } : {}),
        })
        return updated
      })
      return toBylineDto(row)
    },

    /** Refused with 409, naming the articles, while any article still credits the byline. */
    async remove(ref: string, expectedVersion: number | undefined, actor: Actor) {
      const { id } = await find(ref)
      await changes.write(async (tx, changed) => {
        // Locks the byline so that nobody credits or edits it between the checks and the delete.
        const [locked] = await tx.$queryRaw<
          { version: number; slug: string }[]
        >`SELECT version, slug FROM "Byline" WHERE id = ${id}::uuid FOR UPDATE`
        if (!locked) throw new NotFoundError('byline', ref)
        if (expectedVersion !== undefined && expectedVersion !== locked.version) {
          throw new PreconditionFailedError('byline', locked.version)
        }
        const credits = await tx.articleByline.findMany({
          where: { bylineId: id },
          distinct: ['articleId'],
          select: { article: { select: { id: true, slug: true, headline: true } } },
          take: CREDITED_SAMPLE,
        })
        if (credits.length > 0) {
          const total = await tx.articleByline.groupBy({
            by: ['articleId'],
            where: { bylineId: id },
          })
          throw new ConflictError(
            `The byline is credited on ${total.length} article(s); remove it from them first: ${credits.map((c) => c.article.slug).join(', ')}.`,
            { articles: credits.map((c) => c.article), articleCount: total.length },
          )
        }
        await tx.byline.delete({ where: { id } })
        await recordAudit(tx, actor, 'byline.delete', 'byline', id)
        changed(...resourceKeys('byline', id))
        changed.event({ type: 'byline.deleted', resource: bylineResource({ id, ...locked }) })
      })
    },
  }
}
