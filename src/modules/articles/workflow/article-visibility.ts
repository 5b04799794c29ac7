import type { Prisma } from '../../../db/generated/client.js'
import type { ArticleDisplayStatus } from '../articles.schemas.js'

/** Who is reading: anonymous readers only ever see published stories whose time has come. */
export interface Viewer {
  keyed: boolean
}

/**
 * What a viewer may see. Visibility is decided at query time against the clock, so a scheduled
 * story appears on time without any job running.
 */
export function visibleWhere(viewer: Viewer, now: Date): Prisma.ArticleWhereInput {
  return viewer.keyed ? {} : { status: 'published', publishedAt: { lte: now }, trashedAt: null }
}

type StatusFields = {
  status: 'draft' | 'published' | 'archived'
  publishedAt: Date | null
  trashedAt: Date | null
}

export function displayStatus(row: StatusFields, now: Date): ArticleDisplayStatus {
  if (row.trashedAt) return 'trashed'
  if (row.status === 'published' && row.publishedAt && row.publishedAt > now) return 'scheduled'
  return row.status
}
