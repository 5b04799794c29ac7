import type { Prisma } from '../../../db/generated/client.js'
import { ARTICLE_DATA_FIELDS, type Article, type ArticleData, type ArticleDataField } from '../articles.schemas.js'
import { displayStatus } from '../workflow/article-visibility.js'
import { bylineText } from '../formats/article-byline-text.js'

/** What every article query selects: the row and its ordered credits. */
export const articleInclude = {
  bylines: {
    orderBy: { position: 'asc' },
    select: { role: true, byline: { select: { id: true, name: true, slug: true, kind: true } } },
  },
} satisfies Prisma.ArticleInclude

/** Without `relatedChangedAt`: bookkeeping of the related-stories rankings, set by triggers. */
export type ArticleRow = Omit<Prisma.ArticleGetPayload<{ include: typeof articleInclude }>, 'relatedChangedAt'>

/** A row read for some fields only (see selectArticles): the body columns and the credits may be missing. */
export type PartialArticleRow = Omit<ArticleRow, 'body' | 'bodyHtml' | 'bylines'> &
  Partial<Pick<ArticleRow, 'body' | 'bodyHtml' | 'bylines'>>

/** Some fields of an article; `id` and `version` (the ETag) are always there. */
export type ArticleFieldValues = Partial<ArticleData> & Pick<ArticleData, 'id' | 'version'>

export const EVERY_DATA_FIELD: ReadonlySet<ArticleDataField> = new Set(ARTICLE_DATA_FIELDS)

const credits = (row: ArticleRow) => row.bylines.map(({ role, byline }) => ({ ...byline, role }))

/**
 * How each field of the API's article comes from the row, given the fields before it in the
 * schema's order; `now` decides whether a published story is still scheduled.
 */
const FROM_ROW: { [F in ArticleDataField]: (row: ArticleRow, now: Date, before: Partial<ArticleData>) => ArticleData[F] } = {
  id: (row) => row.id,
  slug: (row) => row.slug,
  headline: (row) => row.headline,
  dek: (row) => row.dek,
  body: (row) => row.body,
  bodyHtml: (row) => row.bodyHtml,
  section: (row) => row.section,
  tags: (row) => row.tags,
  language: (row) => row.language,
  // caption and credit are optional on input, so a stored image may lack them: the contract says null.
  heroImage: (row) =>
    row.heroImage
      ? { caption: null, credit: null, ...(row.heroImage as { url: string; alt: string; caption?: string | null; credit?: string | null }) }
      : null,
  canonicalUrl: (row) => row.canonicalUrl,
  bylines: credits,
  bylineText: (row, _now, before) => bylineText(before.bylines ?? credits(row)),
  creditLine: (row) => row.creditLine,
  status: (row, now) => displayStatus(row, now),
  publishedAt: (row) => row.publishedAt?.toISOString() ?? null,
  trashedAt: (row) => row.trashedAt?.toISOString() ?? null,
  createdAt: (row) => row.createdAt.toISOString(),
  updatedAt: (row) => row.updatedAt.toISOString(),
  version: (row) => row.version,
  wordCount: (row) => row.wordCount,
  readingTimeMinutes: (row) => row.readingTimeMinutes,
}

/** These fields of the article, in the schema's order; the row holds what they come from (see selectArticles). */
export function articleFields(row: PartialArticleRow, now: Date, fields: ReadonlySet<ArticleDataField>): ArticleFieldValues {
  const values: Partial<ArticleData> = {}
  for (const field of ARTICLE_DATA_FIELDS) {
    if (fields.has(field)) (values as Record<string, unknown>)[field] = FROM_ROW[field](row as ArticleRow, now, values)
  }
  return values as ArticleFieldValues
}

/** The whole article as the API returns it. */
export function toArticleDto(row: ArticleRow, now: Date): Article {
  return articleFields(row, now, EVERY_DATA_FIELD) as Article
}
