import type { FastifyReply, FastifyRequest } from 'fastify'
import { versionETag } from '../../lib/etag.js'
import { surrogateKey, tagResponse } from '../../plugins/http-cache.js'
import { toNewsArticleJsonLd } from './article-json-ld.js'
import type { Viewer } from './article-visibility.js'
import type { Article } from './articles.schemas.js'
import { lintArticle } from './editorial-lint.js'

export const viewerOf = (request: FastifyRequest): Viewer => ({ keyed: request.apiKey !== null })

export function warningsOf(article: Article) {
  return lintArticle({ ...article, bylineCount: article.bylines.length })
}

/** The surrogate keys of a response showing these articles: each article and every byline it credits. */
export function articleKeys(articles: readonly Pick<Article, 'id' | 'bylines'>[]): string[] {
  return [
    ...articles.map((a) => surrogateKey('article', a.id)),
    ...articles.flatMap((a) => a.bylines.map((b) => surrogateKey('byline', b.id))),
  ]
}

/**
 * Sends an article with its version ETag and JSON-LD, and with editorial lint when the reader is
 * an editor. Anonymous GETs get a content ETag instead (see plugins/http-cache.ts).
 */
export function sendArticle(request: FastifyRequest, reply: FastifyReply, article: Article, status = 200) {
  tagResponse(request, articleKeys([article]))
  const jsonLd = toNewsArticleJsonLd(article, request.server.publicSite)
  const body = request.apiKey ? { ...article, jsonLd, warnings: warningsOf(article) } : { ...article, jsonLd }
  return reply.code(status).header('etag', versionETag(article.version)).send(body)
}

