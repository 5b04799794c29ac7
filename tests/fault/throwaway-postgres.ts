// A private PostgreSQL server for fault tests: initdb + pg_ctl as the postgres user, on a free port,
// with its socket in its own directory. Never the shared server on 5432: this one can be frozen
// (SIGSTOP), restarted or killed without touching anything else.
// See /work/shared/notes/throwaway-postgres-for-fault-tests.md for the measured recipe.
import { execFile, execFileSync } from 'node:child_process'
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  rmSync,
  statSync,
  writeFileSync,
  chownSync,
} from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'

const BIN = process.env.PG_BIN ?? findBin()
const PREFIX = 'pgfault.'

function findBin(): string {
  const root = '/usr/lib/postgresql'
  if (!existsSync(root)) return ''
  const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a))
  for (const v of versions)
    if (existsSync(join(root, v, 'bin', 'pg_ctl'))) return join(root, v, 'bin')
  return ''
}

/**
 * Whether this machine can run a throwaway server (PostgreSQL binaries, root to switch to
 * postgres). In CI it must: there the fault tests fail rather than skip.
 */
export function canRunThrowawayPostgres(): boolean {
  const can = canRun()
  if (!can && process.env.CI === 'true') {
    throw new Error('CI must run the fault tests: they need PostgreSQL binaries and root')
  }
  return can
}

function canRun(): boolean {
  if (!BIN || process.getuid?.() !== 0) return false
  try {
    execFileSync('id', ['-u', 'postgres'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

function asPostgres(cmd: string, args: string[], timeoutMs = 30_000): string {
  return execFileSync('runuser', ['-u', 'postgres', '--', join(BIN, cmd), ...args], {
    cwd: '/tmp',
    timeout: timeoutMs,
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
  })
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z'
  } catch {
    return false
  }
}

function state(pid: number): string {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3)
  } catch {
    return 'gone'
  }
}

function children(pid: number): number[] {
  try {
    return execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .map((s) => Number(s.trim()))
      .filter((n) => n > 0)
  } catch {
    return [] // ps exits 1 when there are none
  }
}

function parentOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
}

/** The postmaster of the data dir, only if it really runs there (its cwd is the data dir). */
function postmasterOf(dataDir: string): number | undefined {
  try {
    const pid = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0])
    if (pid > 0 && alive(pid) && readlinkSync(`/proc/${pid}/cwd`) === dataDir) return pid
  } catch {
    // no pid file, or not ours
  }
  return undefined
}

async function waitForState(pids: number[], want: (s: string) => boolean, timeoutMs = 2_000) {
  const deadline = Date.now() + timeoutMs
  while (pids.some((p) => alive(p) && !want(state(p)))) {
    if (Date.now() > deadline) throw new Error(`processes ${pids.join(',')} did not change state`)
    await new Promise((r) => setTimeout(r, 2))
  }
}

function stopDir(dir: string) {
  const dataDir = join(dir, 'data')
  const pm = postmasterOf(dataDir)
  if (pm) {
    const pids = [pm, ...children(pm)]
    // A frozen server ignores pg_ctl stop until it is thawed: children first, then the postmaster.
    for (const p of pids.slice(1)) tryKill(p, 'SIGCONT')
    tryKill(pm, 'SIGCONT')
    try {
      asPostgres('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', '-t', '10', 'stop'], 15_000)
    } catch {
      for (const p of pids) tryKill(p, 'SIGKILL')
    }
  }
  rmSync(dir, { recursive: true, force: true })
}

function tryKill(pid: number, signal: NodeJS.Signals) {
  try {
    process.kill(pid, signal)
  } catch {
    // already gone
  }
}

/** Removes servers and directories left behind by killed runs: only those whose owner process is dead. */
export function sweepStale(): number {
  let swept = 0
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith(PREFIX)) continue
    const dir = join(tmpdir(), name)
    let owner: number | undefined
    try {
      owner = Number(readFileSync(join(dir, 'owner.pid'), 'utf8'))
    } catch {
      // no owner file yet: a run that is just starting, unless it is old
      try {
        if (Date.now() - statSync(dir).mtimeMs < 60_000) continue
      } catch {
        continue
      }
    }
    if (owner && alive(owner)) continue
    stopDir(dir)
    swept++
  }
  return swept
}

export interface ThrowawayPostgres {
  port: number
  dir: string
  /** postgresql://postgres@127.0.0.1:<port>/postgres */
  url: string
  urlFor(database: string): string
  postmaster(): number
  /** SIGSTOP of the postmaster, then its children; resolves once all are stopped. */
  freeze(): Promise<void>
  /** SIGCONT of the children, then the postmaster. */
  thaw(): Promise<void>
  /** SIGSTOP of one backend, after checking that it is a child of this server's postmaster. */
  freezeBackend(pid: number): Promise<void>
  thawBackend(pid: number): void
  /** pg_ctl restart, without blocking the event loop (the app under test runs in this process). */
  restart(mode: 'fast' | 'immediate'): Promise<void>
  destroy(): void
}

/** Creates, starts and returns a private server (about 1 s). */
export async function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
  sweepStale()
  const dir = mkdtempSync(join(tmpdir(), PREFIX))
  writeFileSync(join(dir, 'owner.pid'), String(process.pid))
  const pgUser = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim())
  const pgGroup = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim())
  chownSync(dir, pgUser, pgGroup)
  const dataDir = join(dir, 'data')
  const port = await freePort()
  try {
    asPostgres('initdb', [
      '-D',
      dataDir,
      '--auth=trust',
      '-U',
      'postgres',
      '-E',
      'UTF8',
      '--no-sync',
      '--no-instructions',
    ])
    asPostgres('pg_ctl', [
      '-D',
      dataDir,
      '-l',
      join(dir, 'server.log'),
      '-w',
      '-t',
      '30',
      '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100`,
      'start',
    ])
  } catch (err) {
    stopDir(dir)
    throw err
  }
  const url = `postgresql://postgres@127.0.0.1:${port}/postgres`
  const postmaster = () => {
    const pm = postmasterOf(dataDir)
    if (!pm) throw new Error('the throwaway server is not running')
    return pm
  }
  const server: ThrowawayPostgres = {
    port,
    dir,
    url,
    urlFor: (database) => `postgresql://postgres@127.0.0.1:${port}/${database}`,
    postmaster,
    async freeze() {
      const pm = postmaster()
      process.kill(pm, 'SIGSTOP')
      const kids = children(pm)
      for (const p of kids) tryKill(p, 'SIGSTOP')
      await waitForState([pm, ...kids], (s) => s === 'T')
    },
    async thaw() {
      const pm = postmasterOf(dataDir)
      if (!pm) return
      const kids = children(pm)
      for (const p of kids) tryKill(p, 'SIGCONT')
      process.kill(pm, 'SIGCONT')
      await waitForState([pm, ...kids], (s) => s !== 'T')
    },
    async freezeBackend(pid) {
      const pm = postmaster()
      if (parentOf(pid) !== pm)
        throw new Error(`${pid} is not a backend of the throwaway server (postmaster ${pm})`)
      process.kill(pid, 'SIGSTOP')
      await waitForState([pid], (s) => s === 'T')
    },
    thawBackend(pid) {
      if (alive(pid) && parentOf(pid) === postmasterOf(dataDir)) tryKill(pid, 'SIGCONT')
    },
    restart(mode) {
      const args = [
        '-u',
        'postgres',
        '--',
        join(BIN, 'pg_ctl'),
        '-D',
        dataDir,
        '-l',
        join(dir, 'server.log'),
        '-m',
        mode,
        '-w',
        '-t',
        '30',
        'restart',
      ]
      return new Promise((resolve, reject) =>
        execFile('runuser', args, { cwd: '/tmp', timeout: 40_000 }, (err) =>
          err ? reject(err) : resolve(),
        ),
      )
    },
    destroy() {
      stopDir(dir)
    },
  }
  return server
}

/** A client with an error listener (a server restart must not crash the test process). */
export async function adminClient(url: string): Promise<pg.Client> {
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: 5_000,
    query_timeout: 10_000,
  })
  client.on('error', () => {})
  await client.connect()
  return client
}
