import type { Prisma } from '../../db/generated/client.js'
import type { Article } from './articles.schemas.js'
import { displayStatus } from './article-visibility.js'
import { bylineText } from './byline-text.js'

/** What every article query selects: the row and its ordered credits. */
export const articleInclude = {
  bylines: {
    orderBy: { position: 'asc' },
    select: { role: true, byline: { select: { id: true, name: true, slug: true, kind: true } } },
  },
} satisfies Prisma.ArticleInclude

export type ArticleRow = Prisma.ArticleGetPayload<{ include: typeof articleInclude }>

/** The article as the API returns it; `now` decides whether a published story is still scheduled. */
export function toArticleDto(row: ArticleRow, now: Date): Article {
  const bylines = row.bylines.map(({ role, byline }) => ({ ...byline, role }))
  return {
    id: row.id,
    slug: row.slug,
    headline: row.headline,
    dek: row.dek,
    body: row.body,
    bodyHtml: row.bodyHtml,
    section: row.section,
    tags: row.tags,
    language: row.language,
    // caption and credit are optional on input, so a stored image may lack them: the contract says null.
    heroImage: row.heroImage ? { caption: null, credit: null, ...(row.heroImage as { url: string; alt: string; caption?: string | null; credit?: string | null }) } : null,
    canonicalUrl: row.canonicalUrl,
    bylines,
    bylineText: bylineText(bylines),
    creditLine: row.creditLine,
    status: displayStatus(row, now),
    publishedAt: row.publishedAt?.toISOString() ?? null,
    trashedAt: row.trashedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
    wordCount: row.wordCount,
    readingTimeMinutes: row.readingTimeMinutes,
  }
}
