import type { Db, PrismaClient } from '../../db/client.js'
import { ConflictError, NotFoundError, UnauthorizedError, ValidationError } from '../../errors/app-error.js'
import type { ChangeFeed } from '../../lib/change-feed.js'
import { decodeTimeCursor, paginate, rankTimeKey } from '../../lib/cursor.js'
import { PreconditionFailedError } from '../../lib/etag.js'
import { byIdOrSlug } from '../../lib/id-or-slug.js'
import { resourceKeys } from '../../lib/surrogate-keys.js'
import { type Actor, recordAudit } from '../audit/audit.service.js'
import {
  assertPublishable,
  bodyFields,
  commitArticleChange,
  jsonOrDbNull,
  recordArticleWrite,
  replaceCredits,
} from './article-changes.js'
import { resolveCredits } from './article-credits.js'
import { searchArticleIds, snippetHtml } from './article-search.js'
import { assertSlugAvailable, derivedArticleSlug, moveSlug } from './article-slugs.js'
import { statusWhere, type Viewer, visibleWhere } from './article-visibility.js'
import { articleInclude, type ArticleRow, toArticleDto } from './articles.mapper.js'
import type { Article, CreateArticleBody, ListArticlesQuery, UpdateArticleBody } from './articles.schemas.js'

/** An explicit time wins; otherwise the first publication stamps it, and it is kept after that. */
function nextPublishedAt(input: UpdateArticleBody, current: Date | null, status: string, at: Date): Date | null {
  if (input.publishedAt) return new Date(input.publishedAt)
  const kept = input.publishedAt === null ? null : current
  return status === 'published' && !kept ? at : kept
}

/** The article by id or slug, whatever its state; 404 when there is none. */
export async function findArticle(db: Db, ref: string): Promise<ArticleRow> {
  const row = await db.article.findUnique({ where: byIdOrSlug(ref), include: articleInclude })
  if (!row) throw new NotFoundError('article', ref)
  return row
}

export type GetResult = { article: Article } | { movedTo: string }

export function createArticlesService({ prisma, changes, now }: { prisma: PrismaClient; changes: ChangeFeed; now: () => Date }) {
  const dto = (row: ArticleRow) => toArticleDto(row, now())

  /** A list item: the article without `body` and `bodyHtml` unless `include=body`. */
  function listItem(row: Omit<ArticleRow, 'body' | 'bodyHtml'> & Partial<ArticleRow>, query: ListArticlesQuery, at: Date) {
    const { body, bodyHtml, ...rest } = toArticleDto({ body: '', bodyHtml: '', ...row }, at)
    return query.include === 'body' ? { ...rest, body, bodyHtml } : rest
  }

  /** `q`: the ranked ids in one statement, then their rows (and credits), put back in rank order. */
  async function searchList(query: ListArticlesQuery & { q: string }, viewer: Viewer, at: Date) {
    const hits = await searchArticleIds(prisma, query, viewer, at)
    const page = paginate(hits, query.limit, (h) => ({ key: rankTimeKey(h.rank, h.sortAt), id: h.id }))
    const rows = page.items.length
      ? await prisma.article.findMany({
          where: { id: { in: page.items.map((h) => h.id) } },
          include: articleInclude,
          ...(query.include === 'body' ? {} : { omit: { body: true, bodyHtml: true } }),
        })
      : []
    const byId = new Map(rows.map((row) => [row.id, row]))
    const items = page.items.flatMap((hit) => {
      const row = byId.get(hit.id)
      if (!row) return [] // deleted between the two statements
      return [{ ...listItem(row, query, at), rank: hit.rank, ...(hit.snippet !== null ? { snippet: snippetHtml(hit.snippet) } : {}) }]
    })
    return { items, page: page.page }
  }

  return {
    async list(query: ListArticlesQuery, viewer: Viewer) {
      if (query.status && !viewer.keyed) {
        throw new UnauthorizedError('Filtering by status needs an API key; anonymous readers see published stories only.')
      }
      const at = now()
      if (query.snippet && !query.q) {
        throw new ValidationError('A snippet needs a search: add `q`.', [{ path: 'query.snippet', message: 'Only with `q`' }])
      }
      if (query.q) return searchList({ ...query, q: query.q }, viewer, at)
      const after = decodeTimeCursor(query.cursor)
      const rows = await prisma.article.findMany({
        where: {
          AND: [
            viewer.keyed ? statusWhere(query.status, at) : visibleWhere(viewer, at),
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
      return { items: page.items.map((row) => listItem(row, query, at)), page: page.page }
    },

    /** The article, or the slug it moved to when `ref` is an old slug of a published article. */
    async get(ref: string, viewer: Viewer): Promise<GetResult> {
      const visible = visibleWhere(viewer, now())
      const row = await prisma.article.findFirst({ where: { AND: [byIdOrSlug(ref), visible] }, include: articleInclude })
      if (row) return { article: dto(row) }
      const moved = await prisma.articleSlugRedirect.findUnique({
        where: { slug: ref },
        select: { article: { select: { slug: true, id: true } } },
      })
      if (moved && (await prisma.article.count({ where: { AND: [{ id: moved.article.id }, visible] } })) > 0) {
        return { movedTo: moved.article.slug }
      }
      throw new NotFoundError('article', ref)
    },

    async create({ bylines, ...input }: CreateArticleBody, actor: Actor) {
      const createdAt = now()
      const publishedAt = input.publishedAt ? new Date(input.publishedAt) : input.status === 'published' ? createdAt : null
      const row = await changes.write(async (tx, changed) => {
        const credits = await resolveCredits(tx, bylines)
        if (input.status === 'published') assertPublishable({ ...input, creditLine: input.creditLine ?? null }, credits.length)
        const slug = input.slug ?? (await derivedArticleSlug(tx, input.headline))
        await assertSlugAvailable(tx, slug)
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
        const created = await tx.article.findUniqueOrThrow({ where: { id }, include: articleInclude })
        await recordArticleWrite(tx, created, actor, 'article.create')
        changed(...resourceKeys('article', id))
        return created
      })
      return dto(row)
    },

    /** A partial update in one transaction; `expectedVersion` is the version the client read. */
    async update(ref: string, { bylines, ...input }: UpdateArticleBody, expectedVersion: number, actor: Actor) {
      const row = await changes.write(async (tx, changed) => {
        const current = await findArticle(tx, ref)
        changed(...resourceKeys('article', current.id))
        const credits = bylines ? await resolveCredits(tx, bylines) : undefined
        const status = input.status ?? current.status
        if (status === 'published') {
          const next = { ...current, ...input, creditLine: input.creditLine === undefined ? current.creditLine : input.creditLine }
          assertPublishable(next, credits?.length ?? current.bylines.length)
        }
        if (input.slug && input.slug !== current.slug) await moveSlug(tx, current, input.slug)
        const publishedAt = nextPublishedAt(input, current.publishedAt, status, now())
        return commitArticleChange(tx, {
          current,
          data: {
            ...input,
            ...(input.body !== undefined ? bodyFields(input.body) : {}),
            heroImage: jsonOrDbNull(input.heroImage),
            publishedAt,
            sortAt: publishedAt ?? current.createdAt,
          },
          credits,
          expectedVersion,
          actor,
          action: 'article.update',
          now: now(),
        })
      })
      return dto(row)
    },

    /** Moves the article to the trash: invisible to readers, restorable. Trashing twice changes nothing. */
    async trash(ref: string, expectedVersion: number, actor: Actor) {
      await changes.write(async (tx, changed) => {
        const current = await findArticle(tx, ref)
        changed(...resourceKeys('article', current.id))
        if (current.trashedAt) return
        await commitArticleChange(tx, { current, data: { trashedAt: now() }, expectedVersion, actor, action: 'article.trash', now: now() })
      })
    },

    async restoreFromTrash(ref: string, expectedVersion: number | undefined, actor: Actor) {
      const row = await changes.write(async (tx, changed) => {
        const current = await findArticle(tx, ref)
        changed(...resourceKeys('article', current.id))
        if (!current.trashedAt) throw new ConflictError('The article is not in the trash.')
        return commitArticleChange(tx, { current, data: { trashedAt: null }, expectedVersion, actor, action: 'article.restore', now: now() })
      })
      return dto(row)
    },

    /** Deletes the article for good, with its revisions and old slugs. */
    async purge(ref: string, expectedVersion: number, actor: Actor) {
      await changes.write(async (tx, changed) => {
        const current = await findArticle(tx, ref)
        changed(...resourceKeys('article', current.id))
        const { count } = await tx.article.deleteMany({ where: { id: current.id, version: expectedVersion } })
        if (count === 0) throw new PreconditionFailedError('article', current.version)
        await recordAudit(tx, actor, 'article.purge', 'article', current.id)
      })
    },
  }
}
