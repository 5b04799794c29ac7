import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { versionETag, versionFromIfMatch } from '../../lib/etag.js'
import { KEY_OPTIONAL, KEY_REQUIRED, requireRole } from '../../plugins/auth.js'
import { actorOf } from '../audit/audit-actor.js'
import { surrogateKey, tagResponse } from '../../plugins/response-tags.js'
import { IdOrSlugParams, IfMatchHeaders, problemResponses } from '../../schemas/common.js'
import { createdResponse, storeCreated } from '../../plugins/idempotency.js'
import { IdempotencyKeyHeaders } from '../../schemas/idempotency.js'
import { createArticlesService } from '../articles/articles.service.js'
import { latestOfSection } from './section-articles.js'
import {
  CreateSectionBody,
  ListSectionsQuery,
  SectionListSchema,
  SectionMovedSchema,
  SectionQuery,
  SectionSchema,
  SectionWithArticlesSchema,
  UpdateSectionBody,
} from './sections.schemas.js'
import { createSectionsService } from './sections.service.js'

export const sectionsRoutes: FastifyPluginAsyncZod = async (app) => {
  const deps = { prisma: app.prisma, changes: app.changes, now: app.clock }
  const sections = createSectionsService(deps)
  const articles = createArticlesService(deps)
  // Chiefs and admins: sections and tag names are the site's navigation. Checked before the body is read.
  const chiefOnly = requireRole('chief')
  const tags = ['Sections']

  app.post('/', {
    onRequest: chiefOnly,
    config: { idempotent: true },
    schema: {
      tags,
      security: KEY_REQUIRED,
      operationId: 'createSection',
      summary: 'Create a section',
      headers: IdempotencyKeyHeaders,
      body: CreateSectionBody,
      response: { 201: SectionSchema, ...problemResponses(400, 401, 403, 409, 413, 415, 422) },
    },
    handler: async (request, reply) => {
      const section = await sections.create(request.body, actorOf(request), storeCreated(request))
      const { status, headers, body } = createdResponse(section)
      return reply.code(status).headers(headers).send(body)
    },
  })

  app.get('/', {
    schema: {
      tags,
      security: KEY_OPTIONAL,
      operationId: 'listSections',
      summary: 'List every section, by position',
      description: 'Ordered by `position`, then name; `parent` gives the tree. Not paginated.',
      querystring: ListSectionsQuery,
      response: { 200: SectionListSchema, ...problemResponses(400, 401) },
    },
    handler: async (request) => {
      const list = await sections.list()
      tagResponse(request, ['sections'])
      return list
    },
  })

  app.get('/:idOrSlug', {
    schema: {
      tags,
      security: KEY_OPTIONAL,
      operationId: 'getSection',
      summary: 'Get a section by id or slug, optionally with its latest stories',
      description:
        'An old slug answers 308 with the current URL, query string included, in `Location`. `include=articles` embeds the latest published stories of the section (`limit` of them), so that a section page needs one request.',
      params: IdOrSlugParams,
      querystring: SectionQuery,
      response: {
        200: SectionWithArticlesSchema,
        308: SectionMovedSchema,
        ...problemResponses(400, 401, 404),
      },
    },
    handler: async (request, reply) => {
      const found = await sections.get(request.params.idOrSlug)
      if ('movedTo' in found) {
        const query = request.url.indexOf('?')
        const location = `/v1/sections/${found.movedTo}${query < 0 ? '' : request.url.slice(query)}`
        return reply.code(308).header('location', location).send({ slug: found.movedTo, location })
      }
      const { section } = found
      tagResponse(request, [
        surrogateKey('section', section.id),
        ...(section.parent ? [surrogateKey('section', section.parent.slug)] : []),
      ])
      reply.header('etag', versionETag(section.version))
      if (request.query.include !== 'articles') return section
      const list = await latestOfSection(articles, section.slug, request.query.limit)
      tagResponse(request, list.keys)
      return { ...section, articles: list.articles }
    },
  })

  app.patch('/:idOrSlug', {
    onRequest: chiefOnly,
    schema: {
      tags,
      security: KEY_REQUIRED,
      operationId: 'updateSection',
      summary: 'Change some fields of a section (rename, move, describe)',
      description:
        'Fields left out are kept; `null` clears an optional field. A new `slug` keeps the old one answering 308 (the section and `GET /v1/articles?section=`); stories follow the section by themselves. `If-Match` is honoured when sent (412 when stale).',
      params: IdOrSlugParams,
      headers: IfMatchHeaders,
      body: UpdateSectionBody,
      response: {
        200: SectionSchema,
        ...problemResponses(400, 401, 403, 404, 409, 412, 413, 415, 422),
      },
    },
    handler: async (request, reply) => {
      const expected = versionFromIfMatch(request.headers['if-match'])
      const section = await sections.update(
        request.params.idOrSlug,
        request.body,
        expected,
        actorOf(request),
      )
      return reply.header('etag', versionETag(section.version)).send(section)
    },
  })

  app.delete('/:idOrSlug', {
    onRequest: chiefOnly,
    schema: {
      tags,
      security: KEY_REQUIRED,
      operationId: 'deleteSection',
      summary: 'Delete a section',
      description:
        'Refused with 409 (with `articleCount`) while an article, trashed ones included, is in it, and while it has sub-sections. `If-Match` is honoured when sent.',
      params: IdOrSlugParams,
      headers: IfMatchHeaders,
      response: {
        204: z.null().describe('Deleted'),
        ...problemResponses(400, 401, 403, 404, 409, 412),
      },
    },
    handler: async (request, reply) => {
      const expected = versionFromIfMatch(request.headers['if-match'])
      await sections.remove(request.params.idOrSlug, expected, actorOf(request))
      return reply.code(204).send(null)
    },
  })
}
