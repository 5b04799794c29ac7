import { describe, expect, it } from 'vitest'
import { MAX_DEPTH } from '../../../src/plugins/request-checks.js'
import { createArticle } from '../../helpers/factories.js'
import { createSlot } from '../../helpers/slots.js'
import { problem, useTestApp } from '../../helpers/test-app.js'

const ctx = useTestApp()

/** JSON text of `depth` nested arrays or objects around `inner`, built as text (JSON.stringify would recurse). */
function nested(depth: number, kind: 'array' | 'object', inner = '1'): string {
  return kind === 'array'
    ? '['.repeat(depth) + inner + ']'.repeat(depth)
    : '{"a":'.repeat(depth) + inner + '}'.repeat(depth)
}

const send = (
  method: 'post' | 'patch' | 'put',
  path: string,
  json: string,
  auth = ctx.auth.admin,
) =>
  ctx.api[method](path)
    .set('authorization', auth)
    .set('content-type', 'application/json')
    .send(json)

describe('deeply nested JSON bodies', () => {
  for (const depth of [10_000, 100_000]) {
    for (const kind of ['array', 'object'] as const) {
      it(`${depth.toLocaleString('en')} levels of ${kind}s in a field of POST /v1/articles: 400 naming the field, nothing stored`, async () => {
        const before = await ctx.snapshot()
        const res = await send(
          'post',
          '/v1/articles',
          `{"headline":"Deep","dek":${nested(depth, kind)}}`,
        )
        const p = problem(res, 400)
        expect(p.type).toContain('validation-error')
        expect(p.errors?.[0]?.path).toMatch(/^dek\./)
        expect(p.errors?.[0]?.message).toContain(`${MAX_DEPTH} levels`)
        expect(await ctx.snapshot()).toEqual(before)
      })

      it(`${depth.toLocaleString('en')} levels of ${kind}s as the whole body: 400, nothing stored`, async () => {
        const before = await ctx.snapshot()
        const p = problem(await send('post', '/v1/bylines', nested(depth, kind)), 400)
        expect(p.errors?.length).toBeGreaterThan(0)
        expect(await ctx.snapshot()).toEqual(before)
      })
    }
  }

  it('on PATCH of an article and PUT of slot items too: 400, the article and the list unchanged', async () => {
    const article = await createArticle(ctx)
    await createSlot(ctx)
    const before = await ctx.snapshot()
    const patch = await send(
      'patch',
      `/v1/articles/${article.id}`,
      `{"heroImage":${nested(100_000, 'object')}}`,
    )
    expect(problem(patch, 400).errors?.[0]?.path).toMatch(/^heroImage\.a\.a/)
    const items = await send(
      'put',
      '/v1/slots/you-may-also-like/items',
      `{"items":${nested(100_000, 'array')}}`,
    )
    expect(problem(items, 400).errors?.[0]?.path).toMatch(/^items\.0\.0/)
    expect(await ctx.snapshot()).toEqual(before)
    const listed = await ctx.api
      .get('/v1/slots/you-may-also-like/items')
      .set('authorization', ctx.auth.admin)
    expect(listed.body.items ?? []).toEqual([])
  })

  it(`nesting just under the cap (${MAX_DEPTH - 1} levels) reaches validation and is a 400 naming the field`, async () => {
    const p = problem(
      await send(
        'post',
        '/v1/articles',
        `{"headline":"Deep","dek":${nested(MAX_DEPTH - 2, 'array')}}`,
      ),
      400,
    )
    expect(p.errors?.map((e) => e.path)).toEqual(['dek'])
  })

  it('an ordinary body still goes through', async () => {
    const res = await send(
      'post',
      '/v1/articles',
      JSON.stringify({ headline: 'Shallow', tags: ['a'] }),
    )
    expect(res.status).toBe(201)
  })
})
