import { escapeUTF8 } from 'entities'
import { lexicalToHtml, mobiledocToHtml } from './ghost-editor-html.js'
import type { PostLinks } from './ghost-links.js'
import { htmlToMarkdown, htmlToText } from './html-to-markdown.js'
import type { ReaderOptions, ReaderRecord } from './reader-record.js'
import { storySlug } from './reader-slug.js'

/** The columns of a Ghost `posts` row that an import reads; the rest are not kept. */
export interface GhostPost {
  id: string
  title?: string | null
  slug?: string | null
  html?: string | null
  lexical?: string | null
  mobiledoc?: string | null
  plaintext?: string | null
  type?: string | null
  status?: string | null
  custom_excerpt?: string | null
  feature_image?: string | null
  canonical_url?: string | null
  published_at?: string | null
  created_at?: string | null
  updated_at?: string | null
  author_id?: string | null
  locale?: string | null
}

export const GHOST_POST_COLUMNS = [
  'id',
  'title',
  'slug',
  'html',
  'lexical',
  'mobiledoc',
  'plaintext',
  'type',
  'status',
  'custom_excerpt',
  'feature_image',
  'canonical_url',
  'published_at',
  'created_at',
  'updated_at',
  'author_id',
  'locale',
] as const satisfies readonly (keyof GhostPost)[]

/** The small tables, kept in memory: people, tags, and who and what each post links to. */
export interface GhostTables {
  users: Map<string, { slug: string; name: string }>
  tags: Map<string, { slug: string; name: string; internal: boolean }>
  postTags: PostLinks
  postAuthors: PostLinks
  /** Post id → its feature image's alt text and caption, for the posts that have them. */
  featureImageText: Map<string, { alt?: string; caption?: string }>
  /** Posts Ghost only sent as emails (`posts_meta.email_only`). */
  emailOnly: Set<string>
  language?: string
}

export type GhostResult = { skip: { field: string; message: string } } | { record: ReaderRecord }

const GHOST_URL = '__GHOST_URL__'

/** A Ghost post as an import record, or why it is skipped or cannot be read. */
export function ghostPost(
  post: GhostPost,
  tables: GhostTables,
  options: ReaderOptions,
): GhostResult {
  if ((post.type ?? 'post') !== 'post') {
    return skip('type', `skipped ${post.type}: pages (About, Contact, …) are not stories`)
  }
  const status = post.status ?? 'draft'
  if (status === 'sent' || tables.emailOnly.has(post.id)) {
    return skip('status', 'skipped: sent as an email newsletter only, never on the site')
  }
  const site = options.siteUrl?.replace(/\/+$/, '')
  const resolve = (url: string) => (site ? url.replaceAll(GHOST_URL, site) : url)
  const body = postBody(post, resolve)
  if (body === undefined) {
    return skip(
      'html',
      'skipped: no body that can be read (no html, and its lexical or mobiledoc JSON is broken)',
    )
  }
  const headline = (post.title ?? '').trim()
  const tags = linked(tables.postTags.of(post.id), tables.tags).filter((tag) => !tag.internal)
  const primary = tags[0]
  const published = status === 'published' || status === 'scheduled'
  const record: ReaderRecord = {
    sourceId: `ghost:${post.id}`,
    headline,
    slug: storySlug(postSlug(post), headline, `post-${post.id}`),
    body,
    tags: tags.map(({ slug, name }) => ({ slug, name })),
    bylines: bylines(post, tables),
    status: published ? 'published' : 'draft',
  }
  const dek = post.custom_excerpt?.trim()
  if (dek) record.dek = dek
  if (primary) record.section = { slug: primary.slug, name: primary.name }
  const publishedAt = ghostTime(post.published_at)
  if (published && publishedAt) record.publishedAt = publishedAt
  const createdAt = ghostTime(post.created_at)
  if (createdAt) record.createdAt = createdAt
  const updatedAt = ghostTime(post.updated_at)
  if (updatedAt) record.updatedAt = updatedAt
  if (post.feature_image) {
    const url = resolve(post.feature_image)
    if (url.includes(GHOST_URL)) return skip('feature_image', relativeMessage(url))
    const text = tables.featureImageText.get(post.id)
    // The alt text is required here; Ghost's is optional: its caption, else the headline, stands in.
    const caption = text?.caption ? htmlToText(text.caption) : undefined
    const alt = text?.alt?.trim() || caption || headline
    record.heroImage = { url, alt, ...(caption ? { caption } : {}) }
  }
  if (post.canonical_url) record.canonicalUrl = resolve(post.canonical_url)
  const language = post.locale || tables.language
  if (language) record.language = language
  return { record }
}

/**
 * The body as Markdown, from `html` (which Ghost exports beside its editor's JSON), else from
 * the Lexical or Mobiledoc JSON, else from `plaintext` as paragraphs. Links to the site itself
 * stay relative when its address is unknown.
 */
function postBody(post: GhostPost, resolve: (url: string) => string): string | undefined {
  const html =
    post.html ??
    (post.lexical ? lexicalToHtml(post.lexical) : undefined) ??
    (post.mobiledoc ? mobiledocToHtml(post.mobiledoc) : undefined) ??
    post.plaintext
      ?.split(/\n\s*\n/)
      .map((paragraph) => `<p>${escapeUTF8(paragraph.trim())}</p>`)
      .join('')
  return html == null ? undefined : htmlToMarkdown(resolve(html).replaceAll(GHOST_URL, ''))
}

/** Ghost names a draft saved before it had a title "untitled"(-n): the headline makes a better one. */
function postSlug(post: GhostPost): string | undefined {
  const slug = post.slug ?? undefined
  return slug && /^untitled(-\d+)?$/.test(slug) && post.status === 'draft' ? undefined : slug
}

/** The post's authors (Ghost's staff users) in their order (`posts_authors`), else its `author_id` (Ghost < 1). */
function bylines(post: GhostPost, tables: GhostTables): ReaderRecord['bylines'] {
  const ids = tables.postAuthors.has(post.id)
    ? tables.postAuthors.of(post.id)
    : [post.author_id ?? ''].filter(Boolean)
  return linked(ids, tables.users).map((user) => ({
    slug: user.slug,
    name: user.name,
    kind: 'staff' as const,
    role: 'author' as const,
  }))
}

function linked<T>(ids: string[], rows: Map<string, T>): T[] {
  return ids.flatMap((id) => {
    const row = rows.get(id)
    return row ? [row] : []
  })
}

/** Ghost 1–5 write ISO 8601 times; some older exports write "2019-05-01 10:00:00" (UTC). */
function ghostTime(value: string | number | null | undefined): string | undefined {
  if (value == null || value === '') return undefined
  const text = typeof value === 'number' ? new Date(value).toISOString() : value
  const date = new Date(/^\d{4}-\d{2}-\d{2} \d/.test(text) ? `${text.replace(' ', 'T')}Z` : text)
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString()
}

function relativeMessage(url: string): string {
  return `is relative to the Ghost site (${url}): put the site's address in the file for ${GHOST_URL}, e.g. sed 's#${GHOST_URL}#https://example.com#g'`
}

function skip(field: string, message: string): GhostResult {
  return { skip: { field, message } }
}
