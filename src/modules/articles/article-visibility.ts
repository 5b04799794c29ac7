import type { Prisma } from '../../db/generated/client.js'
import type { ArticleDisplayStatus } from './articles.schemas.js'

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

/** Stories with this display status; keys that ask for no status see everything but the trash. */
export function statusWhere(status: ArticleDisplayStatus | undefined, now: Date): Prisma.ArticleWhereInput {
  switch (status) {
    case undefined:
      return { trashedAt: null }
    case 'trashed':
      return { trashedAt: { not: null } }
    case 'scheduled':
      return { trashedAt: null, status: 'published', publishedAt: { gt: now } }
    case 'published':
      return { trashedAt: null, status: 'published', publishedAt: { lte: now } }
    default:
      return { trashedAt: null, status }
  }
}

type StatusFields = { status: 'draft' | 'published' | 'archived'; publishedAt: Date | null; trashedAt: Date | null }

export function displayStatus(row: StatusFields, now: Date): ArticleDisplayStatus {
  if (row.trashedAt) return 'trashed'
  if (row.status === 'published' && row.publishedAt && row.publishedAt > now) return 'scheduled'
  return row.status
}
