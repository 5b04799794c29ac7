// The embedded database has one writer: a second server or a CLI on the same DATA_DIR refuses
// (naming the holder), nothing acknowledged is lost, and a `kill -9` mid-writes loses nothing
// either: after a restart every acknowledged article is there and amcheck finds no corruption.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { amcheck } from '@electric-sql/pglite/contrib/amcheck'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { embeddedEnv, type Spawned, spawnTs } from '../helpers/spawned.js'

const TIMEOUT = 180_000

const run = (args: string[], dataDir: string) =>
  spawnTs(args[0] ?? '', args.slice(1), embeddedEnv(dataDir))

async function startServer(dataDir: string): Promise<{ run: Spawned; base: string }> {
  const server = run(['src/server.ts'], dataDir)
  const deadline = Date.now() + 120_000
  while (Date.now() < deadline) {
    const listening = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(server.output())
    if (listening?.[1]) return { run: server, base: listening[1] }
    if (server.child.exitCode !== null) break
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`the server did not start:\n${server.output()}`)
}

async function createArticle(base: string, key: string, slug: string): Promise<number> {
  const res = await fetch(`${base}/v1/articles`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      headline: `Story ${slug}`,
      slug,
      body: 'Text.',
      creditLine: 'Desk',
      status: 'published',
    }),
  })
  return res.status
}

describe('one writer per embedded data folder', () => {
  let dataDir: string
  let first: { run: Spawned; base: string }
  let key: string
  const acknowledged: string[] = []

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'cms-single-writer-'))
    first = await startServer(dataDir)
    key = /^ADMIN_API_KEY=(\S+)$/m.exec(first.run.output())?.[1] ?? ''
    expect(key).toMatch(/^ncms_/)
  }, TIMEOUT)

  afterAll(async () => {
    first?.run.child.kill('SIGKILL')
    await rm(dataDir, { recursive: true, force: true })
  })

  it(
    'refuses a second server and the key command while one runs, naming its pid; no write is lost',
    async () => {
      const pid = first.run.child.pid
      // Writes keep being acknowledged while the others try to open the folder.
      const writing = (async () => {
        for (let i = 0; i < 30; i++) {
          const slug = `before-${i}`
          if ((await createArticle(first.base, key, slug)) === 201) acknowledged.push(slug)
        }
      })()
      const second = run(['src/server.ts'], dataDir)
      const cli = run(['src/cli/create-key.ts', '--role', 'editor', '--name', 'late'], dataDir)
      const [secondCode, cliCode] = await Promise.all([second.exited, cli.exited])
      await writing
      console.log(
        `second server exit ${secondCode}, keys:create exit ${cliCode}, acknowledged ${acknowledged.length} writes`,
      )
      expect(secondCode).toBe(1)
      expect(second.output()).toContain(`in use by process ${pid}`)
      expect(second.output()).not.toMatch(/ADMIN_API_KEY|Server listening/)
      expect(cliCode).toBe(1)
      expect(cli.output()).toContain(`in use by process ${pid}`)
      expect(cli.output()).not.toMatch(/ncms_/)
      expect(acknowledged).toHaveLength(30)
      const list = await fetch(`${first.base}/v1/articles?limit=100`).then(
        (r) => r.json() as Promise<{ items: unknown[] }>,
      )
      expect(list.items).toHaveLength(30)
    },
    TIMEOUT,
  )

  it(
    'kill -9 mid-writes: after a restart every acknowledged write is there and amcheck is clean',
    async () => {
      let stop = false
      let killedAt = 0
      const writers = Array.from({ length: 4 }, (_, w) =>
        (async () => {
          for (let i = 0; !stop; i++) {
            const slug = `crash-${w}-${i}`
            try {
              if ((await createArticle(first.base, key, slug)) === 201) acknowledged.push(slug)
            } catch {
              return // the server is gone
            }
          }
        })(),
      )
      while (acknowledged.length < 80) await new Promise((r) => setTimeout(r, 20))
      first.run.child.kill('SIGKILL')
      killedAt = Date.now()
      stop = true
      await Promise.all(writers)
      await first.run.exited

      // The killed holder left its lock behind: the restart takes it over once it is stale.
      first = await startServer(dataDir)
      const restartMs = Date.now() - killedAt
      const missing: string[] = []
      for (const slug of acknowledged) {
        const res = await fetch(`${first.base}/v1/articles/${slug}`)
        if (res.status !== 200) missing.push(slug)
      }
      console.log(
        `kill -9 after ${acknowledged.length} acknowledged writes; restarted in ${restartMs} ms; missing ${missing.length}`,
      )
      expect(missing).toEqual([])

      first.run.child.kill('SIGTERM')
      expect(await first.run.exited).toBe(0)
      const pglite = await PGlite.create(join(dataDir, 'pglite'), { extensions: { amcheck } })
      try {
        await pglite.exec('CREATE EXTENSION IF NOT EXISTS amcheck')
        const indexes = await pglite.query<{ name: string }>(
          `SELECT c.relname AS name, bt_index_check(c.oid, true) IS NULL AS ok FROM pg_index i
             JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam
             JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE a.amname = 'btree' AND n.nspname = 'public'`,
        )
        const heap = await pglite.query<{ relname: string }>(
          `SELECT c.relname, v.* FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace,
                  LATERAL verify_heapam(c.oid) v
            WHERE c.relkind = 'r' AND n.nspname = 'public'`,
        )
        console.log(
          `amcheck: ${indexes.rows.length} btree indexes checked, ${heap.rows.length} heap problems`,
        )
        expect(indexes.rows.length).toBeGreaterThan(10)
        expect(heap.rows).toEqual([])
      } finally {
        await pglite.close()
      }
    },
    TIMEOUT,
  )
})
