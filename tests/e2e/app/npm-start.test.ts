// `npm start` (scripts/start.mjs) skips an up-to-date build, and SIGTERM to npm stops the server.
import { spawnSync } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { embeddedEnv, repoRoot as root, spawnIn } from '../../helpers/spawned.js'

const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

describe('npm start', () => {
  let dataDir: string
  let serverPid = 0

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'cms-npm-start-'))
    // Builds what is out of date once, so that the start below only checks.
    const build = spawnSync(process.execPath, ['scripts/start.mjs', '--build-only'], {
      cwd: root,
      encoding: 'utf8',
    })
    expect(build.status, build.stderr).toBe(0)
  }, 180_000)
  afterAll(async () => {
    if (serverPid && alive(serverPid)) process.kill(serverPid, 'SIGKILL')
    await rm(dataDir, { recursive: true, force: true })
  })

  it('does not rebuild an up-to-date build, and stops the server on SIGTERM to npm', async () => {
    const npm = spawnIn('npm', ['start'], embeddedEnv(dataDir))
    const output = npm.output
    const npmExited = npm.exited

    const started = Date.now()
    await expect
      .poll(() => /Server listening at/.test(output()), { timeout: 60_000, interval: 100 })
      .toBe(true)
    expect(output()).not.toMatch(/out of date|Generated Prisma Client/)
    serverPid = Number(/"pid":(\d+)/.exec(output())?.[1])
    expect(serverPid).toBeGreaterThan(0)
    expect(serverPid).not.toBe(npm.child.pid)
    expect(Date.now() - started).toBeLessThan(30_000)

    npm.child.kill('SIGTERM')
    await expect.poll(() => alive(serverPid), { timeout: 5_000, interval: 50 }).toBe(false)
    await npmExited
    expect(output()).toContain('SIGTERM received')
  }, 120_000)

  it('shuts the server down gracefully on Ctrl-C, which signals npm, the script and the server at once', async () => {
    // A process group of its own, as a terminal's foreground job.
    const npm = spawnIn('npm', ['start'], embeddedEnv(dataDir), { detached: true })
    const output = npm.output
    await expect
      .poll(() => /Server listening at/.test(output()), { timeout: 60_000, interval: 100 })
      .toBe(true)
    serverPid = Number(/"pid":(\d+)/.exec(output())?.[1])

    process.kill(-(npm.child.pid ?? 0), 'SIGINT')
    await expect.poll(() => alive(serverPid), { timeout: 5_000, interval: 50 }).toBe(false)
    // One signal reached it: a second would have cut the graceful shutdown short.
    expect(output()).toContain('SIGINT received')
    expect(output()).not.toContain('second SIGINT')
  }, 120_000)
})
