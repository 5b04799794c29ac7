import { z } from 'zod'
import { IdOrSlugParams, IsoDateTime } from '../../../schemas/common.js'
import {
  ARTICLE_NOTE_EXAMPLE,
  CREATE_NOTE_EXAMPLE,
  UPDATE_NOTE_EXAMPLE,
} from './article-notes.examples.js'

export const NOTE_KINDS = ['correction', 'clarification', 'editors-note', 'update'] as const
export const NoteKindSchema = z
  .enum(NOTE_KINDS)
  .describe(
    '`correction`: something published was wrong; `clarification`: it was misleading; `editors-note`: context from the desk; `update`: the story moved on. Corrections and updates move `displayedUpdatedAt`.',
  )
export type NoteKind = z.infer<typeof NoteKindSchema>

/** The kinds that tell readers the story changed: they move `displayedUpdatedAt`. */
export const DATED_KINDS: ReadonlySet<NoteKind> = new Set(['correction', 'update'])

export const ArticleNoteSchema = z
  .object({
    id: z.uuid(),
    kind: NoteKindSchema,
    text: z.string().describe('Markdown source'),
    textHtml: z.string().describe('The text rendered to HTML, safe to insert into a page'),
    displayedAt: IsoDateTime.describe('The date shown with the note'),
    revision: z.number().int().describe('The article version that was live when it was added'),
    createdAt: IsoDateTime,
  })
  .meta({ id: 'ArticleNote', examples: [ARTICLE_NOTE_EXAMPLE] })
export type ArticleNote = z.infer<typeof ArticleNoteSchema>

const noteText = z
  .string()
  .trim()
  .min(1)
  .max(5000)
  .describe('Markdown; raw HTML is shown as text, never run')

export const CreateNoteBody = z
  .strictObject({
    kind: NoteKindSchema,
    text: noteText,
    displayedAt: IsoDateTime.optional().describe('Defaults to now'),
  })
  .meta({ id: 'CreateNoteBody', examples: [CREATE_NOTE_EXAMPLE] })
export type CreateNoteBody = z.infer<typeof CreateNoteBody>

export const UpdateNoteBody = CreateNoteBody.partial().meta({
  id: 'UpdateNoteBody',
  examples: [UPDATE_NOTE_EXAMPLE],
})
export type UpdateNoteBody = z.infer<typeof UpdateNoteBody>

export const NoteParams = IdOrSlugParams.extend({ noteId: z.uuid() })

export const NoteListSchema = z
  .object({ items: z.array(ArticleNoteSchema) })
  .meta({ id: 'ArticleNoteList', examples: [{ items: [ARTICLE_NOTE_EXAMPLE] }] })
