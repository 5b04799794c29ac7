import { describe, expect, it } from 'vitest'
import { articleLists, slugsOf } from '../../helpers/article-lists.js'
import { createArticle } from '../../helpers/factories.js'
import { problem, useTestApp } from '../../helpers/test-app.js'
import { NOW, at, HOUR } from '../../helpers/time.js'

const ctx = useTestApp()
const { list, allPages } = articleLists(ctx)

const cursorOf = (value: unknown) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url')

describe('GET /v1/articles: pagination', () => {
  it('limit=2 over 5 articles returns each exactly once over 3 pages, and nextCursor is null on the last page', async () => {
    for (let n = 1; n <= 5; n++) {
      await createArticle(ctx, {
        slug: `story-${n}`,
        status: 'published',
        publishedAt: at(-n * HOUR),
      })
    }
    const pages = await allPages('?limit=2')
    expect(pages.map((p) => p.items.length)).toEqual([2, 2, 1])
    expect(pages.map((p) => p.page.limit)).toEqual([2, 2, 2])
    expect(pages[0]?.page.nextCursor).toEqual(expect.any(String))
    expect(pages[1]?.page.nextCursor).toEqual(expect.any(String))
    expect(pages[2]?.page.nextCursor).toBeNull()
    expect(pages.flatMap(slugsOf)).toEqual(['story-1', 'story-2', 'story-3', 'story-4', 'story-5'])
  })

  it('a page that ends exactly at the last story has nextCursor null (no empty trailing page)', async () => {
    for (let n = 1; n <= 4; n++) {
      await createArticle(ctx, {
        slug: `story-${n}`,
        status: 'published',
        publishedAt: at(-n * HOUR),
      })
    }
    const pages = await allPages('?limit=2')
    expect(pages.map((p) => p.items.length)).toEqual([2, 2])
    expect((await list('?limit=4')).page.nextCursor).toBeNull()
    expect((await list()).page).toEqual({ limit: 20, nextCursor: null })
  })

  it('an empty list is 200 with no items and nextCursor null', async () => {
    expect(await list()).toEqual({ items: [], page: { limit: 20, nextCursor: null } })
  })

  it('limit defaults to 20, and 100 is accepted', async () => {
    await Promise.all(
      Array.from({ length: 21 }, (_, n) =>
        createArticle(ctx, {
          slug: `story-${n}`,
          status: 'published',
          publishedAt: at(-(n + 1) * 60_000),
        }),
      ),
    )
    const page = await list()
    expect(page.items).toHaveLength(20)
    expect(page.page.limit).toBe(20)
    expect(page.page.nextCursor).toEqual(expect.any(String))
    const all = await list('?limit=100')
    expect(all.items).toHaveLength(21)
    expect(all.page).toEqual({ limit: 100, nextCursor: null })
  })

  it('a cursor keeps its place when a newer story is published between pages: no repeats, no skips', async () => {
    for (let n = 1; n <= 4; n++) {
      await createArticle(ctx, {
        slug: `story-${n}`,
        status: 'published',
        publishedAt: at(-n * HOUR),
      })
    }
    const first = await list('?limit=2')
    await createArticle(ctx, { slug: 'breaking', status: 'published', publishedAt: at(-1000) })
    const second = await list(`?limit=2&cursor=${first.page.nextCursor}`)
    expect(slugsOf(second)).toEqual(['story-3', 'story-4'])
    expect(second.page.nextCursor).toBeNull()
  })

  it('filters apply on every page of a paginated list', async () => {
    for (let n = 1; n <= 5; n++) {
      await createArticle(ctx, {
        slug: `story-${n}`,
        section: n % 2 ? 'world' : 'sport',
        status: 'published',
        publishedAt: at(-n * HOUR),
      })
    }
    const pages = await allPages('?section=world&limit=1')
    expect(pages.flatMap(slugsOf)).toEqual(['story-1', 'story-3', 'story-5'])
  })

  it.each(['0', '101', 'abc', '1.5', '-1', ''])(
    'limit=%s is a 400 problem naming query.limit',
    async (limit) => {
      const res = await ctx.api.get(`/v1/articles?limit=${limit}`)
      expect(problem(res, 400).errors?.map((e) => e.path)).toEqual(['query.limit'])
    },
  )

  it('a repeated limit (limit=1&limit=2) is a 400 naming query.limit', async () => {
    const res = await ctx.api.get('/v1/articles?limit=1&limit=2')
    expect(problem(res, 400).errors?.map((e) => e.path)).toEqual(['query.limit'])
  })

  const uuid = '0190a6f1-0000-7000-8000-000000000000'
  const tampered: [string, string][] = [
    ['not base64 at all', '!!!***'],
    ['base64 of plain text', cursorOf('hello world')],
    ['base64 of a JSON object', cursorOf({ key: NOW, id: uuid })],
    ['a JSON array of the wrong length', cursorOf([NOW])],
    ['a JSON array with a number', cursorOf([NOW, 42])],
    ['a key that is not a date', cursorOf(['yesterday', uuid])],
    ['an id that is not a UUID', cursorOf([NOW, 'not-a-uuid'])],
    ['an id with SQL in it', cursorOf([NOW, "' OR 1=1 --"])],
    ['a date beyond what PostgreSQL can store', cursorOf(['-271821-04-20T00:00:00.000Z', uuid])],
    ['an empty cursor', ''],
    ['an overlong cursor', 'a'.repeat(501)],
  ]
  it.each(tampered)(
    'a tampered cursor (%s) is a 400 problem naming query.cursor, never a 500',
    async (_what, cursor) => {
      await createArticle(ctx, { slug: 'story', status: 'published', publishedAt: at(-HOUR) })
      for (const auth of [undefined, ctx.auth.editor]) {
        const req = ctx.api.get(`/v1/articles?cursor=${encodeURIComponent(cursor)}`)
        if (auth) req.set('authorization', auth)
        const res = await req
        expect(problem(res, 400).errors?.map((e) => e.path)).toEqual(['query.cursor'])
      }
    },
  )
})
