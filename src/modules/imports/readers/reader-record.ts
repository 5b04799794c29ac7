/**
 * What the WordPress and Ghost readers produce: the plain shape the import core validates with
 * its ImportRecord schema (src/modules/imports/import-record.ts). Kept here so that the readers
 * compile on their own; the core's schema is the one that decides what is valid.
 */
export interface ReaderRecord {
  sourceId: string
  headline: string
  slug: string
  dek?: string
  body: string
  section?: { slug: string; name: string }
  /** By slug and name: the old site's slugs are kept, so that its tag pages map to ours. */
  tags: { slug: string; name: string }[]
  bylines: { slug: string; name: string; kind?: 'staff' | 'contributor'; role?: 'author' }[]
  status: 'draft' | 'published' | 'archived'
  publishedAt?: string
  createdAt?: string
  updatedAt?: string
  oldSlugs?: string[]
  heroImage?: { url: string; alt: string; caption?: string; credit?: string }
  canonicalUrl?: string
  language?: string
}

/** Options the command line can hand a reader. */
export interface ReaderOptions {
  /** The old site's address, for URLs an export writes relative to it (Ghost's `__GHOST_URL__`). */
  siteUrl?: string
}
