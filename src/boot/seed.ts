import { ChangeFeed } from '../db/change-feed.js'
import type { PrismaClient } from '../db/client.js'
import { type Actor, systemActor } from '../modules/audit/audit-actor.js'
import { createArticlesService } from '../modules/articles/articles.service.js'
import { CreateArticleBody } from '../modules/articles/articles.schemas.js'
import { CreateBylineBody } from '../modules/bylines/bylines.schemas.js'
import { createBylinesService } from '../modules/bylines/bylines.service.js'
import { createSlotItemsService } from '../modules/slots/slot-items.js'
import { CreateSlotBody, ReplaceSlotItemsBody } from '../modules/slots/slots.schemas.js'
import { createSlotsService } from '../modules/slots/slots.service.js'
import { CreateSectionBody } from '../modules/sections/sections.schemas.js'
import { createSectionsService } from '../modules/sections/sections.service.js'
import { demoArticles, demoBylines, demoSections, demoSlots } from './demo-content.js'

const HOUR = 3_600_000

/** True when the database holds no articles, bylines or sections. */
export async function isContentEmpty(prisma: PrismaClient): Promise<boolean> {
  const [articles, bylines, sections] = await Promise.all([
    prisma.article.count(),
    prisma.byline.count(),
    prisma.section.count(),
  ])
  return articles === 0 && bylines === 0 && sections === 0
}

/**
 * Adds the demo bylines, stories and recommendation slots through the same services and
 * schemas as the API, so that derived fields (HTML, word counts) are computed, and item rules
 * checked, exactly as for real content.
 */
export async function seedDemoContent(prisma: PrismaClient, now: () => Date = () => new Date()) {
  // Announces its writes like the API does, so that running servers drop what they cached.
  const changes = new ChangeFeed(prisma, { clock: now })
  const bylines = createBylinesService({ prisma, changes })
  const articles = createArticlesService({ prisma, changes, now })
  const actor = systemActor('demo seed')
  const sections = createSectionsService({ prisma, changes })
  for (const section of demoSections) await sections.create(CreateSectionBody.parse(section), actor)
  for (const byline of demoBylines) await bylines.create(CreateBylineBody.parse(byline), actor)
  for (const { publishedHoursAgo, ...article } of demoArticles) {
    const publishedAt = new Date(now().getTime() - publishedHoursAgo * HOUR).toISOString()
    await articles.create(
      CreateArticleBody.parse({ ...article, status: 'published', publishedAt }),
      actor,
    )
  }
  await seedDemoSlots(prisma, changes, actor)
  return {
    sections: demoSections.length,
    bylines: demoBylines.length,
    articles: demoArticles.length,
    slots: demoSlots.length,
  }
}

async function seedDemoSlots(prisma: PrismaClient, changes: ChangeFeed, actor: Actor) {
  const slots = createSlotsService({ prisma, changes })
  const slotItems = createSlotItemsService({ prisma, changes })
  for (const { items, articleItems = {}, ...slot } of demoSlots) {
    await slots.create(CreateSlotBody.parse(slot), actor)
    await slotItems.replaceDefaults(slot.key, ReplaceSlotItemsBody.parse({ items }).items, actor)
    for (const [article, list] of Object.entries(articleItems)) {
      await slotItems.replaceForArticle(
        article,
        slot.key,
        ReplaceSlotItemsBody.parse({ items: list }).items,
        actor,
      )
    }
  }
}
