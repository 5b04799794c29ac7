import { taxonomySlug } from '../../../lib/slug.js'
import { SLUG_PATTERN } from '../../../schemas/common.js'
import { htmlToMarkdown, htmlToText } from './html-to-markdown.js'
import type { ReaderRecord } from './reader-record.js'
import { isKeepableSlug, safeDecode, storySlug } from './reader-slug.js'
import { wordpressHtml } from './wordpress-html.js'

/** One `<item>` of a WXR file as the parser collected it: its direct children, categories, postmeta. */
export interface WxrItem {
  fields: Record<string, string>
  categories: { domain: string; nicename: string; name: string }[]
  meta: { key: string; value: string }[]
}

export interface WxrAuthor {
  login: string
  displayName: string
}

export interface WxrAttachment {
  url: string
  alt: string
  caption?: string
}

/** What the channel told before the items: the site's language, authors, categories by term id. */
export interface WxrChannel {
  language?: string
  authors: Map<string, WxrAuthor>
  categoryById: Map<string, { nicename: string; name: string }>
}

export type WxrPost =
  | { skip: { field: string; message: string } }
  | { record: ReaderRecord; thumbnailId?: string }

/** Why items that are not posts are left out, by `wp:post_type`. */
const SKIPPED_TYPES: Record<string, string> = {
  attachment:
    'media files are not imported; one that is a featured image becomes its post’s hero image',
  page: 'pages (About, Contact, …) are site furniture, not stories',
  nav_menu_item: 'menus belong to the old site’s theme',
  revision: 'only the current version of a post is imported',
}

const SKIPPED_STATUSES: Record<string, string> = {
  trash: 'it is in WordPress’s trash',
  'auto-draft': 'it is an empty draft WordPress made on its own',
  inherit: 'it is a revision',
}

/** A WordPress post as an import record, or why it is skipped. */
export function wxrPost(item: WxrItem, channel: WxrChannel): WxrPost {
  const f = item.fields
  const type = f['wp:post_type'] ?? ''
  if (type !== 'post') {
    const why = SKIPPED_TYPES[type] ?? 'only posts are imported'
    return { skip: { field: 'wp:post_type', message: `skipped ${type || 'untyped'} item: ${why}` } }
  }
  const wpStatus = f['wp:status'] ?? ''
  const skippedStatus = SKIPPED_STATUSES[wpStatus]
  if (skippedStatus) {
    return { skip: { field: 'wp:status', message: `skipped ${wpStatus} post: ${skippedStatus}` } }
  }
  const id = f['wp:post_id'] ?? ''
  const headline = htmlToText(f.title ?? '')
  const slug = storySlug(f['wp:post_name'], headline, `post-${id}`)
  const metaValues = (key: string) => item.meta.filter((m) => m.key === key).map((m) => m.value)
  const meta = (key: string) => metaValues(key)[0]
  // WordPress schedules a post as status `future` with its date to come: ours is `published` then.
  // A password-protected post was never public: it stays a draft rather than opening up.
  const published =
    (wpStatus === 'publish' || wpStatus === 'future') && !f['wp:post_password']?.trim()
  // A draft never published has no UTC date: its last save (`post_modified_gmt`) stands in.
  const created =
    gmtTime(f['wp:post_date_gmt']) ??
    gmtTime(f['wp:post_modified_gmt']) ??
    localTimeAsUtc(f['wp:post_date'])
  const { section, tags } = taxonomy(item, channel, meta('_yoast_wpseo_primary_category'))
  const oldSlugs = [...new Set(metaValues('_wp_old_slug'))].filter(
    (old) => old !== slug && isKeepableSlug(old),
  )
  const record: ReaderRecord = {
    sourceId: `wp:${id}`,
    headline,
    slug,
    body: htmlToMarkdown(wordpressHtml(f['content:encoded'] ?? '')),
    tags,
    bylines: bylines(item, channel),
    status: published ? 'published' : 'draft',
  }
  const dek = htmlToText(f['excerpt:encoded'] ?? '')
  if (dek) record.dek = dek
  if (section) record.section = section
  if (published && created) record.publishedAt = created
  if (created) record.createdAt = created
  const modified = gmtTime(f['wp:post_modified_gmt'])
  if (modified) record.updatedAt = modified
  if (oldSlugs.length > 0) record.oldSlugs = oldSlugs
  const canonical = meta('_yoast_wpseo_canonical')
  if (canonical && /^https?:\/\//i.test(canonical)) record.canonicalUrl = canonical
  if (channel.language) record.language = channel.language
  const thumbnailId = meta('_thumbnail_id')
  return thumbnailId ? { record, thumbnailId } : { record }
}

/** An attachment's URL, alt text (else its title) and caption (its excerpt), for hero images. */
export function wxrAttachment(item: WxrItem): WxrAttachment | undefined {
  const f = item.fields
  const url = f['wp:attachment_url'] || f.guid
  if (!url) return undefined
  const alt = item.meta.find((m) => m.key === '_wp_attachment_image_alt')?.value.trim()
  const caption = htmlToText(f['excerpt:encoded'] ?? '')
  return {
    url,
    alt: alt || htmlToText(f.title ?? ''),
    ...(caption ? { caption } : {}),
  }
}

export function heroImage(attachment: WxrAttachment): ReaderRecord['heroImage'] {
  return attachment.alt ? { ...attachment } : undefined
}

/**
 * The section is the Yoast SEO primary category when there is one, else the first category
 * (WordPress's catch-all "Uncategorized" is none); the post's tags and its other categories
 * become tags.
 */
function taxonomy(item: WxrItem, channel: WxrChannel, primaryId: string | undefined) {
  const categories = item.categories.filter(
    (c) => c.domain === 'category' && c.nicename !== 'uncategorized',
  )
  const primaryName = primaryId ? channel.categoryById.get(primaryId)?.nicename : undefined
  const primary = categories.find((c) => c.nicename === primaryName) ?? categories[0]
  const terms = [
    ...item.categories.filter((c) => c.domain === 'post_tag'),
    ...categories.filter((c) => c !== primary),
  ]
    .map(term)
    .filter((t) => t.name !== '')
  const tags = terms.filter((t, i) => terms.findIndex((u) => u.slug === t.slug) === i)
  return primary ? { section: term(primary), tags } : { tags }
}

/** A category or tag by its WordPress slug (when it is one of ours) and its name. */
function term(category: { nicename: string; name: string }): { slug: string; name: string } {
  const name = htmlToText(category.name)
  const nicename = safeDecode(category.nicename)
  return { slug: SLUG_PATTERN.test(nicename) ? nicename : taxonomySlug(name), name }
}

/**
 * The post's author (`dc:creator`, a login), or its Co-Authors Plus authors (terms of the
 * `author` taxonomy, nicename `cap-<login>`), in order. The site's users are staff; a login the
 * channel does not list (a Co-Authors Plus guest author) is a contributor, credited by login.
 */
function bylines(item: WxrItem, channel: WxrChannel): ReaderRecord['bylines'] {
  const coAuthors = item.categories.filter((c) => c.domain === 'author').map((c) => c.name)
  const creator = item.fields['dc:creator']
  const logins = coAuthors.length > 0 ? coAuthors : creator ? [creator] : []
  const credits = logins.map((login) => {
    const author = channel.authors.get(login)
    const name = author?.displayName || login
    const kind = author ? ('staff' as const) : ('contributor' as const)
    return { slug: authorSlug(login, name), name, kind, role: 'author' as const }
  })
  return credits.filter((c, i) => credits.findIndex((d) => d.slug === c.slug) === i)
}

/** The login as a slug, as WordPress's author pages do; the name's when the login is an email. */
function authorSlug(login: string, name: string): string {
  return login.includes('@') ? taxonomySlug(name) : taxonomySlug(login)
}

/** "2024-03-01 09:30:00" (UTC) as ISO 8601; WordPress writes zeros for a draft never published. */
function gmtTime(value: string | undefined): string | undefined {
  if (!value || value.startsWith('0000')) return undefined
  return localTimeAsUtc(value)
}

/** WXR has no time zone for `wp:post_date`: it is taken as UTC when nothing better is there. */
function localTimeAsUtc(value: string | undefined): string | undefined {
  const match = value && /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})$/.exec(value.trim())
  if (!match || match[1]?.startsWith('0000')) return undefined
  return `${match[1]}T${match[2]}.000Z`
}
