import { notesHtml } from '../articles/formats/article-notes-html.js'
import { type Category, Feed, type Item } from 'feed'
import { articleUrl, type PublicSite } from '../../lib/public-site.js'
import {
  articleUri,
  creditedAuthors,
  modifiedAt,
} from '../articles/syndication/article-syndication.js'
import type { Article } from '../articles/articles.schemas.js'
import type { FeedFormat } from './feeds.schemas.js'

export interface FeedDocument {
  site: PublicSite
  title: string
  description: string
  /** This feed's URL in every format: `self` and alternate links. */
  links: Record<FeedFormat, string>
  articles: Article[]
  /** `updated` of an empty feed. */
  generatedAt: Date
}

// Categorization schemes (Atom `scheme`, RSS `domain`) telling sections from tags.
const SECTION_SCHEME = 'urn:newsroom-cms:section'
const TAG_SCHEME = 'urn:newsroom-cms:tag'
/** The scheme of the category that labels sponsored and partner content: `term` is the kind, `name` the disclosure. */
const SPONSORSHIP_SCHEME = 'urn:newsroom-cms:sponsorship'

/** XML 1.0 cannot carry most control characters, even escaped; they would make the feed unparseable. */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu
const xmlSafe = (text: string) => text.replace(NOT_XML, '')

/** For elements whose text is HTML (Atom `type="html"`, RSS `description`): plain text must not turn into markup. */
const htmlText = (text: string) =>
  xmlSafe(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

function categories(article: Article, text: (s: string) => string): Category[] {
  const category = (name: string, scheme: string, term = name) => ({
    name: text(name),
    term: text(term),
    scheme,
    domain: scheme,
  })
  const sponsorship = article.sponsorship
  return [
    ...(sponsorship
      ? [{ ...category(sponsorship.disclosure, SPONSORSHIP_SCHEME), term: sponsorship.kind }]
      : []),
    ...(article.section
      ? [category(article.section.name, SECTION_SCHEME, article.section.slug)]
      : []),
    ...article.tags.map((tag) => category(tag, TAG_SCHEME)),
  ]
}

/**
 * Atom categories carry their name in a `label` attribute, which the feed library writes without
 * escaping `<`: a sponsor's or a tag's name must not break the document.
 */
const atomLabel = (text: string) => xmlSafe(text).replace(/</g, '‹').replace(/>/g, '›')

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

/**
 * Feed readers show the summary or the content, rarely the categories: sponsored and partner
 * stories carry their disclosure in both, ahead of the text, besides the category.
 */
function disclosed(article: Article): { summary: string | null; contentHtml: string } {
  const disclosure = article.sponsorship?.disclosure
  if (!disclosure) return { summary: article.dek, contentHtml: article.bodyHtml }
  return {
    summary: article.dek ? `${disclosure}. ${article.dek}` : disclosure,
    contentHtml: `<p><strong>${escapeHtml(disclosure)}</strong></p>\n${article.bodyHtml}`,
  }
}

/**
 * RSS 2.0 `<author>` must be an e-mail address, so names go in `dc:creator` (the library declares
 * the dc namespace along with content:encoded, and a published story always has a body). JSON
 * authors are set by toJsonFeed11: feed 6's JSON writer fails on an empty author list.
 */
function authorFields(
  format: FeedFormat,
  authors: { name: string }[],
): Pick<Item, 'author' | 'extensions'> {
  if (authors.length === 0 || format === 'json') return {}
  if (format === 'atom') return { author: authors }
  // xml-js writes an array of elements as repeated elements.
  const creators = authors.map((a) => ({ _text: a.name })) as unknown as Record<string, unknown>
  return { extensions: [{ name: 'dc:creator', objects: creators }] }
}

function item(article: Article, format: FeedFormat, site: PublicSite): Item {
  const xml = format !== 'json'
  const text = xml ? xmlSafe : (s: string) => s
  const authors = creditedAuthors(article.bylines).map((c) => ({ name: text(c.name) }))
  const { summary, contentHtml } = disclosed(article)
  const dek = summary ? (xml ? htmlText(summary) : summary) : undefined
  return {
    id: articleUri(article),
    link: articleUrl(site, article.slug),
    title: format === 'atom' ? htmlText(article.headline) : text(article.headline),
    date: new Date(modifiedAt(article)),
    ...(article.publishedAt ? { published: new Date(article.publishedAt) } : {}),
    ...(dek ? { description: dek } : {}),
    // Corrections and updates travel with the story: after its body, as on the page.
    content: text(contentHtml + notesHtml(article.notes)),
    category: categories(article, format === 'atom' ? atomLabel : text),
    ...authorFields(format, authors),
    ...(format === 'json' && article.heroImage ? { image: article.heroImage.url } : {}),
  }
}

/** The language of every story, when they share one; feeds declare a single language. */
function commonLanguage(articles: Article[]): string | undefined {
  const languages = new Set(articles.map((a) => a.language))
  return languages.size === 1 ? [...languages][0] : undefined
}

type JsonFeedAuthor = { name?: string; url?: string }
type JsonFeedItem10 = Record<string, unknown> & { author?: JsonFeedAuthor }
type JsonFeed10 = { version: string; author?: JsonFeedAuthor; items: JsonFeedItem10[] }

/**
 * feed 6 writes JSON Feed 1.0. Version 1.1 replaced the single `author` with an `authors` array
 * (the library keeps only an item's first author) and added `language`; this sets them.
 * @see https://www.jsonfeed.org/version/1.1/
 */
function toJsonFeed11(json: string, doc: FeedDocument): string {
  const { version: _v10, author, items, ...feed } = JSON.parse(json) as JsonFeed10
  const language = commonLanguage(doc.articles)
  return JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1',
    ...feed,
    ...(language ? { language } : {}),
    ...(author ? { authors: [author] } : {}),
    items: items.map(({ author: _first, ...rest }, i) => {
      const article = doc.articles[i]
      if (!article) return rest
      const authors = creditedAuthors(article.bylines).map((c) => ({ name: c.name }))
      return { ...rest, ...(authors.length > 0 ? { authors } : {}), language: article.language }
    }),
  })
}

/** The feed as a document of the given format, built with the `feed` library. */
export function renderFeed(format: FeedFormat, doc: FeedDocument): string {
  const xml = format !== 'json'
  const newest = doc.articles
    .map((a) => Date.parse(modifiedAt(a)))
    .reduce((a, b) => Math.max(a, b), -Infinity)
  const language = commonLanguage(doc.articles)
  const feed = new Feed({
    id: doc.links[format],
    title: xml ? xmlSafe(doc.title) : doc.title,
    description: xml ? xmlSafe(doc.description) : doc.description,
    link: `${doc.site.url}/`,
    updated: Number.isFinite(newest) ? new Date(newest) : doc.generatedAt,
    generator: false,
    feedLinks: doc.links,
    author: { name: xml ? xmlSafe(doc.site.name) : doc.site.name, link: `${doc.site.url}/` },
    ...(language ? { language } : {}),
  })
  for (const article of doc.articles) feed.addItem(item(article, format, doc.site))
  if (format === 'rss') return feed.rss2()
  if (format === 'atom') return feed.atom1()
  return toJsonFeed11(feed.json1(), doc)
}
