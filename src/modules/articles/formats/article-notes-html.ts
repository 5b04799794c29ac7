import type { ArticleNote, NoteKind } from '../notes/article-notes.schemas.js'

const LABELS: Record<NoteKind, string> = {
  correction: 'Correction',
  clarification: 'Clarification',
  'editors-note': 'Editor’s note',
  update: 'Update',
}

/** A note's label as readers see it, e.g. "Correction". */
export const noteLabel = (note: Pick<ArticleNote, 'kind'>) => LABELS[note.kind]

/**
 * The notes as an HTML block for places that carry the story's HTML (feeds): each labelled and
 * dated. The texts are Markdown rendered with raw HTML off, so the block is as safe as the body.
 */
export function notesHtml(notes: readonly ArticleNote[]): string {
  if (notes.length === 0) return ''
  const items = notes.map(
    (note) =>
      `<p><strong>${noteLabel(note)}</strong> (${note.displayedAt.slice(0, 10)}):</p>\n${note.textHtml}`,
  )
  return `<aside class="article-notes">\n${items.join('')}</aside>\n`
}
