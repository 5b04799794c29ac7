import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { NO_KEY } from '../../../plugins/auth.js'
import { z } from 'zod'
import { tagResponse } from '../../../plugins/response-tags.js'
import { IdOrSlugParams, problemResponses } from '../../../schemas/common.js'
import { articleKeys } from '../articles.http.js'
import { NinjsSchema, toCanceledNinjs, toNinjs } from '../formats/article-ninjs.js'
import { type ArticlesService, findArticle } from '../articles.service.js'
import { GoneError } from '../../../errors/app-error.js'
import { toArticleDto } from '../store/article-mapper.js'
import { syndicationViewerFor } from '../workflow/article-visibility.js'

const NinjsMovedSchema = z
  .object({ slug: z.string(), location: z.string() })
  .describe('The article now lives at `location`; the requested slug is an old one')

/** Exports of single stories for partners. Feeds of many stories live in modules/feeds. */
export const articleSyndicationRoutes: FastifyPluginAsyncZod<{
  articles: ArticlesService
}> = async (app, { articles }) => {
  app.get('/:idOrSlug/ninjs', {
    schema: {
      tags: ['Syndication'],
      security: NO_KEY,
      operationId: 'getArticleNinjs',
      summary: 'Export a published article as IPTC ninjs 2.1',
      description:
        'For partners and wire-style syndication. Published stories whose time has come; with a syndication (or editor) key also stories under embargo, marked with `embargoed` (their embargo end). Drafts, other scheduled and trashed stories are 404. A killed story answers with `pubstatus: canceled`, the kill notice in `ednote` and no body. An old slug answers 308 with the current URL in `Location`.',
      params: IdOrSlugParams,
      response: { 200: NinjsSchema, 308: NinjsMovedSchema, ...problemResponses(400, 401, 404) },
    },
    handler: async (request, reply) => {
      const found = await articles
        .get(request.params.idOrSlug, syndicationViewerFor(request.apiKey))
        .catch(async (err: unknown) => {
          if (!(err instanceof GoneError)) throw err
          // Partners learn of a kill at the same URL, an old slug's too: ninjs `canceled`, with the notice.
          const ref = request.params.idOrSlug
          const old = await app.prisma.articleSlugRedirect.findUnique({
            where: { slug: ref },
            select: { articleId: true },
          })
          const killed = await findArticle(app.prisma, old?.articleId ?? ref).catch(() => {
            throw err
          })
          return { killed: toArticleDto(killed, app.clock()), notice: err.message }
        })
      if ('killed' in found) {
        tagResponse(request, articleKeys([found.killed]))
        return toCanceledNinjs(found.killed, found.notice, app.publicSite)
      }
      if ('article' in found) {
        tagResponse(request, articleKeys([found.article]))
        return toNinjs(found.article, app.publicSite)
      }
      const location = `/v1/articles/${found.movedTo}/ninjs`
      return reply.code(308).header('location', location).send({ slug: found.movedTo, location })
    },
  })
}
