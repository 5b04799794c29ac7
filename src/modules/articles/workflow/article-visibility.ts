import type { Prisma } from '../../../db/generated/client.js'
import { holdsRole } from '../../../plugins/auth.js'
import type { ApiKey } from '../../../schemas/api-key.js'
import type { ArticleDisplayStatus } from '../articles.schemas.js'

/** Who is reading: anonymous readers only ever see published stories whose time has come. */
export interface Viewer {
  /** Sees stories readers cannot: drafts, scheduled ones, the trash. */
  keyed: boolean
  /** A contributor's key: of those stories, only the ones it created. */
  ownKeyId?: string
  /** Also sees stories under embargo (syndication keys), besides what the public sees. */
  embargoed?: boolean
  /** Sees stories in these sections (slugs) only: a syndication key limited to sections. */
  sections?: readonly string[]
}

type ReadingKey = Pick<ApiKey, 'id' | 'role' | 'sections'>

/** A syndication key's limit to sections narrows what it reads; newsroom keys read by their role. */
const limitOf = (key: ReadingKey | null) =>
  key?.role === 'syndication' && key.sections.length > 0 ? { sections: key.sections } : {}

/**
 * The newsroom (editor and above) sees every story; a contributor also its own; syndication keys
 * read what the public reads.
 */
export function viewerFor(key: ReadingKey | null): Viewer {
  if (holdsRole(key, 'editor')) return { keyed: true }
  if (key && holdsRole(key, 'contributor')) return { keyed: true, ownKeyId: key.id }
  return { keyed: false, embargoed: key?.role === 'syndication', ...limitOf(key) }
}

/** What partners read (ninjs): public stories, and those under embargo for syndication and newsroom keys. */
export function syndicationViewerFor(key: ReadingKey | null): Viewer {
  return {
    keyed: false,
    embargoed: key?.role === 'syndication' || holdsRole(key, 'editor'),
    ...limitOf(key),
  }
}

const LIVE = (now: Date) => ({
  status: 'published' as const,
  publishedAt: { lte: now },
  trashedAt: null,
})

/**
 * What a viewer may see. Visibility is decided at query time against the clock, so a scheduled
 * story appears on time without any job running.
 */
export function visibleWhere(viewer: Viewer, now: Date): Prisma.ArticleWhereInput {
  if (viewer.sections)
    return {
      AND: [
        visibleWhere({ ...viewer, sections: undefined }, now),
        { section: { in: [...viewer.sections] } },
      ],
    }
  if (!viewer.keyed && viewer.embargoed)
    return {
      OR: [LIVE(now), { status: 'published', embargoUntil: { gt: now }, trashedAt: null }],
    }
  if (!viewer.keyed) return LIVE(now)
  if (!viewer.ownKeyId) return {}
  // The key that wrote an article's first revision created it.
  return { OR: [LIVE(now), { revisions: { some: { version: 1, keyId: viewer.ownKeyId } } }] }
}

type StatusFields = {
  status: 'draft' | 'published' | 'archived' | 'killed'
  publishedAt: Date | null
  trashedAt: Date | null
}

export function displayStatus(row: StatusFields, now: Date): ArticleDisplayStatus {
  if (row.trashedAt) return 'trashed'
  if (row.status === 'published' && row.publishedAt && row.publishedAt > now) return 'scheduled'
  return row.status
}
