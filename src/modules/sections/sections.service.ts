import type { Db } from '../../db/client.js'
import type { PrismaClient, Section as SectionRow } from '../../db/generated/client.js'
import { ConflictError, NotFoundError, UnprocessableError } from '../../errors/app-error.js'
import { violatedConstraint } from '../../db/prisma-errors.js'
import type { ChangeFeed } from '../../db/change-feed.js'
import { byIdOrSlug } from '../../lib/id-or-slug.js'
import { PreconditionFailedError } from '../../errors/precondition-errors.js'
import { derivedFreeSlug } from '../../lib/slug.js'
import { resourceKeys, surrogateKey } from '../../db/resource-keys.js'
import type { Actor } from '../audit/audit-actor.js'
import { recordAudit } from '../audit/audit.service.js'
import { assertUnlimited } from '../articles/workflow/section-limits.js'
import type { CreateSectionBody, Section, UpdateSectionBody } from './sections.schemas.js'

type SectionWithParent = SectionRow & { parent: { slug: string; name: string } | null }

const WITH_PARENT = { parent: { select: { slug: true, name: true } } } as const

export function toSectionDto(row: SectionWithParent): Section {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    description: row.description,
    position: row.position,
    parent: row.parent,
    seoTitle: row.seoTitle,
    seoDescription: row.seoDescription,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }
}

/** A section as events name it. */
const sectionResource = (row: { id: string; slug: string; version: number }) =>
  ({ type: 'section', id: row.id, slug: row.slug, version: row.version }) as const

/** A section found by id or slug, or the slug it moved to when `ref` is an old one. */
export type SectionLookup = { section: Section } | { movedTo: string }

/** The deepest a chain of parents may go: navigation deeper than this is a mistake. */
const MAX_DEPTH = 10

export function createSectionsService({
  prisma,
  changes,
}: {
  prisma: PrismaClient
  changes: ChangeFeed
}) {
  const findTaken = async (candidates: string[]) => [
    ...(
      await prisma.section.findMany({ where: { slug: { in: candidates } }, select: { slug: true } })
    ).map((s) => s.slug),
    ...(
      await prisma.sectionSlugRedirect.findMany({
        where: { slug: { in: candidates } },
        select: { slug: true },
      })
    ).map((s) => s.slug),
  ]

  async function find(ref: string, db: Db = prisma): Promise<SectionWithParent> {
    const row = await db.section.findUnique({ where: byIdOrSlug(ref), include: WITH_PARENT })
    if (!row) throw new NotFoundError('section', ref)
    return row
  }

  /** Names are unique regardless of case, since articles may name their section by it. */
  async function assertNameFree(db: Db, name: string, self?: string) {
    const other = await db.section.findFirst({
      where: {
        name: { equals: name, mode: 'insensitive' },
        ...(self ? { NOT: { id: self } } : {}),
      },
      select: { slug: true },
    })
    if (other)
      throw new ConflictError(`The section "${other.slug}" already has the name "${name}".`, {
        field: 'name',
      })
  }

  /** A slug another section has or had is taken; one this section had is its own again. */
  async function claimSlug(db: Db, slug: string, self?: string) {
    const old = await db.sectionSlugRedirect.findUnique({ where: { slug } })
    if (!old) return
    if (old.sectionId !== self)
      throw new ConflictError(`The slug "${slug}" is an old slug of another section.`, {
        field: 'slug',
      })
    await db.sectionSlugRedirect.delete({ where: { slug } })
  }

  /** The parent's id; 422 naming `parent` when it is unknown or would make a cycle. */
  async function parentId(db: Db, ref: string | null | undefined, self?: string) {
    if (ref === undefined) return undefined
    if (ref === null) return null
    const parent = await db.section.findUnique({
      where: byIdOrSlug(ref),
      select: { id: true, parentId: true },
    })
    if (!parent)
      throw new UnprocessableError(`There is no section "${ref}" to be the parent.`, [
        { path: 'parent', message: `Unknown section "${ref}"` },
      ])
    // Walks up from the new parent: meeting this section again would close a loop.
    let depth = 1
    for (let at: string | null = parent.id; at !== null; depth++) {
      if (at === self || depth > MAX_DEPTH)
        throw new UnprocessableError(
          at === self
            ? `Section "${ref}" is this section or one of its descendants: sections cannot contain themselves.`
            : `Sections nest at most ${MAX_DEPTH} deep.`,
          [{ path: 'parent', message: at === self ? 'Would make a cycle' : 'Too deep' }],
        )
      const up: { parentId: string | null } | null = await db.section.findUnique({
        where: { id: at },
        select: { parentId: true },
      })
      at = up?.parentId ?? null
    }
    return parent.id
  }

  return {
    find,

    async get(ref: string): Promise<SectionLookup> {
      const row = await prisma.section.findUnique({ where: byIdOrSlug(ref), include: WITH_PARENT })
      if (row) return { section: toSectionDto(row) }
      const moved = await prisma.sectionSlugRedirect.findUnique({
        where: { slug: ref },
        select: { section: { select: { slug: true } } },
      })
      if (moved) return { movedTo: moved.section.slug }
      throw new NotFoundError('section', ref)
    },

    /** The current slug of the section that had `slug`, when it is an old one. */
    async movedTo(slug: string): Promise<string | undefined> {
      const moved = await prisma.sectionSlugRedirect.findUnique({
        where: { slug },
        select: { section: { select: { slug: true } } },
      })
      return moved?.section.slug
    },

    async list() {
      const rows = await prisma.section.findMany({
        include: WITH_PARENT,
        orderBy: [{ position: 'asc' }, { name: 'asc' }, { id: 'asc' }],
      })
      return { items: rows.map(toSectionDto) }
    },

    /** `alongside` runs in the create's transaction with the new section (an Idempotency-Key's stored response). */
    async create(
      { parent, ...input }: CreateSectionBody,
      actor: Actor,
      alongside?: (tx: Db, section: Section) => Promise<void>,
    ) {
      assertUnlimited(actor, 'Creating a section')
      for (let attempt = 1; ; attempt++) {
        const slug = input.slug ?? (await derivedFreeSlug(input.name, 'section', findTaken))
        try {
          const row = await changes.write(async (tx, changed) => {
            await assertNameFree(tx, input.name)
            await claimSlug(tx, slug)
            const created = await tx.section.create({
              data: { ...input, slug, parentId: await parentId(tx, parent) },
              include: WITH_PARENT,
            })
            await recordAudit(tx, actor, 'section.create', 'section', created.id)
            changed(...resourceKeys('section', created.id), surrogateKey('section', slug))
            changed.event({ type: 'section.created', resource: sectionResource(created) })
            if (alongside) await alongside(tx, toSectionDto(created))
            return created
          })
          return toSectionDto(row)
        } catch (err) {
          // A concurrent request took the slug we derived: derive another. A given slug stays a 409.
          const raced = violatedConstraint(err) === 'unique'
          if (input.slug !== undefined || !raced || attempt >= 10) throw err
        }
      }
    },

    /**
     * Renaming keeps the old slug answering 308; articles follow the new slug by themselves (the
     * foreign key cascades). `expectedVersion` (from If-Match, optional) turns a stale read into a 412.
     */
    async update(
      ref: string,
      { parent, ...input }: UpdateSectionBody,
      expectedVersion: number | undefined,
      actor: Actor,
    ) {
      assertUnlimited(actor, 'Changing a section')
      const row = await changes.write(async (tx, changed) => {
        const current = await find(ref, tx)
        if (expectedVersion !== undefined && expectedVersion !== current.version) {
          throw new PreconditionFailedError('section', current.version)
        }
        if (Object.keys(input).length === 0 && parent === undefined) return current
        if (input.name !== undefined) await assertNameFree(tx, input.name, current.id)
        const slugChanged = input.slug !== undefined && input.slug !== current.slug
        if (slugChanged && input.slug) await claimSlug(tx, input.slug, current.id)
        const { count } = await tx.section.updateMany({
          where: { id: current.id, version: current.version },
          data: {
            ...input,
            position: input.position ?? undefined,
            parentId: await parentId(tx, parent, current.id),
            version: { increment: 1 },
          },
        })
        if (count === 0)
          throw new ConflictError(
            'Someone else saved this section at the same moment; fetch it and retry.',
          )
        if (slugChanged) {
          await tx.sectionSlugRedirect.create({
            data: { slug: current.slug, sectionId: current.id },
          })
        }
        await recordAudit(tx, actor, 'section.update', 'section', current.id)
        const slug = input.slug ?? current.slug
        changed(
          ...resourceKeys('section', current.id),
          surrogateKey('section', current.slug),
          surrogateKey('section', slug),
          // Every story, list, feed and recommendation shows its section's name and slug.
          ...(slugChanged || (input.name !== undefined && input.name !== current.name)
            ? ['articles']
            : []),
        )
        const updated = await tx.section.findUniqueOrThrow({
          where: { id: current.id },
          include: WITH_PARENT,
        })
        changed.event({
          type: 'section.updated',
          resource: sectionResource(updated),
          previousSlug: slugChanged ? current.slug : null,
        })
        return updated
      })
      return toSectionDto(row)
    },

    /** Refused with 409 while an article (trashed ones included) or another section uses it. */
    async remove(ref: string, expectedVersion: number | undefined, actor: Actor) {
      assertUnlimited(actor, 'Deleting a section')
      const { id } = await find(ref)
      await changes.write(async (tx, changed) => {
        // Locks the section so that nobody files a story under it between the checks and the delete.
        const [locked] = await tx.$queryRaw<
          { version: number; slug: string }[]
        >`SELECT version, slug FROM "Section" WHERE id = ${id}::uuid FOR UPDATE`
        if (!locked) throw new NotFoundError('section', ref)
        if (expectedVersion !== undefined && expectedVersion !== locked.version) {
          throw new PreconditionFailedError('section', locked.version)
        }
        const articleCount = await tx.article.count({ where: { section: locked.slug } })
        if (articleCount > 0)
          throw new ConflictError(
            `The section is used by ${articleCount} article(s); move them to another section first.`,
            { articleCount },
          )
        // Deleting it would leave a key limited to it with no limit at all, or none to hold.
        const keyCount = await tx.apiKeySection.count({ where: { sectionId: id } })
        if (keyCount > 0)
          throw new ConflictError(
            `${keyCount} API key(s) are limited to this section; delete them (and create them again without it) first.`,
            { keyCount },
          )
        const children = await tx.section.findMany({
          where: { parentId: id },
          select: { slug: true },
        })
        if (children.length > 0)
          throw new ConflictError(
            `The section is the parent of ${children.map((c) => c.slug).join(', ')}; move or delete them first.`,
            { sections: children.map((c) => c.slug) },
          )
        await tx.section.delete({ where: { id } })
        await recordAudit(tx, actor, 'section.delete', 'section', id)
        changed(...resourceKeys('section', id), surrogateKey('section', locked.slug))
        changed.event({
          type: 'section.deleted',
          resource: sectionResource({ id, slug: locked.slug, version: locked.version }),
        })
      })
    },
  }
}
