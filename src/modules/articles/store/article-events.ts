import type { ChangeEvent, EventType } from '../../../db/events.js'
import { displayStatus } from '../workflow/article-visibility.js'

/** What the events of an article change are decided from: its state, never its content. */
export interface ArticleState {
  id: string
  slug: string
  version: number
  status: 'draft' | 'published' | 'archived' | 'killed'
  publishedAt: Date | null
  trashedAt: Date | null
}

const resourceOf = (row: ArticleState): ChangeEvent['resource'] => ({
  type: 'article',
  id: row.id,
  slug: row.slug,
  version: row.version,
})

const isLive = (row: ArticleState, at: Date) => displayStatus(row, at) === 'published'

/** The main event of a change of `before` into `after` at `at`: what readers see decides it. */
function typeOf(before: ArticleState, after: ArticleState, at: Date): EventType {
  if (!before.trashedAt && after.trashedAt) return 'article.trashed'
  if (before.trashedAt && !after.trashedAt) return 'article.restored'
  if (after.status === 'killed' && before.status !== 'killed') return 'article.killed'
  if (after.status === 'archived' && before.status !== 'archived') return 'article.archived'
  const was = isLive(before, at)
  const is = isLive(after, at)
  if (!was && is) return 'article.published'
  if (was && !is) return 'article.unpublished'
  return 'article.updated'
}

/**
 * The events of one article write: a create is `article.created` (and `article.published` when it
 * is live at once); a change is one event by what it did to visibility, plus
 * `article.slug_changed` when the slug moved. A scheduled publication gets its
 * `article.published` when the time comes (modules/events/scheduled-events.ts).
 */
export function articleEvents(
  before: ArticleState | null,
  after: ArticleState,
  at: Date,
): ChangeEvent[] {
  const resource = resourceOf(after)
  if (!before) {
    const created: ChangeEvent = { type: 'article.created', resource }
    return isLive(after, at) ? [created, { type: 'article.published', resource }] : [created]
  }
  const events: ChangeEvent[] = [{ type: typeOf(before, after, at), resource }]
  if (before.slug !== after.slug)
    events.push({ type: 'article.slug_changed', resource, previousSlug: before.slug })
  return events
}

export const articleDeleted = (row: ArticleState): ChangeEvent => ({
  type: 'article.deleted',
  resource: resourceOf(row),
})
