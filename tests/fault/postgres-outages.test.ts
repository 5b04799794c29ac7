// What the app does when PostgreSQL restarts, freezes, or its LISTEN connection hangs: on a private
// throwaway server (never the shared one), with short timeouts so that every step is bounded.
// Prints the measured numbers; the bounds asserted are the configured ones plus scheduling slack.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type App, buildApp } from '../../src/app.js'
import { FEED_APPLICATION_NAME } from '../../src/db/change-feed.js'
import { type Database, openDatabase } from '../../src/db/client.js'
import { applyMigrations } from '../../src/db/migration-engine.js'
import type { DatabaseTimeouts } from '../../src/db/pool-timeouts.js'
import { createKey } from '../../src/modules/keys/keys.service.js'
import {
  adminClient,
  canRunThrowawayPostgres,
  startThrowawayPostgres,
  type ThrowawayPostgres,
} from './throwaway-postgres.js'

const TIMEOUTS: DatabaseTimeouts = {
  connectMs: 1_000,
  queryMs: 1_500,
  readinessMs: 800,
  feedHeartbeatMs: 250,
  feedTimeoutMs: 500,
  retryAfterSeconds: 2,
}
/** Timer and scheduling slack on a loaded 2-core machine. */
const SLACK_MS = 1_000
const REQUEST_TIMEOUT_MS = 10_000

interface Instance {
  db: Database
  app: App
  base: string
}

const elapsed = (since: number) => Math.round(performance.now() - since)
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe.skipIf(!canRunThrowawayPostgres())('PostgreSQL outages (private throwaway server)', () => {
  let server: ThrowawayPostgres
  let a: Instance
  let auth: string
  const instances: Instance[] = []

  async function startInstance(): Promise<Instance> {
    const db = await openDatabase(
      { kind: 'postgres', url: server.url, poolSize: 5 },
      { timeouts: TIMEOUTS },
    )
    const app = await buildApp({ prisma: db.prisma, databaseUrl: server.url })
    await app.listen({ port: 0, host: '127.0.0.1' })
    const address = app.server.address()
    const port = typeof address === 'object' && address ? address.port : 0
    const instance = { db, app, base: `http://127.0.0.1:${port}` }
    instances.push(instance)
    return instance
  }

  function call(path: string, init: RequestInit & { key?: string | null } = {}) {
    const { key = auth, ...rest } = init
    const headers: Record<string, string> = { ...(rest.headers as Record<string, string>) }
    if (key) headers.authorization = key
    if (rest.body) headers['content-type'] = 'application/json'
    return fetch(`${a.base}${path}`, {
      ...rest,
      headers,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    })
  }

  function create(slug: string, base = a.base) {
    return fetch(`${base}/v1/articles`, {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/json' },
      body: JSON.stringify({
        headline: `Story ${slug}`,
        slug,
        body: 'Text.',
        creditLine: 'Desk',
        status: 'published',
      }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    })
  }

  beforeAll(async () => {
    const started = performance.now()
    server = await startThrowawayPostgres()
    const migrator = await openDatabase({ kind: 'postgres', url: server.url, poolSize: 1 })
    await applyMigrations(migrator)
    await migrator.close()
    a = await startInstance()
    auth = `Bearer ${(await createKey(a.db.prisma, { name: 'fault admin', role: 'admin' })).key}`
    console.log(
      `throwaway PostgreSQL on port ${server.port} ready with app A in ${elapsed(started)} ms`,
    )
  }, 60_000)

  afterAll(async () => {
    // Thaw first: closing pools on a frozen server would wait for it.
    await server?.thaw().catch(() => {})
    for (const { app, db } of instances) {
      await Promise.race([app.close().then(() => db.close()), sleep(5_000)]).catch(() => {})
    }
    server?.destroy()
  }, 30_000)

  for (const mode of ['fast', 'immediate'] as const) {
    it(`restart -m ${mode} under write load loses no acknowledged write`, async () => {
      const acknowledged: string[] = []
      const statuses: Record<string, number> = {}
      let stop = false
      let restartedAt = 0
      let firstAckAfterRestart = 0
      const writers = Array.from({ length: 4 }, (_, w) =>
        (async () => {
          for (let i = 0; !stop; i++) {
            const slug = `${mode}-${w}-${i}`
            let status: string
            try {
              const res = await create(slug)
              status = String(res.status)
              await res.arrayBuffer()
              if (res.status === 201) {
                acknowledged.push(slug)
                if (restartedAt && !firstAckAfterRestart) firstAckAfterRestart = performance.now()
              }
            } catch (err) {
              status = (err as Error).name
            }
            statuses[status] = (statuses[status] ?? 0) + 1
            if (status !== '201') await sleep(20)
          }
        })(),
      )
      const deadline = performance.now() + 20_000
      while (acknowledged.length < 40 && performance.now() < deadline) await sleep(10)
      const ackedBefore = acknowledged.length
      const restartStarted = performance.now()
      await server.restart(mode)
      restartedAt = performance.now()
      const restartMs = elapsed(restartStarted)
      while (acknowledged.length < ackedBefore + 40 && performance.now() < deadline + 10_000)
        await sleep(10)
      stop = true
      await Promise.all(writers)

      const missing: string[] = []
      for (const slug of acknowledged) {
        const res = await call(`/v1/articles/${slug}`)
        if (res.status !== 200) missing.push(`${slug}: ${res.status}`)
        await res.arrayBuffer()
      }
      const recoveryMs = firstAckAfterRestart ? Math.round(firstAckAfterRestart - restartedAt) : -1
      console.log(
        `restart -m ${mode}: pg_ctl restart took ${restartMs} ms; ${acknowledged.length} writes acknowledged ` +
          `(${ackedBefore} before it); answers ${JSON.stringify(statuses)}; first 201 ${recoveryMs} ms after ` +
          `the server was back; acknowledged but missing: ${missing.length}`,
      )
      expect(missing).toEqual([])
      expect(acknowledged.length).toBeGreaterThan(ackedBefore)
      // Every failure is a 503 to retry, never a 500.
      expect(Object.keys(statuses).filter((s) => s !== '201' && s !== '503')).toEqual([])
      expect(recoveryMs).toBeGreaterThanOrEqual(0)
      expect(recoveryMs).toBeLessThanOrEqual(1_000)
    }, 60_000)
  }

  it('a frozen database: /readyz 503 within 2 s, requests 503 + Retry-After within the timeout; back within 1 s of the thaw', async () => {
    expect((await call('/readyz')).status).toBe(200)
    const timed = async (label: string, run: () => Promise<Response>) => {
      const started = performance.now()
      const res = await run()
      const body = await res.text()
      return {
        label,
        status: res.status,
        ms: elapsed(started),
        type: res.headers.get('content-type'),
        retryAfter: res.headers.get('retry-after'),
        body,
      }
    }
    const wave = () =>
      Promise.all([
        timed('GET /readyz', () => call('/readyz', { key: null })),
        timed('GET /v1/articles (keyed)', () => call('/v1/articles?limit=5')),
        timed('GET /v1/articles/:slug (anonymous)', () =>
          call('/v1/articles/fast-0-0', { key: null }),
        ),
        timed('POST /v1/articles', () => create(`frozen-${Date.now()}`)),
      ])
    await server.freeze()
    const frozenAt = performance.now()
    try {
      // First while pooled connections exist (they hang: the query timeout ends them), then again
      // with none left (new connections hang: the connect timeout ends them).
      const first = await wave()
      const second = await wave()
      for (const [n, results] of [first, second].entries()) {
        console.log(
          `frozen, wave ${n + 1}: ${results.map((r) => `${r.label} ${r.status} in ${r.ms} ms`).join('; ')}`,
        )
      }
      for (const r of [...first, ...second]) {
        expect(r.status, r.label).toBe(503)
        if (r.label === 'GET /readyz') {
          expect(r.ms).toBeLessThan(2_000)
          continue
        }
        expect(r.ms, r.label).toBeLessThanOrEqual(
          Math.max(TIMEOUTS.queryMs, TIMEOUTS.connectMs) + SLACK_MS,
        )
        expect(r.type).toMatch(/^application\/problem\+json/)
        expect(r.retryAfter).toBe(String(TIMEOUTS.retryAfterSeconds))
        expect(JSON.parse(r.body)).toMatchObject({
          status: 503,
          type: 'urn:newsroom-cms:problem:service-unavailable',
        })
      }
      expect(a.app.changes.connected).toBe(false)
    } finally {
      await server.thaw()
    }
    const thawedAt = performance.now()
    let readyMs = -1
    let readMs = -1
    let writeMs = -1
    while (performance.now() - thawedAt < 5_000 && (readyMs < 0 || readMs < 0 || writeMs < 0)) {
      const [ready, read, write] = await Promise.all([
        readyMs < 0 ? call('/readyz', { key: null }) : null,
        readMs < 0 ? call('/v1/articles?limit=5') : null,
        writeMs < 0 ? create(`thawed-${Date.now()}`) : null,
      ])
      if (ready?.status === 200) readyMs = elapsed(thawedAt)
      if (read?.status === 200) readMs = elapsed(thawedAt)
      if (write?.status === 201) writeMs = elapsed(thawedAt)
      await Promise.all([ready?.arrayBuffer(), read?.arrayBuffer(), write?.arrayBuffer()])
      if (readyMs < 0 || readMs < 0 || writeMs < 0) await sleep(25)
    }
    const feedDeadline = performance.now() + 10_000
    while (!a.app.changes.connected && performance.now() < feedDeadline) await sleep(25)
    console.log(
      `frozen for ${Math.round(thawedAt - frozenAt)} ms; after the thaw: /readyz 200 in ${readyMs} ms, ` +
        `keyed read 200 in ${readMs} ms, write 201 in ${writeMs} ms; change feed listening again after ${elapsed(thawedAt)} ms`,
    )
    for (const ms of [readyMs, readMs, writeMs]) {
      expect(ms).toBeGreaterThanOrEqual(0)
      expect(ms).toBeLessThanOrEqual(1_000)
    }
  }, 60_000)

  it('a hung LISTEN backend is noticed within the heartbeat bound, and no stale cached answer is served after it', async () => {
    const b = await startInstance()
    const slug = `cached-${Date.now()}`
    const created = await create(slug)
    expect(created.status).toBe(201)
    const { id } = (await created.json()) as { id: string }
    const anonymous = async () => {
      const res = await fetch(`${b.base}/v1/articles/${slug}`, {
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      })
      const body =
        res.status === 200 ? ((await res.json()) as { status: string }) : await res.arrayBuffer()
      return { status: res.status, cache: res.headers.get('x-cache'), body }
    }
    // A's create reaches B through NOTIFY a moment later, which may drop what B just stored.
    let cached = await anonymous()
    for (let i = 0; i < 20 && cached.cache !== 'HIT'; i++) cached = await anonymous()
    expect(cached).toMatchObject({ status: 200, cache: 'HIT' })

    // B's listening backend, by application_name, checked to be a child of this server's postmaster.
    const admin = await adminClient(server.url)
    let pid: number
    try {
      const { rows } = await admin.query<{ pid: number }>(
        'SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND pid = $2',
        [FEED_APPLICATION_NAME, b.app.changes.backendPid],
      )
      expect(rows).toHaveLength(1)
      pid = rows[0]!.pid
    } finally {
      await admin.end()
    }
    const bound = TIMEOUTS.feedHeartbeatMs + TIMEOUTS.feedTimeoutMs
    await server.freezeBackend(pid)
    const frozenAt = performance.now()
    try {
      // A unpublishes: its NOTIFY is committed but cannot reach B's hung backend.
      const unpublished = await call(`/v1/articles/${id}/unpublish`, { method: 'POST' })
      expect(unpublished.status).toBe(200)
      await unpublished.arrayBuffer()
      const right = await anonymous()
      const rightMs = elapsed(frozenAt)
      while (b.app.changes.connected && performance.now() - frozenAt < bound + 5_000)
        await sleep(10)
      const detectedMs = elapsed(frozenAt)
      // Once past the bound, B must not answer the stale published copy.
      const after = await anonymous()
      console.log(
        `hung LISTEN backend ${pid}: B answered ${right.status} ${right.cache ?? ''} ${rightMs} ms after the freeze ` +
          `(right after A unpublished); B noticed the hung feed after ${detectedMs} ms (bound ${bound} ms = ` +
          `heartbeat ${TIMEOUTS.feedHeartbeatMs} + timeout ${TIMEOUTS.feedTimeoutMs}); afterwards B answered ${after.status} ${after.cache ?? ''}`,
      )
      expect(detectedMs).toBeLessThanOrEqual(bound + SLACK_MS)
      expect(after.status).toBe(404)
      // And it listens again on a new connection (the server itself is fine), with a cache again.
      const deadline = performance.now() + 5_000
      while (!b.app.changes.connected && performance.now() < deadline) await sleep(10)
      expect(b.app.changes.connected).toBe(true)
      expect(b.app.changes.backendPid).not.toBe(pid)
      expect((await anonymous()).status).toBe(404)
    } finally {
      server.thawBackend(pid)
    }
  }, 60_000)
})
