import { articleUrl, type PublicSite } from '../../../lib/public-site.js'
import { creditedAuthors, modifiedAt } from '../syndication/article-syndication.js'
import type { ArticleData, ArticleDataField } from '../articles.schemas.js'

type Party = { '@type': 'Person' | 'Organization'; name: string }

/** @see https://schema.org/NewsArticle */
export type NewsArticleJsonLd = {
  '@context': 'https://schema.org'
  '@type': 'NewsArticle' | ['NewsArticle', 'AdvertiserContentArticle']
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
  sponsor?: { '@type': 'Organization'; name: string; url?: string }
  backstory?: string
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
  'sponsorship',
] as const satisfies readonly ArticleDataField[]
export type JsonLdInput = Pick<ArticleData, (typeof JSON_LD_INPUTS)[number]>

/**
 * Paid or partner content in schema.org terms: `sponsor` (a CreativeWork property: who supports
 * it "through a pledge, promise, or financial contribution") names the sponsor, and `backstory`
 * (an Article property from the Trust Project: why and how it was created) carries the
 * disclosure. Paid content is also an `AdvertiserContentArticle` ("an Article that an external
 * entity has paid to place or to produce"); partner content is not paid for, so it stays news.
 */
function sponsorshipJsonLd(sponsorship: JsonLdInput['sponsorship']) {
  if (!sponsorship) return {}
  const { sponsor, url, disclosure } = sponsorship
  return {
    sponsor: { '@type': 'Organization', name: sponsor, ...(url ? { url } : {}) },
    backstory: disclosure,
  } as const
}

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
    '@type':
      article.sponsorship?.kind === 'sponsored'
        ? ['NewsArticle', 'AdvertiserContentArticle']
        : 'NewsArticle',
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
    ...sponsorshipJsonLd(article.sponsorship),
    ...(corrections.length > 0 ? { correction: corrections } : {}),
  }
}
