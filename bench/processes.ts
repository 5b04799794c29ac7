// Child server processes: start, wait until they answer, read their memory, stop them.
import { type ChildProcess, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'

export interface ServerProcess {
  name: string
  port: number
  pid: number
  base: string
  /** Lines the process wrote (stdout and stderr), the last 200. */
  output: string[]
  exited: Promise<number | null>
  stop(): Promise<void>
}

const running = new Set<ServerProcess>()

/**
 * Node's arguments in the production command (`npm run serve`, mirrored by the Dockerfile's CMD):
 * the bench measures the app as it ships, V8 flags included. `extra` flags come after the shipped
 * ones, so they win where both set the same flag.
 */
export function appNodeArgs(root: string, extra: string[] = []): string[] {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    scripts: { serve: string }
  }
  const [command, ...args] = manifest.scripts.serve.split(/\s+/)
  if (command !== 'node') throw new Error(`package.json "serve" should start node, not ${command}`)
  return [...args.slice(0, -1), ...extra, ...args.slice(-1)]
}

/** A free loopback port (the kernel picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

export function startServer(
  name: string,
  command: string,
  args: string[],
  env: Record<string, string>,
  port: number,
  cwd: string,
): ServerProcess {
  const child: ChildProcess = spawn(command, args, {
    cwd,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const output: string[] = []
  const collect = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line) continue
      output.push(line)
      if (output.length > 200) output.shift()
    }
  }
  child.stdout?.on('data', collect)
  child.stderr?.on('data', collect)
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  )
  const server: ServerProcess = {
    name,
    port,
    pid: child.pid ?? -1,
    base: `http://127.0.0.1:${port}`,
    output,
    exited,
    async stop() {
      running.delete(server)
      if (child.exitCode !== null || child.signalCode !== null) return
      child.kill('SIGTERM')
      const done = await Promise.race([exited.then(() => true), sleep(12_000).then(() => false)])
      if (!done) {
        child.kill('SIGKILL')
        await Promise.race([exited, sleep(3_000)])
      }
    },
  }
  running.add(server)
  return server
}

/** Waits (bounded) until `path` answers 200; throws with the process's output if it exits or never does. */
export async function waitReady(
  server: ServerProcess,
  path: string,
  timeoutMs = 90_000,
): Promise<void> {
  let exitCode: number | null | undefined
  void server.exited.then((code) => (exitCode = code))
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (exitCode !== undefined) break
    try {
      const res = await fetch(`${server.base}${path}`, { signal: AbortSignal.timeout(2_000) })
      await res.arrayBuffer()
      if (res.status === 200) return
    } catch {
      // not listening yet
    }
    await sleep(250)
  }
  const why =
    exitCode !== undefined
      ? `exited with code ${exitCode}`
      : `did not answer ${path} within ${timeoutMs / 1000} s`
  throw new Error(`${server.name} ${why}. Its last output:\n${server.output.slice(-30).join('\n')}`)
}

/** Resident and peak memory of a process, in MiB, from /proc/<pid>/status (Linux). */
export function memoryOf(pid: number): { rssMiB: number; peakMiB: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    const kib = (field: string) =>
      Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN)
    return { rssMiB: kib('VmRSS') / 1024, peakMiB: kib('VmHWM') / 1024 }
  } catch {
    return null
  }
}

/** Stops every server still running (on failure or Ctrl-C). */
export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((s) => s.stop()))
}

/** Busy CPU ticks of the whole machine, and of each of the given processes (Linux /proc). */
export interface CpuSnapshot {
  machine: number
  perPid: Map<number, number>
}

export function cpuTicks(pids: number[]): CpuSnapshot {
  const perPid = new Map<number, number>()
  let machine = 0
  try {
    const fields = readFileSync('/proc/stat', 'utf8')
      .split('\n')[0]!
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number)
    // user nice system idle iowait irq softirq steal: everything but idle and iowait is busy.
    machine = fields.slice(0, 8).reduce((sum, v, i) => (i === 3 || i === 4 ? sum : sum + v), 0)
  } catch {
    return { machine: 0, perPid }
  }
  for (const pid of new Set(pids)) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
      // Fields after the parenthesised command: utime and stime are the 12th and 13th.
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      perPid.set(pid, Number(rest[11]) + Number(rest[12]))
    } catch {
      // gone
    }
  }
  return { machine, perPid }
}

/**
 * The share of all CPUs (0–1) that other processes used between two snapshots. A process of ours
 * that ended in between is not subtracted, so the share errs on the high side.
 */
export function otherCpuShare(
  before: CpuSnapshot,
  after: CpuSnapshot,
  seconds: number,
  cpuCount: number,
): number {
  const ticksPerSecond = 100
  let ours = 0
  for (const [pid, ticks] of after.perPid) {
    const earlier = before.perPid.get(pid)
    if (earlier !== undefined) ours += ticks - earlier
  }
  const other = after.machine - before.machine - ours
  return Math.min(1, Math.max(0, other / (seconds * ticksPerSecond * cpuCount)))
}

/** CPU seconds the given processes used between two snapshots (those alive at both). */
export function cpuSecondsOf(before: CpuSnapshot, after: CpuSnapshot, pids: number[]): number {
  let ticks = 0
  for (const pid of new Set(pids)) {
    const earlier = before.perPid.get(pid)
    const later = after.perPid.get(pid)
    if (earlier !== undefined && later !== undefined) ticks += later - earlier
  }
  return ticks / 100
}
