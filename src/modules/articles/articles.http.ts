import type { FastifyReply, FastifyRequest } from 'fastify'
import { versionETag } from '../../lib/etag.js'
import { omitFields } from '../../lib/fields.js'
import { surrogateKey, tagResponse } from '../../plugins/response-tags.js'
import { JSON_LD_INPUTS, type JsonLdInput, toNewsArticleJsonLd } from './formats/article-json-ld.js'
import { type Viewer, viewerFor } from './workflow/article-visibility.js'
import type { ArticleFieldValues } from './store/article-mapper.js'
import {
  ARTICLE_DATA_FIELDS,
  ARTICLE_FIELDS,
  type ArticleData,
  type ArticleDataField,
  type ArticleField,
  type ListArticlesQuery,
} from './articles.schemas.js'
import { lintArticle } from './formats/article-editorial-lint.js'

export const viewerOf = (request: FastifyRequest): Viewer => viewerFor(request.apiKey)

/** The fields of an article its editorial lint reads. */
const LINT_INPUTS = [
  'headline',
  'dek',
  'body',
  'creditLine',
  'heroImage',
  'bylines',
] as const satisfies readonly ArticleDataField[]
type LintedFields = Pick<ArticleData, (typeof LINT_INPUTS)[number]>

export function warningsOf(article: LintedFields) {
  return lintArticle({ ...article, bylineCount: article.bylines.length })
}

export const EVERY_FIELD: ReadonlySet<ArticleField> = new Set(ARTICLE_FIELDS)
/** A list item without `fields`: everything but the body, which `include=body` adds. */
const LIST_ITEM_DEFAULT = ARTICLE_DATA_FIELDS.filter(
  (field) => field !== 'body' && field !== 'bodyHtml',
)

/** The fields list items show: the chosen ones or the default, with the body for `include=body`. */
export function listItemFields({
  fields,
  include,
}: Pick<ListArticlesQuery, 'fields' | 'include'>): ReadonlySet<ArticleField> {
  const shown = new Set<ArticleField>(fields ?? LIST_ITEM_DEFAULT)
  if (include === 'body') shown.add('body').add('bodyHtml')
  return shown
}

/**
 * What a field needs built besides itself: `jsonLd` and `warnings` are computed when the article
 * is sent, and `bylineText` needs the bylines it names for the response's surrogate keys.
 */
const INPUTS: Partial<Record<ArticleField, readonly ArticleDataField[]>> = {
  bylineText: ['bylines'],
  jsonLd: JSON_LD_INPUTS,
  warnings: LINT_INPUTS,
}
const DATA_FIELDS: ReadonlySet<string> = new Set(ARTICLE_DATA_FIELDS)

/**
 * The fields to read and build for a response showing `shown`: those, what the computed ones
 * among them are built from, and `id` and `version` (the ETag). `warnings` only for keys.
 */
export function fieldsToBuild(
  shown: ReadonlySet<ArticleField>,
  viewer: Viewer,
): ReadonlySet<ArticleDataField> {
  const build = new Set<ArticleDataField>(['id', 'version'])
  for (const field of shown) {
    if (field === 'warnings' && !viewer.keyed) continue
    if (DATA_FIELDS.has(field)) build.add(field as ArticleDataField)
    for (const input of INPUTS[field] ?? []) build.add(input)
  }
  return build
}

/** The built fields a response leaves out: those built only for others, and the version unless shown. */
export function hiddenFields(built: Iterable<string>, shown: ReadonlySet<ArticleField>) {
  const hidden = [...built].filter(
    (field) => field !== 'id' && DATA_FIELDS.has(field) && !shown.has(field as ArticleField),
  )
  return hidden as Exclude<ArticleDataField, 'id'>[]
}

/**
 * The surrogate keys of a response showing these articles: each article, every byline it
 * credits and its section (whose name it shows), once each.
 */
export function articleKeys(
  articles: readonly Pick<ArticleFieldValues, 'id' | 'bylines' | 'section'>[],
): string[] {
  return [
    ...new Set([
      ...articles.map((a) => surrogateKey('article', a.id)),
      ...articles.flatMap((a) => (a.bylines ?? []).map((b) => surrogateKey('byline', b.id))),
      ...articles.flatMap((a) => (a.section ? [surrogateKey('section', a.section.slug)] : [])),
    ]),
  ]
}

/**
 * Sends an article with its version ETag, its JSON-LD and, when the reader is an editor, its
 * editorial lint: each only when among the `shown` fields (all of them by default). Anonymous
 * GETs get a content ETag instead (see cache/http-cache.ts).
 */
export function sendArticle(
  request: FastifyRequest,
  reply: FastifyReply,
  article: ArticleFieldValues,
  status = 200,
  shown: ReadonlySet<ArticleField> = EVERY_FIELD,
) {
  tagResponse(request, articleKeys([article]))
  return reply
    .code(status)
    .header('etag', versionETag(article.version))
    .send(articleBody(request, article, shown))
}

/** The body sendArticle sends for `article`. */
export function articleBody(
  request: FastifyRequest,
  article: ArticleFieldValues,
  shown: ReadonlySet<ArticleField> = EVERY_FIELD,
) {
  // fieldsToBuild built what these are computed from.
  const jsonLd = shown.has('jsonLd')
    ? { jsonLd: toNewsArticleJsonLd(article as JsonLdInput, request.server.publicSite) }
    : {}
  const warnings =
    request.apiKey && shown.has('warnings') ? { warnings: warningsOf(article as LintedFields) } : {}
  return {
    ...omitFields(article, hiddenFields(Object.keys(article), shown)),
    ...jsonLd,
    ...warnings,
  }
}
