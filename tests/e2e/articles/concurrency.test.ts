import supertest from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type App, buildApp } from '../../../src/app.js'
import { type Database, openDatabase } from '../../../src/db/client.js'
import { articleWrites } from '../../helpers/article-writes.js'
import { createArticle, createByline } from '../../helpers/factories.js'
import { problem, useTestApp } from '../../helpers/test-app.js'

const ctx = useTestApp()
/** Runs a request that must be rejected and asserts that nothing changed, the article included. */
const { unchanged } = articleWrites(ctx)

type Problem = ReturnType<typeof problem> & { currentVersion?: number }

/**
 * On PostgreSQL, a second app instance with its own connection pool on the same database, as a
 * second server process would be: the version check cannot rely on anything held in one Node
 * process. On PGlite (one session) there is only the one app.
 */
let second: { app: App; db: Database; api: ReturnType<typeof supertest> } | null = null

beforeAll(async () => {
  if (!ctx.db.url) return
  const db = await openDatabase({ kind: 'postgres', url: ctx.db.url, poolSize: 10 })
  const app = await buildApp({ prisma: db.prisma, clock: ctx.clock.now })
  await app.ready()
  second = { app, db, api: supertest(app.server) }
})

afterAll(async () => {
  await second?.app.close()
  await second?.db.close()
})

const apiFor = (i: number) => (second && i % 2 === 1 ? second.api : ctx.api)

const getArticle = (ref: string, auth: string | null = ctx.auth.editor) => {
  const req = ctx.api.get(`/v1/articles/${encodeURIComponent(ref)}`)
  return auth === null ? req : req.set('authorization', auth)
}
const patchArticle = (ref: string, body: object, ifMatch?: string, api = ctx.api) => {
  const req = api
    .patch(`/v1/articles/${encodeURIComponent(ref)}`)
    .set('authorization', ctx.auth.editor)
  if (ifMatch !== undefined) req.set('if-match', ifMatch)
  return req.send(body)
}
const deleteArticle = (ref: string, ifMatch?: string, query = '') => {
  const req = ctx.api
    .delete(`/v1/articles/${encodeURIComponent(ref)}${query}`)
    .set('authorization', ctx.auth.admin)
  return ifMatch === undefined ? req : req.set('if-match', ifMatch)
}
/** Keyed by default: keyed reads carry the version ETag (anonymous ones a hash of the body). */
const getByline = (ref: string, auth: string | null = ctx.auth.editor) => {
  const req = ctx.api.get(`/v1/bylines/${encodeURIComponent(ref)}`)
  return auth === null ? req : req.set('authorization', auth)
}
const CONTENT_ETAG = /^"[A-Za-z0-9_-]{20,}"$/
const patchByline = (ref: string, body: object, ifMatch?: string) => {
  const req = ctx.api
    .patch(`/v1/bylines/${encodeURIComponent(ref)}`)
    .set('authorization', ctx.auth.editor)
  if (ifMatch !== undefined) req.set('if-match', ifMatch)
  return req.send(body)
}

describe('If-Match on article writes', () => {
  it('refuses a PATCH without If-Match with a 428 problem that says how to get the ETag, changing nothing', async () => {
    const a = await createArticle(ctx, { headline: 'Needs a precondition' })
    const res = await unchanged(() => patchArticle(a.id, { headline: 'Blind overwrite' }), a.id)
    const body = problem(res, 428)
    expect(body.detail).toMatch(/If-Match/)
    expect(body.detail).toMatch(/ETag/)
    expect(body.type).toMatch(/precondition-required/)
  })

  it('refuses a DELETE or a purge without If-Match with a 428 problem, changing nothing', async () => {
    const a = await createArticle(ctx, { headline: 'Still here' })
    for (const query of ['', '?permanent=true']) {
      const body = problem(await unchanged(() => deleteArticle(a.id, undefined, query), a.id), 428)
      expect(body.detail).toMatch(/If-Match/)
      expect(body.detail).toMatch(/ETag/)
    }
  })

  it('refuses a PATCH with a stale If-Match with a 412 problem naming the current version, changing nothing', async () => {
    const a = await createArticle(ctx, { headline: 'Edited twice' })
    const first = await patchArticle(a.id, { dek: 'first edit' }, '"1"')
    expect(first.status).toBe(200)
    const second = await patchArticle(a.id, { dek: 'second edit' }, '"2"')
    expect(second.status).toBe(200)
    const res = await unchanged(() => patchArticle(a.id, { dek: 'lost update' }, '"1"'), a.id)
    const body = problem(res, 412) as Problem
    expect(body.currentVersion).toBe(3)
    expect(body.detail).toMatch(/version 3/)
    expect(body.type).toMatch(/precondition-failed/)
    expect((await getArticle(a.id)).body.dek).toBe('second edit')
  })

  it('refuses a DELETE or a purge with a stale If-Match with a 412 problem naming the current version, changing nothing', async () => {
    const a = await createArticle(ctx, { headline: 'Moved on' })
    expect((await patchArticle(a.id, { dek: 'newer' }, '"1"')).status).toBe(200)
    for (const query of ['', '?permanent=true']) {
      const body = problem(
        await unchanged(() => deleteArticle(a.id, '"1"', query), a.id),
        412,
      ) as Problem
      expect(body.currentVersion).toBe(2)
    }
  })
})

describe('ETag headers', () => {
  it('carries a strong ETag of the version on article POST, keyed GET (by id and slug) and PATCH; anonymous GETs a content ETag', async () => {
    const created = await ctx.api.post('/v1/articles').set('authorization', ctx.auth.editor).send({
      headline: 'Tagged',
      slug: 'tagged',
      body: 'Text.',
      creditLine: 'Desk',
      status: 'published',
    })
    expect(created.status).toBe(201)
    expect(created.headers.etag).toBe('"1"')
    const id = created.body.id as string
    const anonymous = (await getArticle(id, null)).headers.etag
    expect(anonymous).toMatch(CONTENT_ETAG)
    for (const ref of [id, 'tagged']) {
      expect((await getArticle(ref)).headers.etag).toBe('"1"')
      expect((await getArticle(ref, null)).headers.etag).toBe(anonymous)
    }
    const patched = await patchArticle(
      id,
      { dek: 'now with a dek' },
      created.headers.etag as string,
    )
    expect(patched.status).toBe(200)
    expect(patched.headers.etag).toBe('"2"')
    expect(patched.body.version).toBe(2)
    expect((await getArticle('tagged')).headers.etag).toBe('"2"')
    const changed = (await getArticle('tagged', null)).headers.etag
    expect(changed).toMatch(CONTENT_ETAG)
    expect(changed).not.toBe(anonymous)
  })

  it('carries a strong ETag of the version on byline POST, keyed GET (by id and slug) and PATCH; anonymous GETs a content ETag', async () => {
    const created = await ctx.api
      .post('/v1/bylines')
      .set('authorization', ctx.auth.editor)
      .send({ name: 'Ana Ruiz' })
    expect(created.status).toBe(201)
    expect(created.headers.etag).toBe('"1"')
    const id = created.body.id as string
    expect((await getByline(id)).headers.etag).toBe('"1"')
    expect((await getByline('ana-ruiz')).headers.etag).toBe('"1"')
    const patched = await patchByline(id, { jobTitle: 'Reporter' })
    expect(patched.status).toBe(200)
    expect(patched.headers.etag).toBe('"2"')
    expect((await getByline('ana-ruiz')).headers.etag).toBe('"2"')
    expect((await getByline('ana-ruiz', null)).headers.etag).toMatch(CONTENT_ETAG)
  })
})

describe('If-Match on bylines', () => {
  it('refuses a byline PATCH with a stale If-Match with 412 and currentVersion, leaving the byline as it was', async () => {
    const b = await createByline(ctx, { name: 'Li Wei' })
    expect((await patchByline(b.id, { jobTitle: 'Editor' })).status).toBe(200)
    const before = (await getByline(b.id)).body
    const res = await unchanged(() => patchByline(b.id, { jobTitle: 'Overwritten' }, '"1"'))
    expect((problem(res, 412) as Problem).currentVersion).toBe(2)
    expect((await getByline(b.id)).body).toEqual(before)
  })

  it('applies a byline PATCH with the current If-Match and answers with the new ETag', async () => {
    const b = await createByline(ctx, { name: 'Li Wei' })
    const etag = (await getByline(b.id)).headers.etag as string
    const res = await patchByline(b.id, { jobTitle: 'Editor' }, etag)
    expect(res.status).toBe(200)
    expect(res.headers.etag).toBe('"2"')
    expect(res.body).toMatchObject({ jobTitle: 'Editor', version: 2 })
    const next = await patchByline(
      b.id,
      { jobTitle: 'Managing editor' },
      res.headers.etag as string,
    )
    expect(next.status).toBe(200)
    expect(next.headers.etag).toBe('"3"')
  })

  it('applies a byline PATCH without If-Match', async () => {
    const b = await createByline(ctx, { name: 'Li Wei' })
    const res = await patchByline(b.id, { jobTitle: 'Editor' })
    expect(res.status).toBe(200)
    expect(res.headers.etag).toBe('"2"')
    expect((await getByline(b.id)).body.jobTitle).toBe('Editor')
  })
})

describe('concurrent PATCHes with the same ETag', () => {
  const N = 8
  const ROUNDS = 20

  it(`lets exactly one of ${N} concurrent PATCHes win and refuses the others with 412, ${ROUNDS} rounds in a row`, async () => {
    const a = await createArticle(ctx, { slug: 'contested', headline: 'Round 0', dek: 'dek 0' })
    let version = a.version
    for (let round = 1; round <= ROUNDS; round++) {
      const read = await getArticle(a.id)
      const etag = read.headers.etag as string
      expect(etag).toBe(`"${version}"`)
      const results = await Promise.all(
        Array.from({ length: N }, (_, i) =>
          patchArticle(
            a.id,
            { headline: `Round ${round}, writer ${i}`, dek: `dek ${round}.${i}` },
            etag,
            apiFor(i),
          ),
        ),
      )
      const statuses = results.map((r) => r.status).sort()
      expect(statuses, `round ${round}`).toEqual([200, ...Array<number>(N - 1).fill(412)])
      const winner = results.find((r) => r.status === 200)!
      expect(winner.headers.etag).toBe(`"${version + 1}"`)
      expect(winner.body.version).toBe(version + 1)
      for (const loser of results.filter((r) => r.status === 412)) {
        expect((problem(loser, 412) as Problem).currentVersion, `round ${round}`).toBe(version + 1)
      }
      const stored = await getArticle(a.id)
      expect(stored.body).toEqual(winner.body)
      const row = await ctx.db.prisma.article.findUniqueOrThrow({ where: { id: a.id } })
      expect({ headline: row.headline, dek: row.dek, version: row.version }).toEqual({
        headline: winner.body.headline,
        dek: winner.body.dek,
        version: version + 1,
      })
      version += 1
    }
    // One revision and one audit entry per winning write, none for the refused ones.
    expect(await ctx.db.prisma.articleRevision.count({ where: { articleId: a.id } })).toBe(
      1 + ROUNDS,
    )
    expect(
      await ctx.db.prisma.auditEntry.count({
        where: { resourceId: a.id, action: 'article.update' },
      }),
    ).toBe(ROUNDS)
  })
})

describe('concurrent renames with the same ETag', () => {
  it('lets exactly one of several concurrent renames of a published article win; the others get 412, not a slug conflict', async () => {
    const a = await createArticle(ctx, { slug: 'renamed-at-once', status: 'published' })
    for (let round = 1; round <= 5; round++) {
      const etag = (await getArticle(a.id)).headers.etag as string
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          patchArticle(a.id, { slug: `round-${round}-writer-${i}` }, etag, apiFor(i)),
        ),
      )
      expect(
        results.map((r) => r.status).sort(),
        `round ${round}: ${JSON.stringify(results.map((r) => r.body.detail))}`,
      ).toEqual([200, 412, 412, 412, 412, 412])
      const winner = results.find((r) => r.status === 200)!
      expect((await getArticle(a.id)).body.slug).toBe(winner.body.slug)
    }
    // Every slug the article had still leads to it.
    const redirects = await ctx.db.prisma.articleSlugRedirect.findMany({
      where: { articleId: a.id },
    })
    expect(redirects).toHaveLength(5)
  })
})
