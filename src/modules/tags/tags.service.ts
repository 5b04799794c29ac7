import type { Db } from '../../db/client.js'
import { Prisma, type PrismaClient, type Tag as TagRow } from '../../db/generated/client.js'
import { ConflictError, NotFoundError, UnprocessableError } from '../../errors/app-error.js'
import type { ChangeFeed, Changed } from '../../db/change-feed.js'
import { decodeCursor, paginate } from '../../lib/cursor.js'
import { byIdOrSlug } from '../../lib/id-or-slug.js'
import { PreconditionFailedError } from '../../errors/precondition-errors.js'
import { resourceKeys, surrogateKey } from '../../db/resource-keys.js'
import type { Actor } from '../audit/audit-actor.js'
import { recordAudit } from '../audit/audit.service.js'
import { assertUnlimited } from '../articles/workflow/section-limits.js'
import type { ListTagsQuery, Tag, UpdateTagBody } from './tags.schemas.js'

export function toTagDto(row: TagRow): Tag {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    description: row.description,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }
}

export type TagLookup = { tag: Tag } | { movedTo: string }

export function createTagsService({
  prisma,
  changes,
  now,
}: {
  prisma: PrismaClient
  changes: ChangeFeed
  now: () => Date
}) {
  async function find(ref: string, db: Db = prisma): Promise<TagRow> {
    const row = await db.tag.findUnique({ where: byIdOrSlug(ref) })
    if (!row) throw new NotFoundError('tag', ref)
    return row
  }

  /**
   * Replaces the tag `from` by `to` in every article listing it (once, where it was), and
   * reports those articles as changed. Articles keep their version: their own fields did not
   * change; `updatedAt` moves, so that sync jobs (`updatedSince`) pick them up.
   */
  async function retagArticles(tx: Db, from: string, to: string, changed: Changed) {
    const moved = await tx.$queryRaw<{ id: string }[]>(Prisma.sql`
      UPDATE "Article" a SET "updatedAt" = ${now()}::timestamptz, tags = ARRAY(
        SELECT x.t FROM (
          SELECT u.t, min(u.n) AS n FROM unnest(array_replace(a.tags, ${from}, ${to})) WITH ORDINALITY AS u(t, n) GROUP BY u.t
        ) x ORDER BY x.n)
      WHERE a.tags @> ARRAY[${from}]::text[]
      RETURNING a.id`)
    changed(
      'articles',
      surrogateKey('tag', from),
      surrogateKey('tag', to),
      ...moved.map((m) => surrogateKey('article', m.id)),
    )
  }

  return {
    async get(ref: string): Promise<TagLookup> {
      const row = await prisma.tag.findUnique({ where: byIdOrSlug(ref) })
      if (row) return { tag: toTagDto(row) }
      const moved = await prisma.tagSlugRedirect.findUnique({
        where: { slug: ref },
        select: { tag: { select: { slug: true } } },
      })
      if (moved) return { movedTo: moved.tag.slug }
      throw new NotFoundError('tag', ref)
    },

    /** The current slug of the tag that had `slug`, when it is an old one. */
    async movedTo(slug: string): Promise<string | undefined> {
      const moved = await prisma.tagSlugRedirect.findUnique({
        where: { slug },
        select: { tag: { select: { slug: true } } },
      })
      return moved?.tag.slug
    },

    async list({ limit, cursor }: ListTagsQuery) {
      const after = decodeCursor(cursor)
      const rows = await prisma.tag.findMany({
        where: after
          ? { OR: [{ name: { gt: after.key } }, { name: after.key, id: { gt: after.id } }] }
          : {},
        orderBy: [{ name: 'asc' }, { id: 'asc' }],
        take: limit + 1,
      })
      const page = paginate(rows, limit, (r) => ({ key: r.name, id: r.id }))
      return { items: page.items.map(toTagDto), page: page.page }
    },

    /** Renames a tag; a new slug keeps the old one answering 308, and the articles follow. */
    async update(
      ref: string,
      input: UpdateTagBody,
      expectedVersion: number | undefined,
      actor: Actor,
    ) {
      assertUnlimited(actor, 'Renaming a tag')
      const row = await changes.write(async (tx, changed) => {
        const current = await find(ref, tx)
        if (expectedVersion !== undefined && expectedVersion !== current.version) {
          throw new PreconditionFailedError('tag', current.version)
        }
        if (Object.keys(input).length === 0) return current
        const slugChanged = input.slug !== undefined && input.slug !== current.slug
        if (slugChanged && input.slug) {
          const old = await tx.tagSlugRedirect.findUnique({ where: { slug: input.slug } })
          if (old && old.tagId !== current.id)
            throw new ConflictError(
              `The slug "${input.slug}" is an old slug of another tag; merge into that tag instead.`,
              { field: 'slug' },
            )
          if (old) await tx.tagSlugRedirect.delete({ where: { slug: input.slug } })
        }
        const { count } = await tx.tag.updateMany({
          where: { id: current.id, version: current.version },
          data: { ...input, version: { increment: 1 } },
        })
        if (count === 0)
          throw new ConflictError(
            'Someone else saved this tag at the same moment; fetch it and retry.',
          )
        if (slugChanged && input.slug) {
          await tx.tagSlugRedirect.create({ data: { slug: current.slug, tagId: current.id } })
          await retagArticles(tx, current.slug, input.slug, changed)
        }
        await recordAudit(tx, actor, 'tag.update', 'tag', current.id)
        changed(...resourceKeys('tag', current.id), surrogateKey('tag', current.slug))
        const updated = await tx.tag.findUniqueOrThrow({ where: { id: current.id } })
        changed.event({
          type: 'tag.updated',
          resource: { type: 'tag', id: updated.id, slug: updated.slug, version: updated.version },
          previousSlug: slugChanged ? current.slug : null,
        })
        return updated
      })
      return toTagDto(row)
    },

    /**
     * Moves every article of `ref` to the tag `into` and deletes `ref`, whose slug (and old
     * slugs) then answer 308 to `into`.
     */
    async merge(ref: string, into: string, actor: Actor) {
      assertUnlimited(actor, 'Merging tags')
      const row = await changes.write(async (tx, changed) => {
        const source = await find(ref, tx)
        const target = await tx.tag.findUnique({ where: byIdOrSlug(into) })
        if (!target)
          throw new UnprocessableError(`There is no tag "${into}" to merge into.`, [
            { path: 'into', message: `Unknown tag "${into}"` },
          ])
        if (target.id === source.id)
          throw new UnprocessableError('A tag cannot be merged into itself.', [
            { path: 'into', message: 'Must be another tag' },
          ])
        await retagArticles(tx, source.slug, target.slug, changed)
        await tx.tagSlugRedirect.updateMany({
          where: { tagId: source.id },
          data: { tagId: target.id },
        })
        await tx.tag.delete({ where: { id: source.id } })
        await tx.tagSlugRedirect.create({ data: { slug: source.slug, tagId: target.id } })
        await recordAudit(tx, actor, 'tag.merge', 'tag', source.id)
        changed(...resourceKeys('tag', source.id), ...resourceKeys('tag', target.id))
        // The tag that absorbed the other; the merged tag's slug now answers 308 to it.
        changed.event({
          type: 'tag.merged',
          resource: { type: 'tag', id: target.id, slug: target.slug, version: target.version },
          previousSlug: source.slug,
        })
        return target
      })
      return toTagDto(row)
    },
  }
}
