import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { ArticleMovedSchema } from '../article-slug-redirects.js'
import { z } from 'zod'
import { KEY_REQUIRED, requireRole } from '../../../plugins/auth.js'
import { IdOrSlugParams, problemResponses } from '../../../schemas/common.js'
import { actorOf } from '../../audit/audit-actor.js'
import {
  ArticleNoteSchema,
  CreateNoteBody,
  NoteListSchema,
  NoteParams,
  UpdateNoteBody,
} from './article-notes.schemas.js'
import type { ArticleNotesService } from './article-notes.service.js'

/** Corrections, clarifications, editor's notes and updates on an article. */
export const articleNotesRoutes: FastifyPluginAsyncZod<{ notes: ArticleNotesService }> = async (
  app,
  { notes },
) => {
  const editorOnly = requireRole('editor')
  const common = { tags: ['Articles'], security: KEY_REQUIRED }

  app.post('/:idOrSlug/notes', {
    onRequest: editorOnly,
    schema: {
      ...common,
      operationId: 'addArticleNote',
      summary: 'Add a correction, clarification, editor’s note or update',
      description:
        'The note is tied to the version that is live now and appears in the article’s `notes` (newest first), its JSON-LD (`correction`), feeds and ninjs. `correction` and `update` notes move the article’s `displayedUpdatedAt`. Once the article is public, notes are append-only.',
      params: IdOrSlugParams,
      body: CreateNoteBody,
      response: {
        201: ArticleNoteSchema,
        308: ArticleMovedSchema,
        ...problemResponses(400, 401, 403, 404, 409, 413, 415),
      },
    },
    handler: async (request, reply) => {
      const note = await notes.add(request.params.idOrSlug, request.body, actorOf(request))
      const location = `/v1/articles/${encodeURIComponent(request.params.idOrSlug)}/notes/${note.id}`
      return reply.code(201).header('location', location).send(note)
    },
  })

  app.get('/:idOrSlug/notes', {
    onRequest: editorOnly,
    schema: {
      ...common,
      operationId: 'listArticleNotes',
      summary: 'List the notes of an article, newest first',
      params: IdOrSlugParams,
      response: {
        200: NoteListSchema,
        308: ArticleMovedSchema,
        ...problemResponses(400, 401, 403, 404),
      },
    },
    handler: async (request) => notes.list(request.params.idOrSlug),
  })

  app.patch('/:idOrSlug/notes/:noteId', {
    onRequest: editorOnly,
    schema: {
      ...common,
      operationId: 'updateArticleNote',
      summary: 'Reword a note while the article is not public',
      description:
        'Once the article is public its notes are append-only (409): add a new note instead, or ask an admin to delete one.',
      params: NoteParams,
      body: UpdateNoteBody,
      response: {
        200: ArticleNoteSchema,
        308: ArticleMovedSchema,
        ...problemResponses(400, 401, 403, 404, 409, 413, 415),
      },
    },
    handler: async (request) =>
      notes.update(request.params.idOrSlug, request.params.noteId, request.body, actorOf(request)),
  })

  app.delete('/:idOrSlug/notes/:noteId', {
    onRequest: requireRole('admin'),
    schema: {
      ...common,
      operationId: 'deleteArticleNote',
      summary: 'Delete a note (admins; audited)',
      params: NoteParams,
      response: {
        204: z.null().describe('Deleted'),
        308: ArticleMovedSchema,
        ...problemResponses(400, 401, 403, 404),
      },
    },
    handler: async (request, reply) => {
      await notes.remove(request.params.idOrSlug, request.params.noteId, actorOf(request))
      return reply.code(204).send(null)
    },
  })
}
