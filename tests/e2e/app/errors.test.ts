import { Writable } from 'node:stream'
import supertest from 'supertest'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { type App, buildApp } from '../../../src/app.js'
import { problem, useTestApp } from '../../helpers/test-app.js'

const ctx = useTestApp()

/** What a stack trace looks like in a Node error: "at fn (/path/file.ts:12:34)" or "file.js:1:2". */
const STACK_TRACE = /(\bat\s+\S+\s+\(|\.[cm]?[jt]s:\d+:\d+|node_modules|node:internal)/

const keyOf = (authorization: string) => authorization.replace(/^Bearer /, '')

describe('problems for requests the API cannot route', () => {
  it('an unknown route is a 404 problem+json naming the method and path', async () => {
    const res = await ctx.api.get('/v1/nothing-here?x=1')
    const p = problem(res, 404)
    expect(p.type).toContain('not-found')
    expect(p.detail).toContain('GET /v1/nothing-here')
    expect(p.detail).not.toContain('x=1')
  })

  it('an unknown method on a known path is a 404 problem naming the method', async () => {
    const p = problem(await ctx.api.put('/v1/keys'), 404)
    expect(p.detail).toContain('PUT /v1/keys')
  })

  it('bad percent-encoding in the URL is a 400 problem+json, not a 500', async () => {
    const p = problem(await ctx.api.get('/v1/articles/%E0%A4%A'), 400)
    expect(p.type).toContain('bad-request')
  })

  it('a 400-character path parameter is a 414 "URI too long" problem, not a 500', async () => {
    const res = await ctx.api.get(`/v1/articles/${'a'.repeat(400)}`)
    const p = problem(res, 414)
    expect(p.type).toContain('uri-too-long')
  })

  it('a 400-character key id on DELETE /v1/keys is a 414 problem too', async () => {
    problem(
      await ctx.api.delete(`/v1/keys/${'a'.repeat(400)}`).set('authorization', ctx.auth.admin),
      414,
    )
  })
})

describe('problems for request bodies', () => {
  it('malformed JSON is a 400 problem of type malformed-json, and changes nothing', async () => {
    const before = await ctx.snapshot()
    const res = await ctx.api
      .post('/v1/articles')
      .set('authorization', ctx.auth.editor)
      .set('content-type', 'application/json')
      .send('{"headline": "x",')
    expect(problem(res, 400).type).toContain('malformed-json')
    expect(await ctx.snapshot()).toEqual(before)
  })

  it('an empty JSON body is a 400 malformed-json problem', async () => {
    const res = await ctx.api
      .post('/v1/articles')
      .set('authorization', ctx.auth.editor)
      .set('content-type', 'application/json')
      .send('')
    expect(problem(res, 400).type).toContain('malformed-json')
  })

  it.each([
    ['text/plain', 'headline=x'],
    ['application/xml', '<article><headline>x</headline></article>'],
    ['application/x-www-form-urlencoded', 'headline=x'],
  ])('a %s body is a 415 problem, and changes nothing', async (type, body) => {
    const before = await ctx.snapshot()
    const res = await ctx.api
      .post('/v1/articles')
      .set('authorization', ctx.auth.editor)
      .set('content-type', type)
      .send(body)
    expect(problem(res, 415).type).toContain('unsupported-media-type')
    expect(await ctx.snapshot()).toEqual(before)
  })

  it('a body over the default 1 MiB limit is a 413 problem, and changes nothing', async () => {
    const before = await ctx.snapshot()
    const body = JSON.stringify({ headline: 'x', body: 'a'.repeat(1024 * 1024) })
    const res = await ctx.api
      .post('/v1/articles')
      .set('authorization', ctx.auth.editor)
      .set('content-type', 'application/json')
      .send(body)
    expect(problem(res, 413).type).toContain('payload-too-large')
    expect(await ctx.snapshot()).toEqual(before)
  })

  it('a body just under the default 1 MiB limit is accepted', async () => {
    const body = JSON.stringify({ headline: 'x', body: 'a'.repeat(1024 * 1024 - 100) })
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(1024 * 1024)
    const res = await ctx.api
      .post('/v1/articles')
      .set('authorization', ctx.auth.editor)
      .set('content-type', 'application/json')
      .send(body)
    expect(res.status).not.toBe(413)
    expect(res.status).toBeLessThan(500)
  })

  describe('with bodyLimit: 2048', () => {
    let small: App
    beforeAll(async () => {
      small = await buildApp({ prisma: ctx.db.prisma, bodyLimit: 2048 })
      await small.ready()
    })
    afterAll(async () => {
      await small?.close()
    })

    it('a body over 2048 bytes is a 413 problem', async () => {
      const body = JSON.stringify({ headline: 'x', body: 'a'.repeat(2100) })
      const res = await supertest(small.server)
        .post('/v1/articles')
        .set('authorization', ctx.auth.editor)
        .set('content-type', 'application/json')
        .send(body)
      expect(problem(res, 413).type).toContain('payload-too-large')
      expect(await ctx.db.prisma.article.count()).toBe(0)
    })

    it('a body under 2048 bytes goes through', async () => {
      const body = JSON.stringify({ headline: 'x', body: 'a'.repeat(1900) })
      expect(Buffer.byteLength(body)).toBeLessThan(2048)
      const res = await supertest(small.server)
        .post('/v1/articles')
        .set('authorization', ctx.auth.editor)
        .set('content-type', 'application/json')
        .send(body)
      expect(res.status, JSON.stringify(res.body)).toBe(201)
    })
  })
})

describe('problems for credentials', () => {
  it.each(['Basic abc', 'Basic dXNlcjpwYXNz', 'Token abc', 'Bearer'])(
    'Authorization "%s" is a 401 problem with www-authenticate: Bearer',
    async (header) => {
      const res = await ctx.api.get('/v1/keys').set('authorization', header)
      problem(res, 401)
      expect(res.headers['www-authenticate']).toBe('Bearer')
    },
  )

  it('a Basic header is rejected even on a public read', async () => {
    problem(await ctx.api.get('/v1/articles').set('authorization', 'Basic abc'), 401)
  })
})

describe('every problem', () => {
  const cases = [
    ['unknown route', () => ctx.api.get('/nope')],
    ['bad percent-encoding', () => ctx.api.get('/v1/articles/%E0%A4%A')],
    ['over-long path parameter', () => ctx.api.get(`/v1/articles/${'a'.repeat(400)}`)],
    [
      'malformed JSON',
      () =>
        ctx.api
          .post('/v1/articles')
          .set('authorization', ctx.auth.editor)
          .set('content-type', 'application/json')
          .send('{'),
    ],
    [
      'text/plain body',
      () =>
        ctx.api
          .post('/v1/articles')
          .set('authorization', ctx.auth.editor)
          .set('content-type', 'text/plain')
          .send('x'),
    ],
    [
      'validation error',
      () => ctx.api.post('/v1/articles').set('authorization', ctx.auth.editor).send({ bogus: 1 }),
    ],
    ['anonymous write', () => ctx.api.post('/v1/articles').send({ headline: 'x' })],
    ['Basic credentials', () => ctx.api.get('/v1/keys').set('authorization', 'Basic abc')],
    ['editor on keys', () => ctx.api.get('/v1/keys').set('authorization', ctx.auth.editor)],
    ['missing article', () => ctx.api.get('/v1/articles/no-such-story')],
  ] as const

  it.each(cases)(
    '(%s) has an instance, an x-request-id header and no stack trace',
    async (_label, send) => {
      const res = await send()
      expect(res.status).toBeGreaterThanOrEqual(400)
      expect(res.status).toBeLessThan(500)
      const p = problem(res, res.status) as { instance?: unknown }
      expect(typeof p.instance).toBe('string')
      expect(String(p.instance)).toMatch(/^\//)
      expect(res.headers['x-request-id']).toBeTruthy()
      expect(res.text).not.toMatch(STACK_TRACE)
      expect(res.text).not.toContain('"stack"')
    },
  )

  it('the x-request-id header echoes the id the client sent', async () => {
    const res = await ctx.api.get('/nope').set('x-request-id', 'trace-1234')
    problem(res, 404)
    expect(res.headers['x-request-id']).toBe('trace-1234')
  })

  it('a router-level problem echoes the client request id too', async () => {
    const res = await ctx.api.get('/v1/articles/%E0%A4%A').set('x-request-id', 'trace-5678')
    problem(res, 400)
    expect(res.headers['x-request-id']).toBe('trace-5678')
  })

  describe('for an unexpected error', () => {
    let app: App
    beforeAll(async () => {
      app = await buildApp({ prisma: ctx.db.prisma })
      app.get('/boom', async () => {
        throw new Error('internal detail: connection string postgres://secret@db')
      })
      await app.ready()
    })
    afterAll(async () => {
      await app?.close()
    })

    it('is a generic 500 problem quoting the request id, without the message or a stack trace', async () => {
      const res = await supertest(app.server).get('/boom').set('x-request-id', 'boom-1')
      const p = problem(res, 500)
      expect(p.type).toContain('internal-error')
      expect(p.detail).toContain('boom-1')
      expect(res.headers['x-request-id']).toBe('boom-1')
      expect(res.text).not.toContain('internal detail')
      expect(res.text).not.toContain('secret')
      expect(res.text).not.toMatch(STACK_TRACE)
    })
  })
})

describe('server logs', () => {
  let app: App
  let logged = ''
  beforeAll(async () => {
    const stream = new Writable({
      write(chunk, _encoding, done) {
        logged += String(chunk)
        done()
      },
    })
    app = await buildApp({
      prisma: ctx.db.prisma,
      // Mirrors src/server.ts.
      logger: {
        level: 'info',
        stream,
        redact: ['req.headers.authorization', 'req.headers.cookie'],
      },
    })
    await app.ready()
  })
  afterAll(async () => {
    await app?.close()
  })

  it('record the path and the names of query parameters, never their values nor the API key', async () => {
    const key = keyOf(ctx.auth.admin)
    const res = await supertest(app.server)
      .get('/v1/articles?limit=7&q=reader-history')
      .set('authorization', ctx.auth.admin)
      .set('cookie', `session=${key}`)
    expect(res.status).toBe(200)
    await vi.waitFor(() => expect(logged).toContain('request completed'))
    const line = JSON.parse(logged.split('\n').find((l) => l.includes('request completed')) ?? '{}')
    expect(line).toMatchObject({
      method: 'GET',
      path: '/v1/articles',
      params: 'limit,q',
      status: 200,
    })
    expect(logged).not.toContain('reader-history')
    expect(logged).not.toContain(key)
    expect(logged).not.toContain(key.slice(11))
  })

  it('do not record a rejected key either', async () => {
    const bogus = 'ncms_thisIsNotARealKeyButShouldNotBeLoggedEither0123'
    const res = await supertest(app.server)
      .get('/v1/articles/some-story')
      .set('authorization', `Bearer ${bogus}`)
    problem(res, 401)
    await vi.waitFor(() => expect(logged).toContain('/v1/articles/some-story'))
    await vi.waitFor(() =>
      expect(logged.match(/request completed/g)?.length).toBeGreaterThanOrEqual(2),
    )
    expect(logged).not.toContain(bogus)
    expect(logged).not.toContain(bogus.slice(5))
  })
})
