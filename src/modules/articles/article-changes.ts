import type { Db } from '../../db/client.js'
import { Prisma } from '../../db/generated/client.js'
import { ConflictError, type FieldError, UnprocessableError } from '../../errors/app-error.js'
import { PreconditionFailedError } from '../../lib/etag.js'
import { readingStats, renderMarkdown } from '../../lib/markdown.js'
import { type Actor, recordAudit } from '../audit/audit.service.js'
import type { ResolvedCredit } from './article-credits.js'
import { articleInclude, type ArticleRow } from './articles.mapper.js'

/** The body and what is derived from it, computed once per write so that reads never render. */
export function bodyFields(body: string) {
  const bodyHtml = renderMarkdown(body)
  return { body, bodyHtml, ...readingStats(bodyHtml) }
}

export function jsonOrDbNull<T>(value: T | null | undefined) {
  return value === null ? Prisma.DbNull : (value ?? undefined)
}

/** Publishing needs a headline, a body and someone to credit; 422 lists what is missing. */
export function assertPublishable(article: { headline: string; body: string; creditLine: string | null }, creditCount: number) {
  const missing: FieldError[] = []
  if (!article.headline.trim()) missing.push({ path: 'headline', message: 'A headline is required to publish' })
  if (!article.body.trim()) missing.push({ path: 'body', message: 'A body is required to publish' })
  if (creditCount === 0 && !article.creditLine?.trim()) {
    missing.push({ path: 'bylines', message: 'Someone to credit (a byline or a credit line) is required to publish' })
  }
  if (missing.length > 0) {
    throw new UnprocessableError(`The article cannot be published yet: ${missing.map((m) => m.path).join(', ')} missing.`, missing)
  }
}

export async function replaceCredits(tx: Db, articleId: string, credits: ResolvedCredit[]) {
  await tx.articleByline.deleteMany({ where: { articleId } })
  if (credits.length > 0) await tx.articleByline.createMany({ data: credits.map((c) => ({ ...c, articleId })) })
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
    status: row.status,
    publishedAt: row.publishedAt?.toISOString() ?? null,
    trashedAt: row.trashedAt?.toISOString() ?? null,
    bylines: row.bylines.map(({ role, byline }) => ({ bylineId: byline.id, role })),
  }
}
export type ArticleSnapshot = ReturnType<typeof snapshotOf>

/** Stores the new state as a revision and the write in the audit trail, in the write's transaction. */
export async function recordArticleWrite(tx: Db, row: ArticleRow, actor: Actor, action: string) {
  await tx.articleRevision.create({
    // Stamped with the write's own time (the app clock), not the database's.
    data: {
      articleId: row.id,
      version: row.version,
      snapshot: snapshotOf(row),
      keyId: actor.keyId,
      keyName: actor.keyName,
      createdAt: row.updatedAt,
    },
  })
  await recordAudit(tx, actor, action, 'article', row.id)
}

export interface ArticleChange {
  current: { id: string; version: number }
  data: Prisma.ArticleUpdateManyMutationInput
  credits?: ResolvedCredit[]
  /** The version the client read (If-Match); a stale one is a 412. */
  expectedVersion?: number
  actor: Actor
  action: string
  now: Date
}

/**
 * Writes one change of an article. The update is conditional on the version read in this
 * transaction, so the check and the write are one atomic step in the database: of concurrent
 * saves from the same version exactly one wins, the others get 412 (409 without If-Match).
 */
export async function commitArticleChange(tx: Db, change: ArticleChange): Promise<ArticleRow> {
  const { current, expectedVersion } = change
  if (expectedVersion !== undefined && expectedVersion !== current.version) {
    throw new PreconditionFailedError('article', current.version)
  }
  const { count } = await tx.article.updateMany({
    where: { id: current.id, version: current.version },
    data: { ...change.data, updatedAt: change.now, version: { increment: 1 } },
  })
  if (count === 0) {
    const fresh = await tx.article.findUnique({ where: { id: current.id }, select: { version: true } })
    if (expectedVersion !== undefined) throw new PreconditionFailedError('article', fresh?.version ?? current.version)
    throw new ConflictError('Someone else saved this article at the same moment; fetch it and retry.')
  }
  if (change.credits) await replaceCredits(tx, current.id, change.credits)
  const row = await tx.article.findUniqueOrThrow({ where: { id: current.id }, include: articleInclude })
  await recordArticleWrite(tx, row, change.actor, change.action)
  return row
}
