// The event workers survive a PostgreSQL restart: passes fail while it is down, and events written
// after it is back are delivered without restarting the app (private throwaway server).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type App, buildApp } from '../../src/app.js'
import { type Database, openDatabase } from '../../src/db/client.js'
import { applyMigrations } from '../../src/db/migration-engine.js'
import { createKey } from '../../src/modules/keys/keys.service.js'
import { type Receiver, startReceiver } from '../helpers/webhook-receiver.js'
import {
  canRunThrowawayPostgres,
  startThrowawayPostgres,
  type ThrowawayPostgres,
} from './throwaway-postgres.js'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

async function until(check: () => boolean, ms: number) {
  const deadline = Date.now() + ms
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out')
    await sleep(50)
  }
}

describe.skipIf(!canRunThrowawayPostgres())('event workers across a PostgreSQL restart', () => {
  let server: ThrowawayPostgres
  let db: Database
  let app: App
  let base: string
  let auth: string
  let receiver: Receiver

  beforeAll(async () => {
    server = await startThrowawayPostgres()
    receiver = await startReceiver()
    db = await openDatabase(
      { kind: 'postgres', url: server.url, poolSize: 5 },
      { timeouts: { connectMs: 1_000, queryMs: 1_500 } },
    )
    await applyMigrations(db)
    app = await buildApp({
      prisma: db.prisma,
      databaseUrl: server.url,
      events: {
        workers: true,
        pollMs: 200,
        allowHttp: true,
        allowPrivateAddresses: true,
        timeoutMs: 1_000,
      },
    })
    await app.listen({ port: 0, host: '127.0.0.1' })
    const address = app.server.address()
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
    auth = `Bearer ${(await createKey(db.prisma, { name: 'fault admin', role: 'admin' })).key}`
  }, 60_000)

  afterAll(async () => {
    await Promise.race([app?.close().then(() => db?.close()), sleep(5_000)]).catch(() => {})
    await receiver?.close()
    server?.destroy()
  }, 30_000)

  const post = (path: string, body: unknown) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    })

  async function createStory(slug: string) {
    const deadline = Date.now() + 20_000
    for (;;) {
      const res = await post('/v1/articles', { headline: slug, slug, body: 'Text.' }).catch(
        () => null,
      )
      if (res?.status === 201) return
      if (Date.now() > deadline) throw new Error(`could not create ${slug}: ${res?.status}`)
      await sleep(200)
    }
  }

  it('delivers events written after the restart', async () => {
    expect((await post('/v1/webhooks', { url: receiver.url })).status).toBe(201)
    await createStory('before-restart')
    await until(() => receiver.received.length === 1, 15_000)
    await server.restart('fast')
    await createStory('after-restart')
    await until(() => receiver.received.length >= 2, 20_000)
    expect(receiver.bodies().map((e) => (e.resource as { slug: string }).slug)).toEqual([
      'before-restart',
      'after-restart',
    ])
  }, 90_000)
})
