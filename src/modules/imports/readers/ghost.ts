import { JSONParser } from '@streamparser/json'
import { PostLinks } from './ghost-links.js'
import { GHOST_POST_COLUMNS, type GhostPost, type GhostTables, ghostPost } from './ghost-post.js'
import type { ReaderOptions } from './reader-record.js'
import type { SourceItem } from './source-item.js'
import { Spool } from './spool.js'

type Row = Record<string, unknown>

/**
 * Reads a Ghost export (`{db: [{meta, data: {posts, users, tags, posts_tags, …}}]}`, or the
 * older `{meta, data}`) as it streams, a table row at a time. Ghost writes the posts before the
 * tables that say who wrote them and how they are tagged, so the posts (the bulk: their HTML) go
 * to a spool file on disk as they pass, and are read back once the small tables are in memory:
 * users, tags, and per post its tag and author ids and feature-image text (a small fraction of
 * the posts' HTML; figures in docs/importing.md).
 */
export async function* readGhost(
  input: NodeJS.ReadableStream,
  options: ReaderOptions = {},
): AsyncGenerator<SourceItem> {
  const tables: GhostTables = {
    users: new Map(),
    tags: new Map(),
    postTags: new PostLinks(),
    postAuthors: new PostLinks(),
    featureImageText: new Map(),
    emailOnly: new Set(),
  }
  const spool = new Spool<GhostPost>()
  const posts: GhostPost[] = []
  const parser = new JSONParser({ paths: ['$.db.*.data.*.*', '$.data.*.*'], keepStack: false })
  parser.onValue = ({ value, stack }) => {
    const table = stack[stack.length - 1]?.key
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      collect(String(table), value as Row, tables, posts)
    }
  }
  try {
    try {
      for await (const chunk of input) {
        parser.write(chunk)
        for (const post of posts.splice(0)) await spool.add(post)
      }
      if (!parser.isEnded) parser.end()
    } catch (error) {
      yield {
        at: 'file',
        error: { field: 'json', message: `not a Ghost export: ${message(error)}` },
      }
      return
    }
    let n = 0
    for await (const post of spool.drain()) {
      const at = `post ${++n} (id ${post.id})`
      const result = ghostPost(post, tables, options)
      yield 'skip' in result ? { at, error: result.skip } : { at, record: result.record }
    }
    if (n === 0) yield { at: 'file', error: { field: 'db', message: 'no posts in this export' } }
  } finally {
    await spool.close()
  }
}

/** Keeps what an import needs of one row of one table; other tables are passed over. */
function collect(table: string, row: Row, tables: GhostTables, posts: GhostPost[]): void {
  const text = (key: string) => (typeof row[key] === 'string' ? (row[key] as string) : '')
  switch (table) {
    case 'posts':
      // The editor's JSON is only read when there is no HTML: the spool need not carry both.
      if (row.html != null) row.lexical = row.mobiledoc = null
      posts.push(
        Object.fromEntries(
          GHOST_POST_COLUMNS.filter((key) => row[key] != null).map((key) => [key, row[key]]),
        ) as unknown as GhostPost,
      )
      break
    case 'users':
      tables.users.set(text('id'), { slug: text('slug'), name: text('name') })
      break
    case 'tags':
      tables.tags.set(text('id'), {
        slug: text('slug'),
        name: text('name'),
        // Internal tags (`#feature`) organise Ghost themes; readers never see them.
        internal: text('visibility') === 'internal' || text('name').startsWith('#'),
      })
      break
    case 'posts_tags':
      tables.postTags.add(text('post_id'), Number(row.sort_order ?? 0), text('tag_id'))
      break
    case 'posts_authors':
      tables.postAuthors.add(text('post_id'), Number(row.sort_order ?? 0), text('author_id'))
      break
    case 'posts_meta': {
      const alt = text('feature_image_alt') || undefined
      const caption = text('feature_image_caption') || undefined
      if (alt || caption) tables.featureImageText.set(text('post_id'), { alt, caption })
      if (row.email_only === true || row.email_only === 1) tables.emailOnly.add(text('post_id'))
      break
    }
    case 'settings':
      if (text('key') === 'locale' && text('value')) tables.language = text('value')
      break
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
