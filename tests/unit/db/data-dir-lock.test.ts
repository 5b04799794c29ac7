import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { DataDirLockedError, lockDataDir } from '../../../src/db/data-dir-lock.js'

describe('lockDataDir', () => {
  let dir: string
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  /** A lock as a holder with this pid left it, last refreshed `ageMs` ago. */
  async function leftLock(pid: number, ageMs: number) {
    dir = await mkdtemp(join(tmpdir(), 'cms-lock-'))
    const data = join(dir, 'pglite')
    await mkdir(`${data}.lock`)
    await writeFile(
      `${data}.lock-owner.json`,
      JSON.stringify({ pid, host: hostname(), since: '', command: 'test' }),
    )
    const at = new Date(Date.now() - ageMs)
    await utimes(`${data}.lock`, at, at)
    return data
  }

  it('refuses at once a lock a live process on this host keeps refreshing', async () => {
    const data = await leftLock(process.ppid, 0)
    const started = Date.now()
    await expect(lockDataDir(data)).rejects.toBeInstanceOf(DataDirLockedError)
    expect(Date.now() - started).toBeLessThan(2_000)
  })

  it('takes over a lock no longer refreshed, even if its pid now belongs to another process', async () => {
    // The pid is alive (our parent), but the lock has not been touched for 6 s: the holder died and
    // the pid was reused. It goes stale 10 s after its last refresh, and is taken then.
    const data = await leftLock(process.ppid, 6_000)
    const lock = await lockDataDir(data)
    await lock.release()
  }, 30_000)
})
