// A server started before its database waits for it, retrying with one line per attempt, and
// gives up with one line (no stack trace, no admin key) if it never answers.
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { afterAll, describe, expect, it } from 'vitest'
import { embeddedEnv, spawnTs } from '../helpers/spawned.js'
import {
  canRunThrowawayPostgres,
  startThrowawayPostgres,
  type ThrowawayPostgres,
} from './throwaway-postgres.js'

async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((done) => server.listen({ host: '127.0.0.1', port: 0 }, done))
  const { port } = server.address() as { port: number }
  await new Promise((done) => server.close(done))
  return port
}

const serverEnv = (databaseUrl: string, startupTimeoutMs: number) => ({
  ...embeddedEnv(tmpdir()),
  DATABASE_URL: databaseUrl,
  DATABASE_STARTUP_TIMEOUT_MS: String(startupTimeoutMs),
  DATABASE_CONNECT_TIMEOUT_MS: '500',
})

describe('start-up before the database', () => {
  it('gives up with one line after DATABASE_STARTUP_TIMEOUT_MS when nothing answers', async () => {
    const url = `postgresql://postgres@127.0.0.1:${await closedPort()}/postgres`
    const started = Date.now()
    const server = spawnTs('src/server.ts', [], serverEnv(url, 1_500))
    const code = await server.exited
    const lines = server.stderr().trim().split('\n')
    console.log(
      `unreachable database: exit ${code} after ${Date.now() - started} ms, ${lines.length} lines`,
    )
    expect(code).toBe(1)
    expect(lines.length).toBeGreaterThanOrEqual(2)
    for (const line of lines.slice(0, -1))
      expect(line).toMatch(/is not reachable yet \(.*\); retrying in \d+ ms$/)
    expect(lines.at(-1)).toMatch(/did not answer within 2 s: .*ECONNREFUSED/)
    expect(server.output()).not.toMatch(/^\s+at /m)
    expect(server.output()).not.toContain('ADMIN_API_KEY')
  }, 60_000)

  describe.skipIf(!canRunThrowawayPostgres())(
    'with a private PostgreSQL that is frozen at first',
    () => {
      let db: ThrowawayPostgres | undefined
      afterAll(() => db?.destroy())

      it('retries until the database answers, then starts', async () => {
        db = await startThrowawayPostgres()
        await db.freeze()
        const server = spawnTs('src/server.ts', [], serverEnv(db.url, 60_000))
        try {
          // It keeps trying while the database does not answer…
          await expect
            .poll(() => server.stderr().match(/is not reachable yet/g)?.length ?? 0, {
              timeout: 30_000,
              interval: 100,
            })
            .toBeGreaterThanOrEqual(2)
          expect(server.child.exitCode).toBeNull()
          // …and starts once it does.
          await db.thaw()
          await expect
            .poll(() => /Server listening at/.test(server.output()), {
              timeout: 30_000,
              interval: 100,
            })
            .toBe(true)
          expect(server.output()).toMatch(/^ADMIN_API_KEY=/m)
        } finally {
          server.child.kill('SIGKILL')
          await server.exited
        }
      }, 90_000)
    },
  )
})
