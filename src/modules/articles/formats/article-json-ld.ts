import { articleUrl, type PublicSite } from '../../../lib/public-site.js'
import { creditedAuthors, modifiedAt } from '../syndication/article-syndication.js'
import type { ArticleData, ArticleDataField } from '../articles.schemas.js'

type Party = { '@type': 'Person' | 'Organization'; name: string }

/** @see https://schema.org/NewsArticle */
export type NewsArticleJsonLd = {
  '@context': 'https://schema.org'
  '@type': 'NewsArticle'
  headline: string
  description?: string
  datePublished?: string
  dateModified: string
  author?: Party[]
  publisher: { '@type': 'Organization'; name: string; url: string }
  image?: string[]
  articleSection?: string
  keywords?: string[]
  inLanguage: string
  mainEntityOfPage: { '@type': 'WebPage'; '@id': string }
  url: string
  correction?: { '@type': 'CorrectionComment'; text: string; datePublished: string }[]
}

/** The fields of an article its JSON-LD is built from. */
export const JSON_LD_INPUTS = [
  'slug',
  'headline',
  'dek',
  'publishedAt',
  'updatedAt',
  'displayedUpdatedAt',
  'notes',
  'bylines',
  'heroImage',
  'section',
  'tags',
  'language',
] as const satisfies readonly ArticleDataField[]
export type JsonLdInput = Pick<ArticleData, (typeof JSON_LD_INPUTS)[number]>

/**
 * The article as a schema.org NewsArticle for search engines and link previews. Fields the
 * article lacks are left out rather than sent as null, which validators reject.
 */
export function toNewsArticleJsonLd(article: JsonLdInput, site: PublicSite): NewsArticleJsonLd {
  const url = articleUrl(site, article.slug)
  const authors = creditedAuthors(article.bylines).map(
    (c): Party => ({ '@type': c.kind === 'agency' ? 'Organization' : 'Person', name: c.name }),
  )
  const corrections = article.notes
    .filter((note) => note.kind === 'correction')
    .map((note) => ({
      '@type': 'CorrectionComment' as const,
      text: note.text,
      datePublished: note.displayedAt,
    }))
  return {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: article.headline,
    ...(article.dek ? { description: article.dek } : {}),
    ...(article.publishedAt ? { datePublished: article.publishedAt } : {}),
    dateModified: modifiedAt(article),
    ...(authors.length > 0 ? { author: authors } : {}),
    publisher: { '@type': 'Organization', name: site.name, url: site.url },
    ...(article.heroImage ? { image: [article.heroImage.url] } : {}),
    ...(article.section ? { articleSection: article.section.name } : {}),
    ...(article.tags.length > 0 ? { keywords: article.tags } : {}),
    inLanguage: article.language,
    mainEntityOfPage: { '@type': 'WebPage', '@id': url },
    url,
    ...(corrections.length > 0 ? { correction: corrections } : {}),
  }
}
