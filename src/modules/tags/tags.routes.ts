import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { versionETag, versionFromIfMatch } from '../../lib/etag.js'
import { KEY_OPTIONAL, KEY_REQUIRED, requireRole } from '../../plugins/auth.js'
import { actorOf } from '../audit/audit-actor.js'
import { surrogateKey, tagResponse } from '../../plugins/response-tags.js'
import { IdOrSlugParams, IfMatchHeaders, problemResponses } from '../../schemas/common.js'
import {
  ListTagsQuery,
  MergeTagBody,
  TagListSchema,
  TagMovedSchema,
  TagSchema,
  UpdateTagBody,
} from './tags.schemas.js'
import { createTagsService } from './tags.service.js'

export const tagsRoutes: FastifyPluginAsyncZod = async (app) => {
  const tagsService = createTagsService({
    prisma: app.prisma,
    changes: app.changes,
    now: app.clock,
  })
  // Chiefs and admins: sections and tag names are the site's navigation. Checked before the body is read.
  const chiefOnly = requireRole('chief')
  const tags = ['Tags']

  app.get('/', {
    schema: {
      tags,
      security: KEY_OPTIONAL,
      operationId: 'listTags',
      summary: 'List tags, by name',
      description:
        'Tags are created the first time an article uses them (`tags` of POST or PATCH /v1/articles).',
      querystring: ListTagsQuery,
      response: { 200: TagListSchema, ...problemResponses(400, 401) },
    },
    handler: async (request) => {
      const list = await tagsService.list(request.query)
      tagResponse(request, ['tags', ...list.items.map((t) => surrogateKey('tag', t.id))])
      return list
    },
  })

  app.get('/:idOrSlug', {
    schema: {
      tags,
      security: KEY_OPTIONAL,
      operationId: 'getTag',
      summary: 'Get a tag by id or slug',
      description:
        'An old slug (renamed, or merged into another tag) answers 308 with the current URL in `Location`.',
      params: IdOrSlugParams,
      response: { 200: TagSchema, 308: TagMovedSchema, ...problemResponses(401, 404) },
    },
    handler: async (request, reply) => {
      const found = await tagsService.get(request.params.idOrSlug)
      if ('movedTo' in found) {
        const location = `/v1/tags/${found.movedTo}`
        return reply.code(308).header('location', location).send({ slug: found.movedTo, location })
      }
      tagResponse(request, [surrogateKey('tag', found.tag.id)])
      return reply.header('etag', versionETag(found.tag.version)).send(found.tag)
    },
  })

  app.patch('/:idOrSlug', {
    onRequest: chiefOnly,
    schema: {
      tags,
      security: KEY_REQUIRED,
      operationId: 'updateTag',
      summary: 'Rename a tag or describe it',
      description:
        "A new `slug` is written into every article listing the tag, and the old one keeps answering 308 (here and in `GET /v1/articles?tag=`). The articles' versions stay as they are; their `updatedAt` moves. `If-Match` is honoured when sent.",
      params: IdOrSlugParams,
      headers: IfMatchHeaders,
      body: UpdateTagBody,
      response: { 200: TagSchema, ...problemResponses(400, 401, 403, 404, 409, 412, 413, 415) },
    },
    handler: async (request, reply) => {
      const expected = versionFromIfMatch(request.headers['if-match'])
      const tag = await tagsService.update(
        request.params.idOrSlug,
        request.body,
        expected,
        actorOf(request),
      )
      return reply.header('etag', versionETag(tag.version)).send(tag)
    },
  })

  app.post('/:idOrSlug/merge', {
    onRequest: chiefOnly,
    schema: {
      tags,
      security: KEY_REQUIRED,
      operationId: 'mergeTag',
      summary: 'Merge a tag into another one',
      description:
        'Every article listing this tag lists `into` instead (once); this tag is deleted and its slug answers 308 to `into`. Answers the remaining tag.',
      params: IdOrSlugParams,
      body: MergeTagBody,
      response: { 200: TagSchema, ...problemResponses(400, 401, 403, 404, 413, 415, 422) },
    },
    handler: async (request, reply) => {
      const tag = await tagsService.merge(
        request.params.idOrSlug,
        request.body.into,
        actorOf(request),
      )
      return reply.header('etag', versionETag(tag.version)).send(tag)
    },
  })
}
