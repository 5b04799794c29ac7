import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { NO_KEY } from '../../plugins/auth.js'
import type { PublicSite } from '../../lib/public-site.js'
import { surrogateKey, tagResponse } from '../../plugins/response-tags.js'
import { articleKeys } from '../articles/articles.http.js'
import { problemResponses } from '../../schemas/common.js'
import {
  FEED_FORMATS,
  FEED_MEDIA_TYPES,
  type FeedFilter,
  type FeedFormat,
  FeedParams,
  FeedQuery,
  FeedResponse,
} from './feeds.schemas.js'
import { createFeedsService, FEED_LENGTH } from './feeds.service.js'

/**
 * This feed's absolute URL in each format, for `self` links and feed ids: under PUBLIC_SITE_URL,
 * never the Host (or X-Forwarded-Host) a client sent. A feed is cached by CDNs and kept by feed
 * readers, which follow its self link: one built from a forged Host would send them elsewhere.
 */
function feedLinks(site: PublicSite, filter: FeedFilter): Record<FeedFormat, string> {
  const given = Object.entries(filter).filter((e): e is [string, string] => Boolean(e[1]))
  const query = given.length > 0 ? `?${new URLSearchParams(given).toString()}` : ''
  const url = (format: FeedFormat) => `${site.url}/v1/feeds/${format}${query}`
  return Object.fromEntries(FEED_FORMATS.map((f) => [f, url(f)])) as Record<FeedFormat, string>
}

export const feedsRoutes: FastifyPluginAsyncZod = async (app) => {
  const feeds = createFeedsService({ prisma: app.prisma, now: app.clock, site: app.publicSite })

  app.get('/:format', {
    schema: {
      tags: ['Syndication'],
      security: NO_KEY,
      operationId: 'getFeed',
      summary: 'The latest stories as RSS 2.0, Atom or JSON Feed 1.1',
      description: `The ${FEED_LENGTH} latest published stories, newest first, optionally of one \`section\` and/or \`tag\` (an unknown one gives an empty feed). Items link to \`{PUBLIC_SITE_URL}/articles/{slug}\`; their id is \`urn:uuid:{article id}\`. The feed's self link is \`{PUBLIC_SITE_URL}/v1/feeds/{format}\`, whatever Host the request named. The same for every reader, key or not; cached like every public GET (see the API description).`,
      params: FeedParams,
      querystring: FeedQuery,
      response: { 200: FeedResponse, ...problemResponses(400, 401) },
    },
    handler: async (request, reply) => {
      const { format } = request.params
      const { section, tag } = request.query
      const { body, articles } = await feeds.render(
        format,
        request.query,
        feedLinks(app.publicSite, request.query),
      )
      tagResponse(request, [
        ...new Set([
          'feeds',
          'articles',
          ...(section ? [surrogateKey('section', section)] : []),
          ...(tag ? [surrogateKey('tag', tag)] : []),
          ...articleKeys(articles),
        ]),
      ])
      // Cache-Control, ETag and Surrogate-Key are set by cache/http-cache.ts, as for every public GET.
      return reply.type(`${FEED_MEDIA_TYPES[format]}; charset=utf-8`).send(body)
    },
  })
}
