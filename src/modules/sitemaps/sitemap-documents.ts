import { Readable } from 'node:stream'
import {
  ErrorLevel,
  type IndexItem,
  type SitemapItemLoose,
  SitemapIndexStream,
  SitemapStream,
  streamToPromise,
} from 'sitemap'

/** The namespaces of the sitemaps protocol and of Google's news extension. */
const SITEMAP_NS = 'http://www.sitemaps.org/schemas/sitemap/0.9'
const NEWS_NS = 'http://www.google.com/schemas/sitemap-news/0.9'

/**
 * The `sitemap` library refuses to write a sitemap without URLs (sitemaps.org's schema asks for
 * one at least), but a news sitemap is empty whenever nothing was published in two days, and
 * crawlers that know its URL should get "nothing new" rather than an error.
 */
const EMPTY_NEWS_SITEMAP = `<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="${SITEMAP_NS}" xmlns:news="${NEWS_NS}"></urlset>`

// Items are built here from stored, validated values: one the library finds invalid is a bug,
// which must fail rather than be printed to the console and written anyway.
const LEVEL = ErrorLevel.THROW

/** Writes the items through the library's stream; piping lets other requests run between items. */
async function written(stream: SitemapStream | SitemapIndexStream, items: Iterable<unknown>) {
  const done = streamToPromise(stream)
  Readable.from(items).pipe(stream)
  return (await done).toString('utf8')
}

/** A sitemap index listing the given sitemaps. */
export function sitemapIndex(sitemaps: IndexItem[]): Promise<string> {
  return written(new SitemapIndexStream({ level: LEVEL }), sitemaps)
}

/** A sitemap of the given pages; with `news`, Google's news namespace is declared. */
export function urlSet(urls: SitemapItemLoose[], { news }: { news: boolean }): Promise<string> {
  if (urls.length === 0 && news) return Promise.resolve(EMPTY_NEWS_SITEMAP)
  const xmlns = { news, video: false, image: false, xhtml: false }
  return written(new SitemapStream({ level: LEVEL, xmlns }), urls)
}

/**
 * A story's language as Google News wants it: an ISO 639 code of two or three letters, but for
 * Chinese `zh-cn` (Simplified) or `zh-tw` (Traditional). Stories carry BCP 47 tags (`pt-BR`,
 * `zh-Hant`); a tag without such a code (a private use one) is `und`, "undetermined".
 * @see https://developers.google.com/search/docs/crawling-indexing/sitemaps/news-sitemap
 */
export function newsLanguage(tag: string): string {
  let locale: Intl.Locale
  try {
    locale = new Intl.Locale(tag)
  } catch {
    return 'und'
  }
  // `und` itself has no language subtag to read.
  const language = (locale.language || 'und').toLowerCase()
  if (language === 'zh') return locale.maximize().script === 'Hant' ? 'zh-tw' : 'zh-cn'
  return /^[a-z]{2,3}$/.test(language) ? language : 'und'
}
