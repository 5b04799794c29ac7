import { describe, expect, it } from 'vitest'
import { createArticle, createByline } from '../../helpers/factories.js'
import { createSlot } from '../../helpers/slots.js'
import { problem, useTestApp } from '../../helpers/test-app.js'

const ctx = useTestApp()

/** Sends `body` (JSON text as written, escapes and all, or raw bytes) with the given Content-Type. */
const send = (
  method: 'post' | 'patch' | 'put',
  path: string,
  body: string | Buffer,
  type = 'application/json',
) =>
  ctx.api[method](path)
    .set('authorization', ctx.auth.admin)
    .set('content-type', type)
    // As they are: superagent would otherwise serialize a Buffer as JSON.
    .serialize((raw: unknown) => raw as string)
    .send(body)

describe('lone surrogates in JSON strings', () => {
  it.each([
    ['a high surrogate', '\\ud800'],
    ['a low surrogate', '\\udc00'],
    ['a pair in the wrong order', '\\udc00\\ud800'],
  ])(
    '%s in a headline on create is a 400 naming headline, and nothing is stored',
    async (_, escaped) => {
      const before = await ctx.snapshot()
      const res = await send('post', '/v1/articles', `{"headline":"Storm ${escaped} hits"}`)
      const p = problem(res, 400)
      expect(p.errors?.map((e) => e.path)).toEqual(['headline'])
      expect(p.errors?.[0]?.message).toMatch(/surrogate/)
      expect(await ctx.snapshot()).toEqual(before)
    },
  )

  it('in a headline on PATCH: 400, and the stored headline is not replaced with U+FFFD', async () => {
    const article = await createArticle(ctx, { headline: 'Calm seas' })
    const res = await send('patch', `/v1/articles/${article.id}`, '{"headline":"Storm \\ud800"}')
    expect(problem(res, 400).errors?.map((e) => e.path)).toEqual(['headline'])
    const read = await ctx.api
      .get(`/v1/articles/${article.id}`)
      .set('authorization', ctx.auth.admin)
    expect(read.body.headline).toBe('Calm seas')
    expect(read.body.version).toBe(article.version)
  })

  it('anywhere in a body: a nested field, an array item, a key', async () => {
    await createSlot(ctx)
    const cases: [string, string, string, string][] = [
      [
        'post',
        '/v1/bylines',
        '{"name":"Ana","links":[{"label":"Web \\udfff","url":"https://example.com/"}]}',
        'links.0.label',
      ],
      ['post', '/v1/articles', '{"headline":"x","tags":["ok","\\ud800"]}', 'tags.1'],
      ['post', '/v1/articles', '{"headline":"x","\\ud800":1}', '\ud800'],
      [
        'put',
        '/v1/slots/you-may-also-like/items',
        '{"items":[{"type":"external","url":"https://example.com/","title":"\\ud800","sponsor":"S"}]}',
        'items.0.title',
      ],
    ]
    const before = await ctx.snapshot()
    for (const [method, path, body, field] of cases) {
      const p = problem(await send(method as 'post' | 'put', path, body), 400)
      expect(
        p.errors?.map((e) => e.path),
        body,
      ).toEqual([field])
    }
    expect(await ctx.snapshot()).toEqual(before)
  })

  it('a proper surrogate pair (an emoji), escaped or not, is stored byte-exact', async () => {
    const res = await send('post', '/v1/articles', '{"headline":"Earth \\ud83c\\udf0d and 🌊"}')
    expect(res.status).toBe(201)
    expect(res.body.headline).toBe('Earth 🌍 and 🌊')
  })
})

describe('the bytes and charset of JSON bodies', () => {
  it('bytes that are not UTF-8 are a 400 problem, and nothing is stored', async () => {
    const before = await ctx.snapshot()
    for (const bytes of [[0xe9], [0xff, 0xfe], [0xc3], [0xed, 0xa0, 0x80], [0xc0, 0xaf]]) {
      const body = Buffer.concat([
        Buffer.from('{"headline":"caf'),
        Buffer.from(bytes),
        Buffer.from('"}'),
      ])
      const p = problem(await send('post', '/v1/articles', body), 400)
      expect(p.type).toContain('malformed-json')
      expect(p.detail).toContain('UTF-8')
    }
    expect(await ctx.snapshot()).toEqual(before)
  })

  it.each([
    'application/json; charset=latin1',
    'application/json; charset=ISO-8859-1',
    'application/json;charset="utf-16"',
    'application/json; charset=windows-1252',
  ])('%s is a 415 problem, not silently mangled, and nothing is stored', async (type) => {
    const before = await ctx.snapshot()
    const body = Buffer.from('{"headline":"Caf\u00e9"}', 'latin1')
    const p = problem(await send('post', '/v1/articles', body, type), 415)
    expect(p.type).toContain('unsupported-media-type')
    expect(p.detail).toContain('UTF-8')
    expect(await ctx.snapshot()).toEqual(before)
  })

  it.each([
    'application/json',
    'application/json; charset=utf-8',
    'application/json; charset=UTF-8',
    'application/json;charset="Utf-8"',
    'application/json; charset=utf8',
  ])('%s is accepted and stored byte-exact', async (type) => {
    const res = await send(
      'post',
      '/v1/articles',
      Buffer.from('{"headline":"Café 🌊"}', 'utf8'),
      type,
    )
    expect(res.status).toBe(201)
    expect(res.body.headline).toBe('Café 🌊')
  })

  it('a UTF-8 byte order mark is accepted', async () => {
    const res = await send('post', '/v1/bylines', Buffer.from('\ufeff{"name":"Zoë"}', 'utf8'))
    expect(res.status).toBe(201)
    expect((await createByline(ctx, { name: 'Other' })).name).toBe('Other')
  })

  it('prototype poisoning is still refused as malformed JSON', async () => {
    const p = problem(
      await send('post', '/v1/articles', '{"headline":"x","__proto__":{"admin":true}}'),
      400,
    )
    expect(p.type).toContain('malformed-json')
  })
})
