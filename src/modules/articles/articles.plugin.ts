import type { FastifyPluginAsync } from 'fastify'
// Schemas join the OpenAPI components in the order their modules load: these imports keep openapi.yaml's order.
import { articleRevisionsRoutes } from './revisions/article-revisions.routes.js'
import { articleSyndicationRoutes } from './syndication/article-syndication.routes.js'
import { articleWorkflowRoutes } from './workflow/article-workflow.routes.js'
import { articleNotesRoutes } from './notes/article-notes.routes.js'
import { articlePendingRoutes } from './pending/article-pending.routes.js'
import { articlesRoutes } from './articles.routes.js'
import { createArticlesService } from './articles.service.js'
import { createArticleRevisionsService } from './revisions/article-revisions.service.js'
import { nextPublication } from './store/article-schedule.js'
import { createArticleWorkflowService } from './workflow/article-workflow.service.js'
import { redirectOldArticleSlugs } from './article-slug-redirects.js'
import { createArticleNotesService } from './notes/article-notes.service.js'
import { createArticlePendingService } from './pending/article-pending.service.js'

/**
 * The articles module: builds its services once and registers every article route with them
 * (CRUD, workflow, revisions, notes, staged edits, syndication), under the prefix the app gives it.
 */
export const articlesPlugin: FastifyPluginAsync = async (app) => {
  const deps = { prisma: app.prisma, changes: app.changes, now: app.clock }
  const articles = createArticlesService(deps)
  const workflow = createArticleWorkflowService(deps)
  const revisions = createArticleRevisionsService(deps)
  const notes = createArticleNotesService(deps)
  const pending = createArticlePendingService(deps)
  // A scheduled story goes live without a write: caches must know when.
  app.schedule.register((after) => nextPublication(app.prisma, after))
  // Before the routes: an error handler applies to the routes registered after it.
  redirectOldArticleSlugs(app)
  await app.register(articlesRoutes, { articles })
  await app.register(articleWorkflowRoutes, { articles, workflow })
  await app.register(articleRevisionsRoutes, { revisions })
  await app.register(articleNotesRoutes, { notes })
  await app.register(articlePendingRoutes, { pending })
  await app.register(articleSyndicationRoutes, { articles })
}
