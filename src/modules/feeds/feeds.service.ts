import type { PrismaClient } from '../../db/client.js'
import type { PublicSite } from '../../lib/public-site.js'
import { listableSql, selectListPage } from '../articles/store/article-reads.sql.js'
import {
  type ArticleRow,
  EVERY_DATA_FIELD,
  toArticleDto,
} from '../articles/store/article-mapper.js'
import { type FeedDocument, renderFeed } from './feed-documents.js'
import type { FeedFilter, FeedFormat } from './feeds.schemas.js'

/** How many stories a feed carries. */
export const FEED_LENGTH = 50

function describe(
  filter: FeedFilter,
  site: PublicSite,
): Pick<FeedDocument, 'title' | 'description'> {
  const names = [filter.section, filter.tag].filter(Boolean)
  const scope = [
    ...(filter.section ? [`in section “${filter.section}”`] : []),
    ...(filter.tag ? [`tagged “${filter.tag}”`] : []),
  ]
  return {
    title: names.length > 0 ? `${site.name}: ${names.join(', ')}` : site.name,
    description: [`The latest stories from ${site.name}`, scope.join(' and ')]
      .filter(Boolean)
      .join(' '),
  }
}

export interface FeedsDeps {
  prisma: PrismaClient
  now: () => Date
  site: PublicSite
}

export function createFeedsService({ prisma, now, site }: FeedsDeps) {
  return {
    /**
     * The latest stories an anonymous reader can see, newest first, as a feed document. One
     * statement (the stories with their credits) however many stories there are. The stories come
     * back too: the response depends on them and on their bylines.
     */
    async render(format: FeedFormat, filter: FeedFilter, links: FeedDocument['links']) {
      const at = now()
      const rows = (await selectListPage(
        prisma,
        EVERY_DATA_FIELD,
        listableSql({ keyed: false }, undefined, at),
        filter,
        { until: at, limit: FEED_LENGTH },
      )) as ArticleRow[]
      const articles = rows.map((row) => toArticleDto(row, at))
      return {
        body: renderFeed(format, {
          site,
          ...describe(filter, site),
          links,
          articles,
          generatedAt: at,
        }),
        articles,
      }
    },
  }
}
