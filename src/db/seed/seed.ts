import type { PrismaClient } from '../client.js'
import { createArticlesService } from '../../modules/articles/articles.service.js'
import { CreateArticleBody } from '../../modules/articles/articles.schemas.js'
import { CreateBylineBody } from '../../modules/bylines/bylines.schemas.js'
import { createBylinesService } from '../../modules/bylines/bylines.service.js'
import { demoArticles, demoBylines } from './demo-content.js'

const HOUR = 3_600_000

/** True when the database holds no articles and no bylines. */
export async function isContentEmpty(prisma: PrismaClient): Promise<boolean> {
  const [articles, bylines] = await Promise.all([prisma.article.count(), prisma.byline.count()])
  return articles === 0 && bylines === 0
}

/**
 * Adds the demo bylines and stories through the same services and schemas as the API, so
 * that derived fields (HTML, word counts) are computed exactly as for real content.
 */
export async function seedDemoContent(prisma: PrismaClient, now: () => Date = () => new Date()) {
  const bylines = createBylinesService({ prisma })
  const articles = createArticlesService({ prisma, now })
  for (const byline of demoBylines) await bylines.create(CreateBylineBody.parse(byline))
  for (const { publishedHoursAgo, ...article } of demoArticles) {
    const publishedAt = new Date(now().getTime() - publishedHoursAgo * HOUR).toISOString()
    await articles.create(CreateArticleBody.parse({ ...article, status: 'published', publishedAt }))
  }
  return { bylines: demoBylines.length, articles: demoArticles.length }
}
