import { describe, expect, it } from 'vitest'
import { createArticle } from '../../helpers/factories.js'
import { problem, useTestApp } from '../../helpers/test-app.js'

const ctx = useTestApp()

const get = (path: string) => ctx.api.get(path).set('authorization', ctx.auth.admin)

describe('whole numbers in query strings and paths', () => {
  const LIMITED = ['/v1/articles', '/v1/bylines', '/v1/keys', '/v1/audit']
  // Written as sent: %20 is a space, %2B a plus sign.
  const NOT_PLAIN_DIGITS = [
    '0x10',
    '%205',
    '5%20',
    '1e2',
    '5.0',
    '%2B5',
    '-1',
    '',
    '0',
    '101',
    '5,6',
    'Infinity',
    '0b11',
    '1_0',
  ]

  it.each(LIMITED)(
    '%s: limit other than plain digits in range is a 400 naming query.limit',
    async (path) => {
      for (const value of NOT_PLAIN_DIGITS) {
        const p = problem(await get(`${path}?limit=${value}`), 400)
        expect(
          p.errors?.map((e) => e.path),
          `limit=${value}`,
        ).toEqual(['query.limit'])
        expect(p.errors?.[0]?.message).toContain('whole number from 1 to 100')
      }
    },
  )

  it.each(LIMITED)('%s: limit=5 and no limit at all are fine', async (path) => {
    const five = await get(`${path}?limit=5`)
    expect(five.status).toBe(200)
    expect(five.body.page.limit).toBe(5)
    const none = await get(path)
    expect(none.status).toBe(200)
    expect(none.body.page.limit).toBe(20)
  })

  it('revision numbers in the path and `against` take plain digits only', async () => {
    const article = await createArticle(ctx)
    const base = `/v1/articles/${article.id}/revisions`
    expect((await get(`${base}/1`)).status).toBe(200)
    for (const version of ['0x1', '1.0', '1e0', '%201']) {
      expect(
        problem(await get(`${base}/${version}`), 400).errors?.map((e) => e.path),
        version,
      ).toEqual(['path.version'])
    }
    expect((await get(`${base}/1/diff?against=1`)).status).toBe(200)
    for (const against of ['0x1', '1.0', '1e0', '']) {
      expect(
        problem(await get(`${base}/1/diff?against=${against}`), 400).errors?.map((e) => e.path),
        against,
      ).toEqual(['query.against'])
    }
  })
})

describe('unknown and malformed query parameters', () => {
  /** Every operation with query parameters in the OpenAPI document, and a valid path for it. */
  async function operationsWithQueries() {
    const article = await createArticle(ctx, { slug: 'harbour', status: 'published' })
    const document = (await ctx.api.get('/docs/json')).body as {
      paths: Record<string, Record<string, { parameters?: { in: string; name: string }[] }>>
    }
    const concrete = (path: string) =>
      path
        .replace('{idOrSlug}', article.id)
        .replace('{slug}', article.slug)
        .replace('{version}', '1')
        .replace('{format}', 'rss')
        // Any id: the query is checked before the handler looks for the resource.
        .replace('{id}', '3f6c2a9e-5b1d-4e8a-9c47-1d2e3f4a5b6c')
    const found: { method: string; path: string; known: string[] }[] = []
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const known = (operation.parameters ?? [])
          .filter((p) => p.in === 'query')
          .map((p) => p.name)
        if (known.length > 0) found.push({ method, path: concrete(path), known })
      }
    }
    return found
  }

  it('on every route with query parameters, an unknown one is a 400 "Unknown query parameter" naming it', async () => {
    const operations = await operationsWithQueries()
    expect(operations.map((o) => `${o.method} ${o.path}`).length).toBeGreaterThanOrEqual(10)
    for (const { method, path, known } of operations) {
      // Valid values for what the route needs, so that only the unknown parameter is wrong.
      const needed = known.includes('against') ? 'against=1&' : ''
      for (const junk of ['junk=1', 'sectionz=world', 'LIMIT=5']) {
        const before = await ctx.snapshot()
        const request = ctx.api[method as 'get' | 'delete' | 'post'](
          `${path}?${needed}${junk}`,
        ).set('authorization', ctx.auth.admin)
        // A POST gets a body it accepts (an upload), so that only the query is wrong.
        const res = await (method === 'post'
          ? request.set('content-type', 'application/x-ndjson').send('{}\n')
          : request)
        const p = problem(res, 400)
        const name = junk.split('=')[0]
        expect(p.errors, `${method} ${path}?${junk}`).toEqual([
          { path: `query.${name}`, message: 'Unknown query parameter' },
        ])
        expect(await ctx.snapshot()).toEqual(before)
      }
    }
  })

  it('on every GET route without query parameters, any parameter is a 400 naming it, cached or not', async () => {
    const article = await createArticle(ctx, { slug: 'quiet', status: 'published' })
    const document = (await ctx.api.get('/docs/json')).body as {
      paths: Record<string, Record<string, { parameters?: { in: string }[] }>>
    }
    // Every path of the document, the operational probes included.
    const bare = Object.entries(document.paths)
      .filter(([, ops]) => ops.get && !(ops.get.parameters ?? []).some((p) => p.in === 'query'))
      .map(([path]) => path.replace('{idOrSlug}', article.slug).replace(/\{[^}]+\}/g, 'x'))
    expect(bare).toContain('/v1/articles/quiet/ninjs')
    expect(bare).toEqual(expect.arrayContaining(['/healthz', '/readyz']))
    for (const path of bare) {
      for (const auth of [ctx.auth.admin, null]) {
        const req = ctx.api.get(`${path}?junk=1`)
        const res = await (auth ? req.set('authorization', auth) : req)
        // Without a key, a route that needs one says so first.
        if (!auth && res.status === 401) continue
        expect(problem(res, 400).errors, `${path} ${auth ? 'keyed' : 'anonymous'}`).toEqual([
          { path: 'query.junk', message: 'Unknown query parameter' },
        ])
      }
    }
    // A cached answer does not make the parameter acceptable either.
    expect((await ctx.api.get('/v1/articles/quiet/ninjs')).status).toBe(200)
    expect((await ctx.api.get('/v1/articles/quiet/ninjs')).headers['x-cache']).toBe('HIT')
    problem(await ctx.api.get('/v1/articles/quiet/ninjs?junk=2'), 400)
  })

  it('anonymous reads too, also once the same list without the parameter is cached', async () => {
    await createArticle(ctx, { status: 'published' })
    expect((await ctx.api.get('/v1/articles?section=world')).status).toBe(200)
    const p = problem(await ctx.api.get('/v1/articles?section=world&sectionz=world'), 400)
    expect(p.errors?.map((e) => e.path)).toEqual(['query.sectionz'])
    expect(p.detail).toContain('query.sectionz')
  })

  it('every unknown parameter is named, next to invalid known ones', async () => {
    const p = problem(await ctx.api.get('/v1/articles?junk=1&foo=2&limit=0x10'), 400)
    expect(p.errors?.map((e) => e.path).sort()).toEqual(['query.foo', 'query.junk', 'query.limit'])
  })

  it.each([
    'tag=%ZZ',
    'tag=%',
    'tag=abc%2',
    'tag=%FF',
    'tag=%ED%A0%80',
    'tag=%C0%AF',
    'section=ok&tag=%E0%A4%A',
  ])('bad percent-encoding (%s) is a 400 naming the parameter', async (query) => {
    const p = problem(await ctx.api.get(`/v1/articles?${query}`), 400)
    expect(p.errors).toEqual([
      { path: 'query.tag', message: expect.stringContaining('percent-encoding') },
    ])
  })

  it('bad percent-encoding in a parameter name is named as sent; on a route without a query schema too', async () => {
    expect(
      problem(await ctx.api.get('/v1/articles?t%ZZg=x'), 400).errors?.map((e) => e.path),
    ).toEqual(['query.t%ZZg'])
    expect(problem(await get('/v1/slots?x=%ZZ'), 400).errors?.map((e) => e.path)).toEqual([
      'query.x',
    ])
  })

  it('good percent-encoding, plus signs and repeated parameters are fine', async () => {
    for (const query of [
      'tag=caf%C3%A9',
      'tag=deep+water',
      'q=%22harbour%22',
      'fields=id&fields=headline',
      'tag=%F0%9F%8C%8D',
    ]) {
      expect((await ctx.api.get(`/v1/articles?${query}`)).status, query).toBe(200)
    }
  })
})
