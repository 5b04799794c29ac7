import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { PrismaClient } from '../../db/client.js'
import { NotFoundError } from '../../errors/app-error.js'
import { assertNotGone } from './workflow/article-kill.js'
import { isUuid } from '../../lib/id-or-slug.js'
import { type Viewer, visibleWhere } from './workflow/article-visibility.js'

export const ArticleMovedSchema = z.object({ slug: z.string(), location: z.string() }).meta({
  id: 'ArticleMoved',
  description: 'The article now lives at `location`; the requested slug is an old one',
})

/**
 * The current slug of the article that used to live at `ref`, when `ref` is an old slug of an
 * article this viewer may see; otherwise null.
 */
export async function movedSlug(
  prisma: PrismaClient,
  ref: string,
  viewer: Viewer,
  now: Date,
): Promise<string | null> {
  if (isUuid(ref)) return null
  const moved = await prisma.articleSlugRedirect.findUnique({
    where: { slug: ref },
    select: { article: { select: { slug: true, id: true } } },
  })
  if (!moved) return null
  const visible = await prisma.article.count({
    where: { AND: [{ id: moved.article.id }, visibleWhere(viewer, now)] },
  })
  return visible > 0 ? moved.article.slug : null
}

const PREFIX = '/v1/articles/'

/** `url` (path and query of a request under /v1/articles/{ref}…) with the article segment replaced. */
export function movedLocation(url: string, slug: string): string {
  if (!url.startsWith(PREFIX)) return url
  const rest = url.slice(PREFIX.length)
  const end = rest.search(/[/?]/)
  return `${PREFIX}${slug}${end < 0 ? '' : rest.slice(end)}`
}

/**
 * Old slugs keep working on every route of this plugin under /v1/articles/{param}/…: a 404 for
 * an article named by an old slug becomes a 308 to the same URL at the current slug, query
 * string included. Any method: a 308 keeps the method and the body, so a client that follows it
 * repeats a write at the new URL. A read of a killed story's URL is its 410. Looked up only after
 * a 404, so the hot paths pay nothing.
 * Every other error goes on to the app's error handler.
 */
export function redirectOldArticleSlugs(app: FastifyInstance, param = 'idOrSlug'): void {
  app.setErrorHandler(async (error, request, reply) => {
    const ref = (request.params as Record<string, string | undefined>)[param]
    if (error instanceof NotFoundError && error.resource === 'article' && error.ref === ref) {
      const viewer = { keyed: request.apiKey !== null }
      const slug = await movedSlug(app.prisma, ref, viewer, app.clock())
      if (slug) {
        const location = movedLocation(request.url, slug)
        return reply.code(308).header('location', location).send({ slug, location })
      }
      // A killed story is gone at every URL it had, its sub-resources (recommendations) too.
      if (request.method === 'GET' || request.method === 'HEAD')
        await assertNotGone(app.prisma, ref)
    }
    throw error
  })
}
