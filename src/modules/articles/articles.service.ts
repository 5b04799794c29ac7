import { assertEmbargoable, embargoedPublication } from './workflow/article-embargo.js'
import { assertNotGone, assertNotKilled } from './workflow/article-kill.js'
import { assertSectionAllowed } from './workflow/section-limits.js'
import {
  assertContributorMayChange,
  assertContributorMayCreate,
} from './workflow/contributor-rules.js'
import type { Db, PrismaClient } from '../../db/client.js'
import {
  ConflictError,
  NotFoundError,
  UnauthorizedError,
  ValidationError,
} from '../../errors/app-error.js'
import type { ChangeFeed, Changed } from '../../db/change-feed.js'
import { Prisma } from '../../db/generated/client.js'
import { decodeTimeCursor, paginate, rankTimeKey } from '../../lib/cursor.js'
import { PreconditionFailedError } from '../../errors/precondition-errors.js'
import { resourceKeys } from '../../db/resource-keys.js'
import type { Actor } from '../audit/audit-actor.js'
import { recordAudit } from '../audit/audit.service.js'
import {
  assertPublishable,
  bodyFields,
  commitArticleChange,
  insertArticle,
  jsonOrDbNull,
  newArticleRow,
} from './store/article-writes.js'
import { resolveCredits } from './store/article-credits.js'
import { resolveSection } from '../sections/section-refs.js'
import { resolveTags } from '../tags/tag-refs.js'
import { articleDeleted, articleEvents } from './store/article-events.js'
import {
  articleRefSql,
  listableSql,
  listedUntil,
  readableSql,
  selectArticleRows,
  selectArticles,
  selectListPage,
} from './store/article-reads.sql.js'
import { searchArticleIds, snippetHtml } from './store/article-search.js'
import { isSlugRace, moveSlug, newArticleSlug } from './store/article-slugs.js'
import { displayStatus, type Viewer } from './workflow/article-visibility.js'
import { movedSlug } from './article-slug-redirects.js'
import {
  articleFields,
  type ArticleFieldValues,
  type ArticleRow,
  EVERY_DATA_FIELD,
  toArticleDto,
} from './store/article-mapper.js'
import type {
  Article,
  ArticleDataField,
  CreateArticleBody,
  ListArticlesQuery,
  UpdateArticleBody,
} from './articles.schemas.js'

/** An explicit time wins; otherwise the first publication stamps it, and it is kept after that. */
function nextPublishedAt(
  input: UpdateArticleBody,
  current: Date | null,
  status: string,
  at: Date,
): Date | null {
  if (input.publishedAt) return new Date(input.publishedAt)
  const kept = input.publishedAt === null ? null : current
  return status === 'published' && !kept ? at : kept
}

/** The article by id or slug, whatever its state; 404 when there is none. */
export async function findArticle(db: Db, ref: string): Promise<ArticleRow> {
  const [row] = await selectArticleRows(db, [articleRefSql(ref)])
  if (!row) throw new NotFoundError('article', ref)
  return row
}

export interface ArticleUpdate {
  current: ArticleRow
  input: UpdateArticleBody
  /** The version the client read (If-Match); undefined: the one read in this transaction. */
  expectedVersion: number | undefined
  actor: Actor
  /** The audit action, e.g. `article.update`. */
  action: string
  now: () => Date
}

/**
 * A PATCH of `current`, inside the caller's transaction: its checks, the derived fields and the
 * conditional write. Staged edits replay a stored PATCH body through it (see pending/).
 */
export async function applyArticleUpdate(
  tx: Db,
  changed: Changed,
  {
    current,
    input: { bylines, significant, ...input },
    expectedVersion,
    actor,
    action,
    now,
  }: ArticleUpdate,
): Promise<ArticleRow> {
  assertNotKilled(current)
  await assertContributorMayChange(tx, actor, current, input.status)
  changed(...resourceKeys('article', current.id))
  const credits = bylines ? await resolveCredits(tx, bylines) : undefined
  const section = await resolveSection(tx, input.section)
  const tags = input.tags ? await resolveTags(tx, input.tags, changed) : undefined
  const status = input.status ?? current.status
  if (status === 'published') {
    const next = {
      ...current,
      ...input,
      creditLine: input.creditLine === undefined ? current.creditLine : input.creditLine,
    }
    assertPublishable(next, credits?.length ?? current.bylines.length)
  }
  if (input.slug && input.slug !== current.slug) await moveSlug(tx, current, input.slug)
  const embargoUntil =
    input.embargoUntil === undefined
      ? current.embargoUntil
      : input.embargoUntil
        ? new Date(input.embargoUntil)
        : null
  const at = now()
  assertEmbargoable(displayStatus(current, at) === 'published', embargoUntil, at)
  const publishedAt = embargoedPublication(
    nextPublishedAt(input, current.publishedAt, status, at),
    embargoUntil,
    status,
  )
  return commitArticleChange(tx, {
    current,
    data: {
      ...input,
      section,
      tags: tags?.slugs,
      ...(input.body !== undefined ? bodyFields(input.body) : {}),
      heroImage: jsonOrDbNull(input.heroImage),
      sponsorship: jsonOrDbNull(input.sponsorship),
      publishedAt,
      embargoUntil,
      sortAt: publishedAt ?? current.createdAt,
      ...(significant ? { displayedUpdatedAt: now() } : {}),
    },
    credits,
    expectedVersion,
    actor,
    action,
    now: now(),
    changed,
  })
}

/** The article a write is about, by id or slug; 403 when the actor's key may not write its section. */
export async function findArticleToWrite(db: Db, ref: string, actor: Actor): Promise<ArticleRow> {
  const row = await findArticle(db, ref)
  assertSectionAllowed(actor, row.section)
  return row
}

export type GetResult<A = Article> = { article: A } | { movedTo: string }

export type ArticlesService = ReturnType<typeof createArticlesService>

export function createArticlesService({
  prisma,
  changes,
  now,
}: {
  prisma: PrismaClient
  changes: ChangeFeed
  now: () => Date
}) {
  const dto = (row: ArticleRow) => toArticleDto(row, now())

  /** `q`: the ranked ids in one statement, then their rows (and credits), put back in rank order. */
  async function searchList(
    query: ListArticlesQuery & { q: string },
    viewer: Viewer,
    fields: ReadonlySet<ArticleDataField>,
    at: Date,
  ) {
    const hits = await searchArticleIds(prisma, query, viewer, at)
    const page = paginate(hits, query.limit, (h) => ({
      key: rankTimeKey(h.rank, h.sortAt),
      id: h.id,
    }))
    const ids = page.items.map((h) => h.id)
    const rows = ids.length
      ? await selectArticles(prisma, fields, [Prisma.sql`a.id = ANY(${ids}::uuid[])`])
      : []
    const byId = new Map(rows.map((row) => [row.id, row]))
    const items = page.items.flatMap((hit) => {
      const row = byId.get(hit.id)
      if (!row) return [] // deleted between the two statements
      return [
        {
          ...articleFields(row, at, fields),
          rank: hit.rank,
          ...(hit.snippet !== null ? { snippet: snippetHtml(hit.snippet) } : {}),
        },
      ]
    })
    return { items, page: page.page }
  }

  /**
   * The article (only `fields` of it when given: see fieldsToBuild), or the slug it moved to when
   * `ref` is an old slug of a published article.
   */
  async function get(ref: string, viewer: Viewer): Promise<GetResult>
  async function get(
    ref: string,
    viewer: Viewer,
    fields: ReadonlySet<ArticleDataField>,
  ): Promise<GetResult<ArticleFieldValues>>
  async function get(
    ref: string,
    viewer: Viewer,
    fields = EVERY_DATA_FIELD,
  ): Promise<GetResult<ArticleFieldValues>> {
    const at = now()
    const [row] = await selectArticles(prisma, fields, [
      articleRefSql(ref),
      readableSql(viewer, at),
    ])
    if (row) return { article: articleFields(row, at, fields) }
    const moved = await movedSlug(prisma, ref, viewer, at)
    if (moved) return { movedTo: moved }
    await assertNotGone(prisma, ref)
    throw new NotFoundError('article', ref)
  }

  return {
    /** A page of articles with these `fields` (see fieldsToBuild). */
    async list(query: ListArticlesQuery, viewer: Viewer, fields: ReadonlySet<ArticleDataField>) {
      if (query.status && !viewer.keyed) {
        throw new UnauthorizedError(
          'Filtering by status needs an API key; anonymous readers see published stories only.',
        )
      }
      const at = now()
      if (query.snippet && !query.q) {
        throw new ValidationError('A snippet needs a search: add `q`.', [
          { path: 'query.snippet', message: 'Only with `q`' },
        ])
      }
      if (query.q) return searchList({ ...query, q: query.q }, viewer, fields, at)
      const rows = await selectListPage(
        prisma,
        fields,
        listableSql(viewer, query.status, at),
        query,
        {
          after: decodeTimeCursor(query.cursor),
          until: listedUntil(viewer, query.status, at),
          limit: query.limit + 1,
        },
      )
      const page = paginate(rows, query.limit, (r) => ({ key: r.sortAt.toISOString(), id: r.id }))
      return { items: page.items.map((row) => articleFields(row, at, fields)), page: page.page }
    },

    get,

    /** `alongside` runs in the create's transaction with the new article (an Idempotency-Key's stored response). */
    async create(
      { bylines, ...input }: CreateArticleBody,
      actor: Actor,
      alongside?: (tx: Db, article: Article) => Promise<void>,
    ) {
      assertContributorMayCreate(actor, input.status)
      const createdAt = now()
      const publishedAt = embargoedPublication(
        input.publishedAt
          ? new Date(input.publishedAt)
          : input.status === 'published'
            ? createdAt
            : null,
        input.embargoUntil ? new Date(input.embargoUntil) : null,
        input.status,
      )
      // Rendered before the transaction, so that no connection is held meanwhile.
      const body = bodyFields(input.body)
      for (let attempt = 1; ; attempt++) {
        try {
          const row = await changes.write(async (tx, changed) => {
            const credits = await resolveCredits(tx, bylines)
            const section = (await resolveSection(tx, input.section)) ?? null
            assertSectionAllowed(actor, section)
            const tags = await resolveTags(tx, input.tags, changed)
            if (input.status === 'published')
              assertPublishable({ ...input, creditLine: input.creditLine ?? null }, credits.length)
            const slug = await newArticleSlug(tx, input.headline, input.slug)
            const created = await insertArticle(
              tx,
              newArticleRow(
                { ...input, ...body, section, tags: tags.slugs, slug, publishedAt, createdAt },
                credits,
              ),
              actor,
            )
            changed(...resourceKeys('article', created.id))
            for (const event of articleEvents(null, created, createdAt)) changed.event(event)
            if (alongside) await alongside(tx, dto(created))
            return created
          })
          return dto(row)
        } catch (err) {
          // A concurrent create took the derived slug after it was found free: derive another. A given slug stays a 409.
          if (input.slug !== undefined || !isSlugRace(err) || attempt >= 10) throw err
        }
      }
    },

    /** A partial update in one transaction; `expectedVersion` is the version the client read. */
    async update(ref: string, input: UpdateArticleBody, expectedVersion: number, actor: Actor) {
      const row = await changes.write(async (tx, changed) => {
        const current = await findArticleToWrite(tx, ref, actor)
        return applyArticleUpdate(tx, changed, {
          current,
          input,
          expectedVersion,
          actor,
          action: 'article.update',
          now,
        })
      })
      return dto(row)
    },

    /** Moves the article to the trash: invisible to readers, restorable. Trashing twice changes nothing. */
    async trash(ref: string, expectedVersion: number, actor: Actor) {
      await changes.write(async (tx, changed) => {
        const current = await findArticleToWrite(tx, ref, actor)
        changed(...resourceKeys('article', current.id))
        if (current.trashedAt) return
        await commitArticleChange(tx, {
          current,
          data: { trashedAt: now() },
          expectedVersion,
          actor,
          action: 'article.trash',
          now: now(),
          changed,
        })
      })
    },

    async restoreFromTrash(ref: string, expectedVersion: number | undefined, actor: Actor) {
      const row = await changes.write(async (tx, changed) => {
        const current = await findArticleToWrite(tx, ref, actor)
        changed(...resourceKeys('article', current.id))
        if (!current.trashedAt) throw new ConflictError('The article is not in the trash.')
        return commitArticleChange(tx, {
          current,
          data: { trashedAt: null },
          expectedVersion,
          actor,
          action: 'article.restore',
          now: now(),
          changed,
        })
      })
      return dto(row)
    },

    /** Deletes the article for good, with its revisions and old slugs. */
    async purge(ref: string, expectedVersion: number, actor: Actor) {
      await changes.write(async (tx, changed) => {
        const current = await findArticleToWrite(tx, ref, actor)
        changed(...resourceKeys('article', current.id))
        const { count } = await tx.article.deleteMany({
          where: { id: current.id, version: expectedVersion },
        })
        if (count === 0) throw new PreconditionFailedError('article', current.version)
        await recordAudit(tx, actor, 'article.purge', 'article', current.id)
        changed.event(articleDeleted(current))
      })
    },
  }
}
