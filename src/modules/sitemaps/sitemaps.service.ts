import type { IndexItem, SitemapItemLoose } from 'sitemap'
import type { PrismaClient } from '../../db/client.js'
import { articleUrl, type PublicSite } from '../../lib/public-site.js'
import { newsLanguage, sitemapIndex, urlSet } from './sitemap-documents.js'
import { type ArticleSitemap, articleSitemaps, periodOf, periodRange } from './sitemap-parts.js'
import { monthSummaries, storiesPublishedIn, storiesPublishedAfter } from './sitemaps.sql.js'

/** Google News reads stories of the last two days, at most 1,000 of them per sitemap. */
export const NEWS_WINDOW_MS = 48 * 60 * 60 * 1000
export const NEWS_SITEMAP_LENGTH = 1000

/** Where a sitemap lives on the public site, whose `/sitemap.xml` and `/sitemaps/…` serve these. */
export const sitemapUrl = (site: PublicSite, name: string) => `${site.url}/sitemaps/${name}.xml`

export interface SitemapsDeps {
  prisma: PrismaClient
  now: () => Date
  site: PublicSite
}

export function createSitemapsService({ prisma, now, site }: SitemapsDeps) {
  const articleSitemapUrl = (sitemap: ArticleSitemap) =>
    sitemapUrl(site, `articles-${periodOf(sitemap)}`)

  return {
    /**
     * The sitemap index: the news sitemap, then the article sitemaps of every month with public
     * stories, newest first. One grouped statement, however large the archive.
     */
    async index(): Promise<string> {
      const months = await monthSummaries(prisma, now())
      const items: IndexItem[] = [
        { url: sitemapUrl(site, 'news') },
        ...articleSitemaps(months).map((sitemap) => ({
          url: articleSitemapUrl(sitemap),
          lastmod: sitemap.lastModified.toISOString(),
        })),
      ]
      return sitemapIndex(items)
    },

    /**
     * The article sitemap of a period (`2026-12`, `2026-12-2`…): the public stories published
     * that month, oldest first, one part of them. Null when it lists nothing: not in the index.
     */
    async articles(period: string): Promise<string | null> {
      const range = periodRange(period)
      if (!range) return null
      const stories = await storiesPublishedIn(prisma, now(), range)
      if (stories.length === 0) return null
      const urls: SitemapItemLoose[] = stories.map((story) => ({
        url: articleUrl(site, story.slug),
        lastmod: story.lastModified.toISOString(),
      }))
      return urlSet(urls, { news: false })
    },

    /**
     * The Google News sitemap: public stories published in the last 48 hours, newest first, and
     * when the oldest of them leaves the window (the answer changes then without a write).
     */
    async news(): Promise<{ body: string; changesAt: Date | null }> {
      const at = now()
      const windowStart = new Date(at.getTime() - NEWS_WINDOW_MS)
      const stories = await storiesPublishedAfter(prisma, at, windowStart, NEWS_SITEMAP_LENGTH)
      const urls: SitemapItemLoose[] = stories.map((story) => ({
        url: articleUrl(site, story.slug),
        lastmod: story.lastModified.toISOString(),
        news: {
          publication: { name: site.name, language: newsLanguage(story.language) },
          publication_date: story.publishedAt.toISOString(),
          title: story.headline,
        },
      }))
      const oldest = stories.at(-1)
      return {
        body: await urlSet(urls, { news: true }),
        changesAt: oldest ? new Date(oldest.publishedAt.getTime() + NEWS_WINDOW_MS) : null,
      }
    },
  }
}
