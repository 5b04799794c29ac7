import type {
  Article as ArticleModel,
  BylineKind,
  BylineRole,
} from '../../../db/generated/client.js'
import {
  ARTICLE_DATA_FIELDS,
  type Article,
  type ArticleData,
  type ArticleDataField,
} from '../articles.schemas.js'
import { displayStatus } from '../workflow/article-visibility.js'
import { bylineText } from '../formats/article-byline-text.js'
import { sponsorshipView } from '../formats/article-sponsorship.js'
import type { ArticleNote } from '../notes/article-notes.schemas.js'

/** A credit of an article, in credit order. */
export interface ArticleCredit {
  role: BylineRole
  byline: { id: string; name: string; slug: string; kind: BylineKind }
}

/**
 * An article as the app handles it: its columns, without `relatedChangedAt` (bookkeeping of the
 * related-stories rankings, set by triggers), and its ordered credits. Every one is read by
 * selectArticles (article-reads.sql.ts), from the columns of ARTICLE_COLUMNS.
 */
export type ArticleRow = Omit<ArticleModel, 'relatedChangedAt'> & {
  bylines: ArticleCredit[]
  /** The name of its section (`section` is the slug), read with it (see selectArticles). */
  sectionName?: string | null
}

/**
 * The columns of ArticleRow with their PostgreSQL types: what reads select and creates insert
 * (updates name them through Prisma's model). A column added to the model must be added here.
 */
export const ARTICLE_COLUMNS = {
  id: 'uuid',
  slug: 'text',
  headline: 'text',
  dek: 'text',
  body: 'text',
  bodyHtml: 'text',
  section: 'text',
  tags: 'text[]',
  language: 'text',
  heroImage: 'jsonb',
  canonicalUrl: 'text',
  creditLine: 'text',
  sponsorship: 'jsonb',
  status: '"ArticleStatus"',
  publishedAt: 'timestamptz',
  sortAt: 'timestamptz',
  wordCount: 'int',
  readingTimeMinutes: 'int',
  version: 'int',
  createdAt: 'timestamptz',
  updatedAt: 'timestamptz',
  trashedAt: 'timestamptz',
  displayedUpdatedAt: 'timestamptz',
  notes: 'jsonb',
  embargoUntil: 'timestamptz',
} as const satisfies Record<keyof Omit<ArticleRow, 'bylines' | 'sectionName'>, string>

export type ArticleColumn = keyof typeof ARTICLE_COLUMNS

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
const FROM_ROW: {
  [F in ArticleDataField]: (
    row: ArticleRow,
    now: Date,
    before: Partial<ArticleData>,
  ) => ArticleData[F]
} = {
  id: (row) => row.id,
  slug: (row) => row.slug,
  headline: (row) => row.headline,
  dek: (row) => row.dek,
  body: (row) => row.body,
  bodyHtml: (row) => row.bodyHtml,
  section: (row) =>
    row.section ? { slug: row.section, name: row.sectionName ?? row.section } : null,
  tags: (row) => row.tags,
  language: (row) => row.language,
  // caption and credit are optional on input, so a stored image may lack them: the contract says null.
  heroImage: (row) =>
    row.heroImage
      ? {
          caption: null,
          credit: null,
          ...(row.heroImage as {
            url: string
            alt: string
            caption?: string | null
            credit?: string | null
          }),
        }
      : null,
  canonicalUrl: (row) => row.canonicalUrl,
  bylines: credits,
  bylineText: (row, _now, before) => bylineText(before.bylines ?? credits(row)),
  creditLine: (row) => row.creditLine,
  sponsorship: (row) => sponsorshipView(row.sponsorship),
  status: (row, now) => displayStatus(row, now),
  publishedAt: (row) => row.publishedAt?.toISOString() ?? null,
  trashedAt: (row) => row.trashedAt?.toISOString() ?? null,
  embargoUntil: (row) => row.embargoUntil?.toISOString() ?? null,
  createdAt: (row) => row.createdAt.toISOString(),
  updatedAt: (row) => row.updatedAt.toISOString(),
  displayedUpdatedAt: (row) => {
    if (!row.publishedAt) return null
    const shown = row.displayedUpdatedAt
    return (shown && shown > row.publishedAt ? shown : row.publishedAt).toISOString()
  },
  notes: (row) => row.notes as ArticleNote[],
  version: (row) => row.version,
  wordCount: (row) => row.wordCount,
  readingTimeMinutes: (row) => row.readingTimeMinutes,
}

/** These fields of the article, in the schema's order; the row holds what they come from (see selectArticles). */
export function articleFields(
  row: PartialArticleRow,
  now: Date,
  fields: ReadonlySet<ArticleDataField>,
): ArticleFieldValues {
  const values: Partial<ArticleData> = {}
  for (const field of ARTICLE_DATA_FIELDS) {
    if (fields.has(field))
      (values as Record<string, unknown>)[field] = FROM_ROW[field](row as ArticleRow, now, values)
  }
  return values as ArticleFieldValues
}

/** The whole article as the API returns it. */
export function toArticleDto(row: ArticleRow, now: Date): Article {
  return articleFields(row, now, EVERY_DATA_FIELD) as Article
}
