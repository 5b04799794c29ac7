import type { FastifyReply, FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { AppError } from '../../errors/app-error.js'
import { expireResponseAt, tagResponse } from '../../plugins/response-tags.js'
import { problemResponses } from '../../schemas/common.js'
import { URLS_PER_SITEMAP } from './sitemap-parts.js'
import { ArticleSitemapParams, SITEMAP_MEDIA_TYPE, sitemapResponse } from './sitemaps.schemas.js'
import { createSitemapsService, NEWS_SITEMAP_LENGTH } from './sitemaps.service.js'

/**
 * A sitemap shows public stories only: every article write reports `articles`, which purges it,
 * and the response cache's schedule expires it when a scheduled story goes live.
 */
const SITEMAP_KEYS = ['sitemaps', 'articles']

const common = {
  tags: ['Syndication'],
  security: [],
} as const

function sendSitemap(request: FastifyRequest, reply: FastifyReply, body: string) {
  tagResponse(request, SITEMAP_KEYS)
  // Cache-Control, ETag and Surrogate-Key are set by cache/http-cache.ts, as for every public GET.
  return reply.type(`${SITEMAP_MEDIA_TYPE}; charset=utf-8`).send(body)
}

/**
 * The sitemaps, at the root rather than under /v1: the public site proxies `/sitemap.xml` and
 * `/sitemaps/…` to these unchanged, and every URL in them is under PUBLIC_SITE_URL.
 */
export const sitemapsRoutes: FastifyPluginAsyncZod = async (app) => {
  const sitemaps = createSitemapsService({
    prisma: app.prisma,
    now: app.clock,
    site: app.publicSite,
  })

  app.get('/sitemap.xml', {
    schema: {
      ...common,
      operationId: 'getSitemapIndex',
      summary: 'The sitemap index: the news sitemap and one article sitemap per month',
      description: `Lists \`{PUBLIC_SITE_URL}/sitemaps/news.xml\` and, newest month first, \`{PUBLIC_SITE_URL}/sitemaps/articles-{YYYY-MM}.xml\` for every month (UTC) in which public stories were published, with the latest change of its stories as \`lastmod\`; a month of more than ${URLS_PER_SITEMAP.toLocaleString('en')} stories is split into \`articles-{YYYY-MM}-2.xml\` and so on. Reference it from the public site's robots.txt.`,
      response: {
        200: sitemapResponse('A sitemaps.org sitemap index', 'A sitemap index document'),
        ...problemResponses(400, 401),
      },
    },
    handler: async (request, reply) => sendSitemap(request, reply, await sitemaps.index()),
  })

  app.get('/sitemaps/news.xml', {
    schema: {
      ...common,
      operationId: 'getNewsSitemap',
      summary: 'A Google News sitemap of the stories published in the last 48 hours',
      description: `Up to ${NEWS_SITEMAP_LENGTH.toLocaleString('en')} public stories published in the last 48 hours, newest first, each with \`news:publication\` (PUBLIC_SITE_NAME and the story's language: its ISO 639 code, or \`zh-cn\` / \`zh-tw\`), \`news:publication_date\` and \`news:title\` (the headline). Without such stories it is a sitemap without URLs.`,
      response: {
        200: sitemapResponse(
          'A sitemaps.org sitemap with Google News tags',
          'A sitemap document with the news namespace',
        ),
        ...problemResponses(400, 401),
      },
    },
    handler: async (request, reply) => {
      const { body, changesAt } = await sitemaps.news()
      // A story leaves the window 48 hours after its publication, announced by no write.
      if (changesAt) expireResponseAt(request, changesAt)
      return sendSitemap(request, reply, body)
    },
  })

  app.get('/sitemaps/articles-:period.xml', {
    schema: {
      ...common,
      operationId: 'getArticleSitemap',
      summary: 'The public stories published in one month',
      description: `\`{PUBLIC_SITE_URL}/articles/{slug}\` of every public story published in the month (UTC), oldest first, with its last change as \`lastmod\`; at most ${URLS_PER_SITEMAP.toLocaleString('en')} per sitemap, the rest in the next part. 404 for a month (or part) without public stories.`,
      params: ArticleSitemapParams,
      response: {
        200: sitemapResponse('A sitemaps.org sitemap', 'A sitemap document'),
        ...problemResponses(400, 401, 404),
      },
    },
    handler: async (request, reply) => {
      const { period } = request.params
      const body = await sitemaps.articles(period)
      if (body === null)
        throw new AppError(
          404,
          'not-found',
          'Not found',
          `No sitemap articles-${period}.xml: no public story is in it.`,
        )
      return sendSitemap(request, reply, body)
    },
  })
}
