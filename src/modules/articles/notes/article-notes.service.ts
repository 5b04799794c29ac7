import type { ChangeFeed, Changed } from '../../../db/change-feed.js'
import type { Db } from '../../../db/client.js'
import type { NoteKind as StoredKind } from '../../../db/generated/client.js'
import { resourceKeys } from '../../../db/resource-keys.js'
import { ConflictError, NotFoundError } from '../../../errors/app-error.js'
import { renderMarkdown } from '../../../lib/markdown.js'
import type { Actor } from '../../audit/audit-actor.js'
import { findArticle, findArticleToWrite } from '../articles.service.js'
import { commitArticleChange } from '../store/article-writes.js'
import type { ArticleRow } from '../store/article-mapper.js'
import { assertNotKilled } from '../workflow/article-kill.js'
import { displayStatus } from '../workflow/article-visibility.js'
import {
  type ArticleNote,
  type CreateNoteBody,
  DATED_KINDS,
  type NoteKind,
  type UpdateNoteBody,
} from './article-notes.schemas.js'

// Notes live in ArticleNote; the article keeps a copy of them as readers get them (its `notes`
// column), rebuilt by every note write in the same transaction, which also makes a new article
// version so that caches and ETags move with the notes.

const toStored = (kind: NoteKind) => kind.replace('-', '_') as StoredKind
const fromStored = (kind: StoredKind) => kind.replace('_', '-') as NoteKind

interface NoteRow {
  id: string
  kind: StoredKind
  text: string
  textHtml: string
  displayedAt: Date
  revision: number
  createdAt: Date
}

export const toNoteDto = (row: NoteRow): ArticleNote => ({
  id: row.id,
  kind: fromStored(row.kind),
  text: row.text,
  textHtml: row.textHtml,
  displayedAt: row.displayedAt.toISOString(),
  revision: row.revision,
  createdAt: row.createdAt.toISOString(),
})

export type ArticleNotesService = ReturnType<typeof createArticleNotesService>

export function createArticleNotesService({
  prisma,
  changes,
  now,
}: {
  prisma: Db
  changes: ChangeFeed
  now: () => Date
}) {
  /** Stores the article's notes as readers get them, newest first, as a new article version. */
  async function saveNotes(
    tx: Db,
    changed: Changed,
    current: ArticleRow,
    actor: Actor,
    action: string,
    dated?: Date,
  ) {
    const rows = await tx.articleNote.findMany({
      where: { articleId: current.id },
      orderBy: [{ displayedAt: 'desc' }, { id: 'desc' }],
    })
    await commitArticleChange(tx, {
      current,
      data: {
        notes: rows.map(toNoteDto),
        ...(dated ? { displayedUpdatedAt: dated } : {}),
      },
      expectedVersion: undefined,
      actor,
      action,
      now: now(),
      changed,
    })
  }

  async function findNote(tx: Db, articleId: string, noteId: string) {
    const note = await tx.articleNote.findFirst({ where: { id: noteId, articleId } })
    if (!note) throw new NotFoundError('note', noteId)
    return note
  }

  return {
    async add(ref: string, input: CreateNoteBody, actor: Actor): Promise<ArticleNote> {
      const textHtml = renderMarkdown(input.text)
      return changes.write(async (tx, changed) => {
        const current = await findArticleToWrite(tx, ref, actor)
        assertNotKilled(current)
        changed(...resourceKeys('article', current.id))
        const at = now()
        const displayedAt = input.displayedAt ? new Date(input.displayedAt) : at
        const note = await tx.articleNote.create({
          data: {
            articleId: current.id,
            kind: toStored(input.kind),
            text: input.text,
            textHtml,
            displayedAt,
            revision: current.version,
            keyId: actor.keyId,
            keyName: actor.keyName,
            createdAt: at,
          },
        })
        const dated = DATED_KINDS.has(input.kind) ? displayedAt : undefined
        await saveNotes(tx, changed, current, actor, 'article.note.add', dated)
        return toNoteDto(note)
      })
    },

    async list(ref: string) {
      const { notes } = await findArticle(prisma, ref)
      return { items: notes as ArticleNote[] }
    },

    /** Notes can be reworded until the article is public; after that they are append-only. */
    async update(ref: string, noteId: string, input: UpdateNoteBody, actor: Actor) {
      return changes.write(async (tx, changed) => {
        const current = await findArticleToWrite(tx, ref, actor)
        assertNotKilled(current)
        changed(...resourceKeys('article', current.id))
        await findNote(tx, current.id, noteId)
        if (displayStatus(current, now()) === 'published')
          throw new ConflictError(
            'Notes on a public article are append-only: add a new note to correct or retract this one (an admin can delete it).',
          )
        const note = await tx.articleNote.update({
          where: { id: noteId },
          data: {
            ...(input.kind ? { kind: toStored(input.kind) } : {}),
            ...(input.text ? { text: input.text, textHtml: renderMarkdown(input.text) } : {}),
            ...(input.displayedAt ? { displayedAt: new Date(input.displayedAt) } : {}),
          },
        })
        await saveNotes(tx, changed, current, actor, 'article.note.update')
        return toNoteDto(note)
      })
    },

    /** Admins only: the deletion is a new article version and an audit entry. */
    async remove(ref: string, noteId: string, actor: Actor) {
      await changes.write(async (tx, changed) => {
        const current = await findArticleToWrite(tx, ref, actor)
        changed(...resourceKeys('article', current.id))
        await findNote(tx, current.id, noteId)
        await tx.articleNote.delete({ where: { id: noteId } })
        await saveNotes(tx, changed, current, actor, 'article.note.delete')
      })
    },
  }
}
