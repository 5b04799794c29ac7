import type { ResourceKind } from '../../db/resource-keys.js'
import { articleUrl, type PublicSite } from '../../lib/public-site.js'
import type { Event } from './events.schemas.js'

/** An outbox row as events.sql.ts reads it. */
export interface EventRow {
  seq: string
  id: string
  type: Event['type']
  occurredAt: Date
  recordedAt: Date
  resourceType: ResourceKind
  resourceId: string
  slug: string | null
  previousSlug: string | null
  version: number | null
  tags: string[]
}

const API_COLLECTION: Record<ResourceKind, string> = {
  article: '/v1/articles',
  byline: '/v1/bylines',
  slot: '/v1/slots',
  import: '/v1/imports',
}

/**
 * The event as consumers get it: the URLs are derived from the resource's slugs (the current one
 * and the one it left), so a frontend can revalidate without asking the API again.
 */
export function toEvent(row: EventRow, site: PublicSite): Event {
  const slugs = [row.slug, row.previousSlug].filter((s): s is string => s !== null)
  const isArticle = row.resourceType === 'article'
  return {
    id: row.id,
    type: row.type,
    occurredAt: row.occurredAt.toISOString(),
    resource: { type: row.resourceType, id: row.resourceId, slug: row.slug, version: row.version },
    previousSlug: row.previousSlug,
    urls: isArticle ? slugs.map((slug) => articleUrl(site, slug)) : [],
    // Slots are read through the articles they appear on, which their tags cover.
    paths:
      row.resourceType === 'slot'
        ? []
        : slugs.map((slug) => `${API_COLLECTION[row.resourceType]}/${encodeURIComponent(slug)}`),
    tags: row.tags,
  }
}
