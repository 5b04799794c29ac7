import type { Db } from '../../../db/client.js'
import { Prisma } from '../../../db/generated/client.js'
import { ConflictError, type FieldError, UnprocessableError } from '../../../errors/app-error.js'
import { PreconditionFailedError } from '../../../errors/precondition-errors.js'
import { readingStats, renderMarkdown } from '../../../lib/markdown.js'
import { uuidv7 } from '../../../lib/uuid.js'
import type { Changed } from '../../../db/change-feed.js'
import type { Actor } from '../../audit/audit-actor.js'
import { auditInsert } from '../../audit/audit.service.js'
import type { ResolvedCredit } from './article-credits.js'
import { type ArticleState, articleEvents } from './article-events.js'
import { assertSectionAllowed } from '../workflow/section-limits.js'
import { ARTICLE_COLUMNS, type ArticleColumn, type ArticleRow } from './article-mapper.js'
import { selectArticleRows } from './article-reads.sql.js'
import type { CreateArticleBody } from '../articles.schemas.js'

/** The body and what is derived from it, computed once per write so that reads never render. */
export function bodyFields(body: string) {
  const bodyHtml = renderMarkdown(body)
  return { body, bodyHtml, ...readingStats(bodyHtml) }
}

export function jsonOrDbNull<T>(value: T | null | undefined) {
  return value === null ? Prisma.DbNull : (value ?? undefined)
}

/** Publishing needs a headline, a body and someone to credit; 422 lists what is missing. */
export function assertPublishable(
  article: { headline: string; body: string; creditLine: string | null },
  creditCount: number,
) {
  const missing: FieldError[] = []
  if (!article.headline.trim())
    missing.push({ path: 'headline', message: 'A headline is required to publish' })
  if (!article.body.trim()) missing.push({ path: 'body', message: 'A body is required to publish' })
  if (creditCount === 0 && !article.creditLine?.trim()) {
    missing.push({
      path: 'bylines',
      message: 'Someone to credit (a byline or a credit line) is required to publish',
    })
  }
  if (missing.length > 0) {
    throw new UnprocessableError(
      `The article cannot be published yet: ${missing.map((m) => m.path).join(', ')} missing.`,
      missing,
    )
  }
}

async function replaceCredits(tx: Db, articleId: string, credits: ResolvedCredit[]) {
  await tx.articleByline.deleteMany({ where: { articleId } })
  if (credits.length > 0) {
    await tx.articleByline.createMany({
      data: credits.map(({ position, role, byline }) => ({
        articleId,
        position,
        role,
        bylineId: byline.id,
      })),
    })
  }
}

type NewArticle = Omit<CreateArticleBody, 'bylines' | 'slug' | 'publishedAt'> &
  ReturnType<typeof bodyFields> & { slug: string; publishedAt: Date | null; createdAt: Date }

/** What a new article's insert writes (see insertArticle): version 1, crediting the bylines as resolved. */
export function newArticleRow(article: NewArticle, credits: ResolvedCredit[]): ArticleRow {
  return {
    id: uuidv7(),
    slug: article.slug,
    headline: article.headline,
    dek: article.dek ?? null,
    body: article.body,
    bodyHtml: article.bodyHtml,
    section: article.section ?? null,
    tags: article.tags,
    language: article.language,
    heroImage: article.heroImage ?? null,
    canonicalUrl: article.canonicalUrl ?? null,
    creditLine: article.creditLine ?? null,
    sponsorship: article.sponsorship ?? null,
    status: article.status,
    publishedAt: article.publishedAt,
    sortAt: article.publishedAt ?? article.createdAt,
    wordCount: article.wordCount,
    readingTimeMinutes: article.readingTimeMinutes,
    version: 1,
    createdAt: article.createdAt,
    updatedAt: article.createdAt,
    trashedAt: null,
    displayedUpdatedAt: null,
    notes: [],
    embargoUntil: article.embargoUntil ? new Date(article.embargoUntil) : null,
    bylines: credits.map(({ role, byline }) => ({ role, byline })),
  }
}

const jsonb = (value: Prisma.JsonValue) => (value === null ? null : JSON.stringify(value))

// The writes below are raw SQL: Prisma spends about twice the CPU of the same raw statement on a
// create, and could not combine them into one statement.

/** Inserts every column of ARTICLE_COLUMNS, each value cast to the column's type. */
const INSERT_COLUMNS = Object.entries(ARTICLE_COLUMNS) as [ArticleColumn, string][]

function articleInsert(row: ArticleRow): Prisma.Sql {
  const values = INSERT_COLUMNS.map(([name, type]) => {
    const value = type === 'jsonb' ? jsonb(row[name] as Prisma.JsonValue) : row[name]
    return Prisma.sql`${value}::${Prisma.raw(type)}`
  })
  return Prisma.sql`
    INSERT INTO "Article" (${Prisma.raw(INSERT_COLUMNS.map(([name]) => `"${name}"`).join(', '))}) VALUES (${Prisma.join(values)})`
}

function creditsInsert(row: ArticleRow): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO "ArticleByline" ("articleId", position, "bylineId", role)
    SELECT ${row.id}::uuid, c.position - 1, c.byline, c.role::"BylineRole"
    FROM unnest(${row.bylines.map((b) => b.byline.id)}::uuid[], ${row.bylines.map((b) => b.role)}::text[])
      WITH ORDINALITY AS c(byline, role, position)`
}

/** The editable state of an article, as a revision stores it. */
export function snapshotOf(row: ArticleRow) {
  return {
    headline: row.headline,
    slug: row.slug,
    dek: row.dek,
    body: row.body,
    section: row.section,
    tags: row.tags,
    language: row.language,
    heroImage: row.heroImage as Prisma.JsonValue,
    canonicalUrl: row.canonicalUrl,
    creditLine: row.creditLine,
    sponsorship: row.sponsorship as Prisma.JsonValue,
    status: row.status,
    publishedAt: row.publishedAt?.toISOString() ?? null,
    trashedAt: row.trashedAt?.toISOString() ?? null,
    bylines: row.bylines.map(({ role, byline }) => ({ bylineId: byline.id, role })),
  }
}
export type ArticleSnapshot = ReturnType<typeof snapshotOf>

function revisionInsert(row: ArticleRow, actor: Actor): Prisma.Sql {
  // Stamped with the write's own time (the app clock), not the database's.
  return Prisma.sql`
    INSERT INTO "ArticleRevision" ("articleId", version, snapshot, "keyId", "keyName", "createdAt")
    VALUES (${row.id}::uuid, ${row.version}, ${JSON.stringify(snapshotOf(row))}::jsonb, ${actor.keyId}::uuid, ${actor.keyName},
      ${row.updatedAt}::timestamptz)`
}

/** Stores the new state as a revision and the write in the audit trail: one statement, in the write's transaction. */
export async function recordArticleWrite(tx: Db, row: ArticleRow, actor: Actor, action: string) {
  await tx.$executeRaw`WITH revision AS (${revisionInsert(row, actor)}) ${auditInsert(actor, action, 'article', row.id)}`
}

/**
 * Inserts a new article (see newArticleRow) with its credits, first revision and audit entry in
 * one statement, and returns it as read back: as any later read returns it.
 */
export async function insertArticle(tx: Db, row: ArticleRow, actor: Actor): Promise<ArticleRow> {
  await tx.$executeRaw`
    WITH article AS (${articleInsert(row)}), credits AS (${creditsInsert(row)}), revision AS (${revisionInsert(row, actor)})
    ${auditInsert(actor, 'article.create', 'article', row.id)}`
  return readArticleRow(tx, row.id)
}

async function readArticleRow(tx: Db, id: string): Promise<ArticleRow> {
  const [row] = await selectArticleRows(tx, [Prisma.sql`a.id = ${id}::uuid`])
  if (!row) throw new Error(`article ${id} vanished within its own transaction`)
  return row
}

export interface ArticleChange {
  /** The story as read in the write's transaction; its section decides who may change it. */
  current: ArticleState & { section: string | null }
  data: Prisma.ArticleUncheckedUpdateManyInput
  credits?: ResolvedCredit[]
  /** The version the client read (If-Match); a stale one is a 412. */
  expectedVersion?: number
  actor: Actor
  action: string
  now: Date
  /** The write's report: the change's events go into the outbox with it. */
  changed: Changed
}

/**
 * Writes one change of an article. The update is conditional on the version read in this
 * transaction, so the check and the write are one atomic step in the database: of concurrent
 * saves from the same version exactly one wins, the others get 412 (409 without If-Match).
 */
export async function commitArticleChange(tx: Db, change: ArticleChange): Promise<ArticleRow> {
  const { current, expectedVersion } = change
  // Every change of a story passes here: a key limited to sections may change only theirs.
  assertSectionAllowed(change.actor, current.section)
  const movedTo = change.data.section
  if (typeof movedTo === 'string' || movedTo === null) assertSectionAllowed(change.actor, movedTo)
  if (expectedVersion !== undefined && expectedVersion !== current.version) {
    throw new PreconditionFailedError('article', current.version)
  }
  const { count } = await tx.article.updateMany({
    where: { id: current.id, version: current.version },
    data: { ...change.data, updatedAt: change.now, version: { increment: 1 } },
  })
  if (count === 0) {
    const fresh = await tx.article.findUnique({
      where: { id: current.id },
      select: { version: true },
    })
    if (expectedVersion !== undefined)
      throw new PreconditionFailedError('article', fresh?.version ?? current.version)
    throw new ConflictError(
      'Someone else saved this article at the same moment; fetch it and retry.',
    )
  }
  if (change.credits) await replaceCredits(tx, current.id, change.credits)
  const row = await readArticleRow(tx, current.id)
  await recordArticleWrite(tx, row, change.actor, change.action)
  for (const event of articleEvents(current, row, change.now)) change.changed.event(event)
  return row
}
