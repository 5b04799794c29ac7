import type { Db, PrismaClient } from '../../db/client.js'
import { Prisma } from '../../db/generated/client.js'
import { AppError, ConflictError, NotFoundError, UnauthorizedError } from '../../errors/app-error.js'
import { decodeTimeCursor, paginate } from '../../lib/cursor.js'
import { byIdOrSlug } from '../../lib/id-or-slug.js'
import { readingStats, renderMarkdown } from '../../lib/markdown.js'
import { derivedUniqueSlug } from '../../lib/slug.js'
import { resolveCredits, type ResolvedCredit } from './article-credits.js'
import { articleInclude, toArticleDto } from './articles.mapper.js'
import type { CreateArticleBody, ListArticlesQuery, UpdateArticleBody } from './articles.schemas.js'

/** Who is reading: anonymous readers only ever see published stories whose time has come. */
export interface Viewer {
  keyed: boolean
}

export class PreconditionFailedError extends AppError {
  constructor(current: number) {
    super(412, 'precondition-failed', 'Precondition failed', `The article has changed: it is now at version ${current}.`, {
      currentVersion: current,
    })
  }
}

function bodyFields(body: string) {
  const bodyHtml = renderMarkdown(body)
  return { body, bodyHtml, ...readingStats(bodyHtml) }
}

/** An explicit time wins; otherwise the first publication stamps it, and it is kept after that. */
function nextPublishedAt(input: UpdateArticleBody, current: Date | null, status: string, at: Date): Date | null {
  if (input.publishedAt) return new Date(input.publishedAt)
  const kept = input.publishedAt === null ? null : current
  return status === 'published' && !kept ? at : kept
}

function jsonOrDbNull<T>(value: T | null | undefined) {
  return value === null ? Prisma.DbNull : (value ?? undefined)
}

export function createArticlesService({ prisma, now }: { prisma: PrismaClient; now: () => Date }) {
  const findTaken = async (prefix: string) =>
    (await prisma.article.findMany({ where: { slug: { startsWith: prefix } }, select: { slug: true } })).map((a) => a.slug)

  const visibleTo = (viewer: Viewer): Prisma.ArticleWhereInput =>
    viewer.keyed ? {} : { status: 'published', publishedAt: { lte: now() } }

  async function replaceCredits(tx: Db, articleId: string, credits: ResolvedCredit[]) {
    await tx.articleByline.deleteMany({ where: { articleId } })
    if (credits.length > 0) await tx.articleByline.createMany({ data: credits.map((c) => ({ ...c, articleId })) })
  }

  return {
    async list(query: ListArticlesQuery, viewer: Viewer) {
      if (query.status && !viewer.keyed) {
        throw new UnauthorizedError('Filtering by status needs an API key; anonymous readers see published stories only.')
      }
      const after = decodeTimeCursor(query.cursor)
      const rows = await prisma.article.findMany({
        where: {
          AND: [
            visibleTo(viewer),
            query.status ? { status: query.status } : {},
            query.section ? { section: query.section } : {},
            query.tag ? { tags: { has: query.tag } } : {},
            query.byline ? { bylines: { some: { byline: { slug: query.byline } } } } : {},
            after ? { OR: [{ sortAt: { lt: after.at } }, { sortAt: after.at, id: { lt: after.id } }] } : {},
          ],
        },
        orderBy: [{ sortAt: 'desc' }, { id: 'desc' }],
        take: query.limit + 1,
        include: articleInclude,
        ...(query.include === 'body' ? {} : { omit: { body: true, bodyHtml: true } }),
      })
      const page = paginate(rows, query.limit, (r) => ({ key: r.sortAt.toISOString(), id: r.id }))
      return {
        items: page.items.map((row) => {
          const { body, bodyHtml, ...rest } = toArticleDto({ body: '', bodyHtml: '', ...row })
          return query.include === 'body' ? { ...rest, body, bodyHtml } : rest
        }),
        page: page.page,
      }
    },

    async get(ref: string, viewer: Viewer) {
      const row = await prisma.article.findFirst({
        where: { AND: [byIdOrSlug(ref), visibleTo(viewer)] },
        include: articleInclude,
      })
      if (!row) throw new NotFoundError('article', ref)
      return toArticleDto(row)
    },

    async create({ bylines, ...input }: CreateArticleBody) {
      const createdAt = now()
      const publishedAt = input.publishedAt ? new Date(input.publishedAt) : input.status === 'published' ? createdAt : null
      const slug = input.slug ?? (await derivedUniqueSlug(input.headline, 'story', findTaken))
      const row = await prisma.$transaction(async (tx) => {
        const credits = await resolveCredits(tx, bylines)
        const { id } = await tx.article.create({
          data: {
            ...input,
            ...bodyFields(input.body),
            slug,
            heroImage: jsonOrDbNull(input.heroImage),
            publishedAt,
            sortAt: publishedAt ?? createdAt,
            createdAt,
            updatedAt: createdAt,
          },
        })
        await replaceCredits(tx, id, credits)
        return tx.article.findUniqueOrThrow({ where: { id }, include: articleInclude })
      })
      return toArticleDto(row)
    },

    /**
     * Applies a partial update as one transaction. The write is conditional on the version read,
     * so a concurrent save is detected (409), never silently overwritten; `expectedVersion`
     * (from If-Match) turns a stale read into a 412.
     */
    async update(ref: string, { bylines, ...input }: UpdateArticleBody, expectedVersion?: number) {
      const row = await prisma.$transaction(async (tx) => {
        const current = await tx.article.findUnique({ where: byIdOrSlug(ref) })
        if (!current) throw new NotFoundError('article', ref)
        if (expectedVersion !== undefined && expectedVersion !== current.version) {
          throw new PreconditionFailedError(current.version)
        }
        const credits = bylines ? await resolveCredits(tx, bylines) : undefined
        const publishedAt = nextPublishedAt(input, current.publishedAt, input.status ?? current.status, now())
        const { count } = await tx.article.updateMany({
          where: { id: current.id, version: current.version },
          data: {
            ...input,
            ...(input.body !== undefined ? bodyFields(input.body) : {}),
            heroImage: jsonOrDbNull(input.heroImage),
            publishedAt,
            sortAt: publishedAt ?? current.createdAt,
            updatedAt: now(),
            version: { increment: 1 },
          },
        })
        if (count === 0) throw new ConflictError('Someone else saved this article at the same moment; fetch it and retry.')
        if (credits) await replaceCredits(tx, current.id, credits)
        return tx.article.findUniqueOrThrow({ where: { id: current.id }, include: articleInclude })
      })
      return toArticleDto(row)
    },

    async remove(ref: string) {
      const { count } = await prisma.article.deleteMany({ where: byIdOrSlug(ref) })
      if (count === 0) throw new NotFoundError('article', ref)
    },
  }
}

export type ArticlesService = ReturnType<typeof createArticlesService>
