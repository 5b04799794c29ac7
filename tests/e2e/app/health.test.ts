import supertest from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type App, buildApp } from '../../../src/app.js'
import { openDatabase } from '../../../src/db/client.js'
import { useTestApp } from '../../helpers/test-app.js'

const ctx = useTestApp()

describe('GET /healthz', () => {
  it('is 200 {status: "ok"} without a key', async () => {
    const res = await ctx.api.get('/healthz')
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toMatch(/^application\/json/)
    expect(res.body).toEqual({ status: 'ok' })
  })
})

describe('GET /readyz', () => {
  it('is 200 {status: "ok"} when the database answers', async () => {
    const res = await ctx.api.get('/readyz')
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ status: 'ok' })
  })

  describe('when the database does not answer', () => {
    let app: App
    beforeAll(async () => {
      // A database of its own, closed before the app ever uses it.
      const db = await openDatabase({ kind: 'pglite', dataDir: undefined })
      await db.close()
      app = await buildApp({ prisma: db.prisma })
      await app.ready()
    })
    afterAll(async () => {
      await app?.close()
    })

    it('is 503 {status: "unavailable"}', async () => {
      const res = await supertest(app.server).get('/readyz')
      expect(res.status).toBe(503)
      expect(res.body).toEqual({ status: 'unavailable' })
    })

    it('while /healthz, which does not touch the database, stays 200', async () => {
      const res = await supertest(app.server).get('/healthz')
      expect(res.status).toBe(200)
      expect(res.body).toEqual({ status: 'ok' })
    })
  })
})
