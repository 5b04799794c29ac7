import { readFile, rm, stat, writeFile } from 'node:fs/promises'
import { hostname } from 'node:os'
import lockfile from 'proper-lockfile'

/**
 * PGlite is a single-process PostgreSQL: two processes that open one data folder each believe
 * they own it, and acknowledged writes vanish and indexes break. So whoever opens the folder
 * (server or CLI) first takes this lock.
 *
 * proper-lockfile makes `<folder>.lock` with mkdir (atomic, also on network and container
 * volumes) and touches it every UPDATE_MS; a lock left by a killed process is taken over once
 * it is STALE_MS old. The holder's pid and host sit beside it, for the refusal message.
 */
const STALE_MS = 10_000
const UPDATE_MS = 2_000

export interface Holder {
  pid: number
  host: string
  since: string
  command: string
}

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: Holder | undefined,
  ) {
    const who = holder
      ? `process ${holder.pid} on ${holder.host} (${holder.command}, since ${holder.since})`
      : 'another process'
    super(
      `The embedded database in ${dataDir} is in use by ${who}. ` +
        'One process at a time may open it: stop that one first, or do the work through its HTTP ' +
        'API (e.g. POST /v1/keys for a new key). Several instances need a PostgreSQL server (DATABASE_URL).',
    )
    this.name = 'DataDirLockedError'
  }
}

const ownerPath = (dataDir: string) => `${dataDir}.lock-owner.json`

async function readHolder(dataDir: string): Promise<Holder | undefined> {
  try {
    return JSON.parse(await readFile(ownerPath(dataDir), 'utf8')) as Holder
  } catch {
    return undefined
  }
}

function isAliveHere(holder: Holder | undefined): boolean {
  if (!holder || holder.host !== hostname() || holder.pid === process.pid) return false
  try {
    process.kill(holder.pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

async function refreshedLately(dataDir: string): Promise<boolean> {
  try {
    const { mtimeMs } = await stat(`${dataDir}.lock`)
    return Date.now() - mtimeMs < 2 * UPDATE_MS
  } catch {
    return false
  }
}

export interface DataDirLock {
  release(): Promise<void>
}

/**
 * Takes the data folder's lock, or throws DataDirLockedError. A holder that is running on this
 * host is refused at once; otherwise (a holder killed with -9, or on another host) the lock is
 * retried until it would have gone stale, so a restart right after a crash still starts.
 */
export async function lockDataDir(
  dataDir: string,
  onCompromised: (error: Error) => void = (error) => {
    throw error
  },
): Promise<DataDirLock> {
  const options = { realpath: false, stale: STALE_MS, update: UPDATE_MS, onCompromised }
  let release: () => Promise<void>
  try {
    release = await lockfile.lock(dataDir, options)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error
    const holder = await readHolder(dataDir)
    // A live pid whose lock is still being refreshed: refused now. A lock not refreshed lately
    // may name a pid the system gave to another process since: wait for it to go stale instead.
    if (isAliveHere(holder) && (await refreshedLately(dataDir))) {
      throw new DataDirLockedError(dataDir, holder)
    }
    try {
      release = await lockfile.lock(dataDir, {
        ...options,
        retries: {
          retries: Math.ceil((STALE_MS + UPDATE_MS) / 500),
          minTimeout: 500,
          maxTimeout: 500,
          factor: 1,
        },
      })
    } catch (again) {
      if ((again as NodeJS.ErrnoException).code !== 'ELOCKED') throw again
      throw new DataDirLockedError(dataDir, await readHolder(dataDir))
    }
  }
  const holder: Holder = {
    pid: process.pid,
    host: hostname(),
    since: new Date().toISOString(),
    command: process.argv.slice(1).join(' ').slice(0, 200),
  }
  await writeFile(ownerPath(dataDir), JSON.stringify(holder))
  return {
    async release() {
      await rm(ownerPath(dataDir), { force: true })
      await release()
    },
  }
}
