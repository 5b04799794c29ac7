import { createArticle } from './factories.js'
import type { TestContext } from './test-app.js'
import { at, HOUR } from './time.js'

export interface ListItem {
  id: string
  slug: string
  status: string
  publishedAt: string | null
  createdAt: string
  body?: string
  bodyHtml?: string
  bylines: { slug: string; role: string }[]
  [key: string]: unknown
}
export interface ListBody {
  items: ListItem[]
  page: { limit: number; nextCursor: string | null }
}

export const slugsOf = (body: ListBody) => body.items.map((i) => i.slug)

/** Reads of GET /v1/articles, anonymous or with `auth` (null or none: anonymous), that fail unless the answer is 200. */
export function articleLists(ctx: TestContext) {
  async function list(query = '', auth?: string | null): Promise<ListBody> {
    const req = ctx.api.get(`/v1/articles${query}`)
    if (auth) req.set('authorization', auth)
    const res = await req
    if (res.status !== 200)
      throw new Error(`GET /v1/articles${query}: ${res.status} ${JSON.stringify(res.body)}`)
    return res.body as ListBody
  }

  /** Follows nextCursor to the end and returns every page. */
  async function allPages(query: string, auth?: string | null): Promise<ListBody[]> {
    const pages: ListBody[] = []
    let cursor: string | null = null
    do {
      const sep = query.includes('?') ? '&' : '?'
      const page = await list(
        cursor ? `${query}${sep}cursor=${encodeURIComponent(cursor)}` : query,
        auth,
      )
      pages.push(page)
      cursor = page.page.nextCursor
      if (pages.length > 50) throw new Error('pagination does not end')
    } while (cursor)
    return pages
  }

  return { list, allPages }
}

/** A published story, a draft, an archived story and one scheduled an hour from now. */
export async function mixedStatuses(c: TestContext) {
  const published = await createArticle(c, {
    slug: 'published-story',
    status: 'published',
    publishedAt: at(-HOUR),
  })
  const draft = await createArticle(c, { slug: 'draft-story', status: 'draft' })
  const archived = await createArticle(c, {
    slug: 'archived-story',
    status: 'archived',
    publishedAt: at(-2 * HOUR),
  })
  const scheduled = await createArticle(c, {
    slug: 'scheduled-story',
    status: 'published',
    publishedAt: at(HOUR),
  })
  return { published, draft, archived, scheduled }
}
