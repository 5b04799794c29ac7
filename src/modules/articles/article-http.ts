import type { FastifyReply, FastifyRequest } from 'fastify'
import { versionETag } from '../../lib/etag.js'
import { toNewsArticleJsonLd } from './article-json-ld.js'
import type { Viewer } from './article-visibility.js'
import type { Article } from './articles.schemas.js'
import { lintArticle } from './editorial-lint.js'

export const viewerOf = (request: FastifyRequest): Viewer => ({ keyed: request.apiKey !== null })

export function warningsOf(article: Article) {
  return lintArticle({ ...article, bylineCount: article.bylines.length })
}

/** Sends an article with its ETag and JSON-LD, and with editorial lint when the reader is an editor. */
export function sendArticle(request: FastifyRequest, reply: FastifyReply, article: Article, status = 200) {
  const jsonLd = toNewsArticleJsonLd(article, request.server.publicSite)
  const body = request.apiKey ? { ...article, jsonLd, warnings: warningsOf(article) } : { ...article, jsonLd }
  return reply.code(status).header('etag', versionETag(article.version)).send(body)
}

