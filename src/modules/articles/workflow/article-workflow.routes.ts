import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { versionFromIfMatch } from '../../../lib/etag.js'
import { KEY_REQUIRED, requireRole, requireRoleForAll } from '../../../plugins/auth.js'
import { actorOf } from '../../audit/audit-actor.js'
import {
  IdOrSlugParams,
  IfMatchHeaders,
  IsoDateTime,
  problemResponses,
} from '../../../schemas/common.js'
import { sendArticle, warningsOf } from '../articles.http.js'
import type { ArticleWorkflowService } from './article-workflow.service.js'
import { ArticleSchema, LintReportSchema } from '../articles.schemas.js'
import { toArticleDto } from '../store/article-mapper.js'
import { type ArticlesService, findArticle } from '../articles.service.js'

const PublishBody = z
  .strictObject({
    publishedAt: IsoDateTime.refine(
      // As on create: in UTC, years 1–9999 (PostgreSQL has no year 0; ISO output has four-digit years).
      // An unparseable value is already reported by the format check.
      (value) => {
        const year = new Date(value).getUTCFullYear()
        return Number.isNaN(year) || Math.abs(year - 5000) <= 4999
      },
      'Must be a time between the years 0001 and 9999 (UTC)',
    )
      .optional()
      .describe('A future time schedules the story; readers see it from then on'),
  })
  // Publish now: what "Try it out" should do to a draft.
  .meta({ examples: [{}] })
  .optional()

const KillBody = z
  .strictObject({
    reason: z
      .string()
      .trim()
      .min(1)
      .max(2000)
      .describe('Why, for the newsroom: kept with the story, never shown to readers'),
    notice: z
      .string()
      .trim()
      .min(1)
      .max(1000)
      .describe('What readers get instead, in the 410 answer, e.g. "This story has been removed."'),
  })
  .meta({
    examples: [
      {
        reason: 'Legal: a court order bars naming the witness quoted in the fourth paragraph.',
        notice: 'This story has been removed for legal reasons.',
      },
    ],
  })

const KillSchema = z
  .object({
    reason: z.string(),
    notice: z.string(),
    killedAt: IsoDateTime,
    keyName: z.string().describe('The key that killed it'),
  })
  .meta({ id: 'ArticleKill' })

/** Publishing actions, kill, restore from the trash, and editorial lint. */
export const articleWorkflowRoutes: FastifyPluginAsyncZod<{
  articles: ArticlesService
  workflow: ArticleWorkflowService
}> = async (app, { articles, workflow }) => {
  const common = {
    tags: ['Articles'],
    security: KEY_REQUIRED,
    params: IdOrSlugParams,
    headers: IfMatchHeaders,
  }
  requireRoleForAll(app, 'editor')

  app.post('/:idOrSlug/publish', {
    // The body is optional, but Fastify validates a request without one as null: read it as {}.
    // (A JSON `null` sent as the body is refused before this, by plugins/request-checks.ts.)
    preValidation: async (request) => {
      if (request.body === undefined) request.body = {}
    },
    schema: {
      ...common,
      operationId: 'publishArticle',
      summary: 'Publish an article, now or at a set time',
      description:
        'Needs a headline, a body and someone to credit (422 lists what is missing). `If-Match` is honoured when sent.',
      body: PublishBody.optional(),
      response: { 200: ArticleSchema, ...problemResponses(400, 401, 403, 404, 409, 412, 415, 422) },
    },
    handler: async (request, reply) => {
      const expected = versionFromIfMatch(request.headers['if-match'])
      const article = await workflow.publish(
        request.params.idOrSlug,
        request.body?.publishedAt,
        expected,
        actorOf(request),
      )
      return sendArticle(request, reply, article)
    },
  })

  for (const action of ['unpublish', 'archive'] as const) {
    app.post(`/:idOrSlug/${action}`, {
      schema: {
        ...common,
        operationId: `${action}Article`,
        summary: action === 'unpublish' ? 'Take an article back to draft' : 'Archive an article',
        response: { 200: ArticleSchema, ...problemResponses(400, 401, 403, 404, 409, 412) },
      },
      handler: async (request, reply) => {
        const expected = versionFromIfMatch(request.headers['if-match'])
        const article = await workflow[action](request.params.idOrSlug, expected, actorOf(request))
        return sendArticle(request, reply, article)
      },
    })
  }

  app.post('/:idOrSlug/kill', {
    onRequest: requireRole('chief'),
    schema: {
      ...common,
      operationId: 'killArticle',
      summary: 'Kill a story: take it down for good',
      description:
        'For a story that must come down (legal, grave error). It leaves lists, feeds, search, recommendations and sitemaps at once; its URL answers 410 Gone with `notice` (not 404); ninjs says `pubstatus: canceled`; the slug stays reserved. A killed story cannot be changed or republished. `If-Match` is honoured when sent.',
      body: KillBody,
      response: { 200: ArticleSchema, ...problemResponses(400, 401, 403, 404, 409, 412, 415) },
    },
    handler: async (request, reply) => {
      const expected = versionFromIfMatch(request.headers['if-match'])
      const article = await workflow.kill(
        request.params.idOrSlug,
        request.body,
        expected,
        actorOf(request),
      )
      return sendArticle(request, reply, article)
    },
  })

  app.get('/:idOrSlug/kill', {
    schema: {
      tags: ['Articles'],
      security: KEY_REQUIRED,
      params: IdOrSlugParams,
      operationId: 'getArticleKill',
      summary: 'Why, when and by whom a story was killed',
      response: { 200: KillSchema, ...problemResponses(400, 401, 403, 404) },
    },
    handler: async (request) => workflow.killOf(request.params.idOrSlug),
  })

  app.post('/:idOrSlug/restore', {
    schema: {
      ...common,
      operationId: 'restoreArticle',
      summary: 'Bring an article back from the trash',
      response: { 200: ArticleSchema, ...problemResponses(400, 401, 403, 404, 409, 412) },
    },
    handler: async (request, reply) => {
      const expected = versionFromIfMatch(request.headers['if-match'])
      const article = await articles.restoreFromTrash(
        request.params.idOrSlug,
        expected,
        actorOf(request),
      )
      return sendArticle(request, reply, article)
    },
  })

  app.get('/:idOrSlug/lint', {
    schema: {
      tags: ['Articles'],
      security: KEY_REQUIRED,
      params: IdOrSlugParams,
      operationId: 'lintArticle',
      summary: 'Editorial lint of an article',
      description:
        'Duplicated paragraphs, a dek repeating the lead, unbalanced quotes, a name spelled two ways, missing alt text, long headlines, nobody credited, non-http links. Advice only: never blocks publishing, never changes the text.',
      response: { 200: LintReportSchema, ...problemResponses(401, 403, 404) },
    },
    handler: async (request) => {
      const row = await findArticle(app.prisma, request.params.idOrSlug)
      return { warnings: warningsOf(toArticleDto(row, app.clock())) }
    },
  })
}
