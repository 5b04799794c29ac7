// At least once: a server killed (-9) while a delivery is in flight leaves it leased, and after a
// restart it is delivered again with the same webhook-id once the lease has run out.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { embeddedEnv, type Spawned, spawnTs } from '../helpers/spawned.js'
import { type Receiver, startReceiver } from '../helpers/webhook-receiver.js'

const TIMEOUT = 180_000
const ENV = {
  WEBHOOK_ALLOW_HTTP: 'true',
  WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true',
  WEBHOOK_TIMEOUT_MS: '1000',
  WORKER_POLL_MS: '200',
}

async function startServer(dataDir: string): Promise<{ run: Spawned; base: string }> {
  const server = spawnTs('src/server.ts', [], embeddedEnv(dataDir, ENV))
  const deadline = Date.now() + 120_000
  while (Date.now() < deadline) {
    const listening = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(server.output())
    if (listening?.[1]) return { run: server, base: listening[1] }
    if (server.child.exitCode !== null) break
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`the server did not start:\n${server.output()}`)
}

async function until(check: () => boolean, ms: number) {
  const deadline = Date.now() + ms
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out')
    await new Promise((r) => setTimeout(r, 50))
  }
}

describe('kill -9 during a webhook delivery', () => {
  let dataDir: string
  let receiver: Receiver
  const servers: Spawned[] = []

  afterAll(async () => {
    for (const server of servers) server.child.kill('SIGKILL')
    await receiver?.close()
    if (dataDir) await rm(dataDir, { recursive: true, force: true })
  })

  it(
    'delivers after the restart, with the same webhook-id',
    async () => {
      dataDir = await mkdtemp(join(tmpdir(), 'cms-webhook-kill-'))
      receiver = await startReceiver()
      let first = await startServer(dataDir)
      servers.push(first.run)
      const key = /^ADMIN_API_KEY=(\S+)$/m.exec(first.run.output())?.[1] ?? ''
      const call = (base: string, path: string, body: unknown) =>
        fetch(`${base}${path}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        })
      // The first attempt hangs: the server is killed while waiting for the answer.
      receiver.answer((_, i) => (i === 0 ? { delayMs: 60_000 } : { status: 204 }))
      expect((await call(first.base, '/v1/webhooks', { url: receiver.url })).status).toBe(201)
      const created = await call(first.base, '/v1/articles', {
        headline: 'Killed mid-delivery',
        body: 'Text.',
      })
      expect(created.status).toBe(201)
      await until(() => receiver.received.length === 1, 20_000)
      first.run.child.kill('SIGKILL')
      await first.run.exited

      first = await startServer(dataDir)
      servers.push(first.run)
      await until(() => receiver.received.length >= 2, 60_000)
      const [lost, again] = receiver.received
      expect(again?.headers['webhook-id']).toBe(lost?.headers['webhook-id'])
      expect(JSON.parse(again?.body ?? '{}')).toMatchObject({ type: 'article.created' })
    },
    TIMEOUT,
  )
})
