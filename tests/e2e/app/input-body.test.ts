import { describe, expect, it } from 'vitest'
import { createArticle, createByline } from '../../helpers/factories.js'
import { createSlot } from '../../helpers/slots.js'
import { problem, useTestApp } from '../../helpers/test-app.js'

const ctx = useTestApp()

type Method = 'post' | 'put' | 'patch' | 'delete'

/** Sends `json` as it is written, with a JSON Content-Type. */
const send = (method: Method, path: string, json?: string) => {
  const req = ctx.api[method](path).set('authorization', ctx.auth.admin)
  return json === undefined ? req : req.set('content-type', 'application/json').send(json)
}

describe('a JSON null body', () => {
  it('POST …/publish with `null` is a 400, and the article stays a draft', async () => {
    const article = await createArticle(ctx, { creditLine: 'Desk' })
    const before = await ctx.snapshot()
    const p = problem(await send('post', `/v1/articles/${article.id}/publish`, 'null'), 400)
    expect(p.errors).toEqual([{ path: '(root)', message: expect.stringContaining('null') }])
    expect(await ctx.snapshot()).toEqual(before)
    const read = await ctx.api
      .get(`/v1/articles/${article.id}`)
      .set('authorization', ctx.auth.admin)
    expect(read.body.status).toBe('draft')
  })

  it('POST …/publish with no body, or `{}`, still publishes now', async () => {
    const a = await createArticle(ctx, { creditLine: 'Desk' })
    expect((await send('post', `/v1/articles/${a.id}/publish`)).status).toBe(200)
    const b = await createArticle(ctx, { creditLine: 'Desk', headline: 'Another' })
    expect((await send('post', `/v1/articles/${b.id}/publish`, '{}')).status).toBe(200)
  })

  it('is a 400 on every write route that takes a body, changing nothing', async () => {
    const article = await createArticle(ctx)
    const byline = await createByline(ctx, { name: 'Li Wei' })
    await createSlot(ctx)
    const before = await ctx.snapshot()
    const routes: [Method, string][] = [
      ['post', '/v1/articles'],
      ['patch', `/v1/articles/${article.id}`],
      ['post', '/v1/bylines'],
      ['patch', `/v1/bylines/${byline.id}`],
      ['post', '/v1/slots'],
      ['patch', '/v1/slots/you-may-also-like'],
      ['put', '/v1/slots/you-may-also-like/items'],
      ['put', `/v1/articles/${article.id}/slots/you-may-also-like`],
      ['post', '/v1/keys'],
    ]
    for (const [method, path] of routes) {
      const p = problem(await send(method, path, 'null'), 400)
      expect(
        p.errors?.map((e) => e.path),
        `${method} ${path}`,
      ).toEqual(['(root)'])
    }
    expect(await ctx.snapshot()).toEqual(before)
  })
})

describe('a body sent to an action that takes none', () => {
  it.each(['null', '42', '"publish"', '[]', 'true', '{"status":"draft"}'])(
    'POST …/unpublish, …/archive, …/restore and DELETE with %s: 400, nothing changed',
    async (json) => {
      const article = await createArticle(ctx, { status: 'published' })
      await createSlot(ctx)
      const before = await ctx.snapshot()
      const routes: [Method, string][] = [
        ['post', `/v1/articles/${article.id}/unpublish`],
        ['post', `/v1/articles/${article.id}/archive`],
        ['post', `/v1/articles/${article.id}/restore`],
        ['post', `/v1/articles/${article.id}/revisions/1/restore`],
        ['delete', `/v1/articles/${article.id}`],
        ['delete', '/v1/slots/you-may-also-like'],
      ]
      for (const [method, path] of routes) {
        const p = problem(await send(method, path, json), 400)
        const expected = json.startsWith('{"') ? ['status'] : ['(root)']
        expect(
          p.errors?.map((e) => e.path),
          `${method} ${path} ${json}`,
        ).toEqual(expected)
      }
      expect(await ctx.snapshot()).toEqual(before)
    },
  )

  it('an empty object, or no body, is fine', async () => {
    const article = await createArticle(ctx, { status: 'published' })
    expect((await send('post', `/v1/articles/${article.id}/unpublish`, '{}')).status).toBe(200)
    expect((await send('post', `/v1/articles/${article.id}/archive`)).status).toBe(200)
  })

  it('an unknown route is still a 404, body or not', async () => {
    problem(await send('post', '/v1/nothing-here', '{"a":1}'), 404)
  })
})
