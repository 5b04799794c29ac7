// Real processes for tests that need them: the server started as an operator starts it, a CLI.
import { type ChildProcess, spawn } from 'node:child_process'
import { resolve } from 'node:path'

export const repoRoot = resolve(import.meta.dirname, '..', '..')

export interface Spawned {
  child: ChildProcess
  /** stdout and stderr so far, interleaved. */
  output: () => string
  stdout: () => string
  stderr: () => string
  exited: Promise<number | null>
}

/**
 * The embedded-database environment of a spawned server: DATA_DIR, any free port on 127.0.0.1,
 * no demo content, and neither the test run's DATABASE_URL nor its NODE_ENV.
 */
export function embeddedEnv(
  dataDir: string,
  extra: Record<string, string> = {},
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    PORT: '0',
    SEED_DEMO_CONTENT: 'never',
    ...extra,
  }
  delete env.DATABASE_URL
  delete env.NODE_ENV
  return env
}

/** Runs `command args` in the repository with `env`, collecting what it prints. */
export function spawnIn(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  options: { detached?: boolean } = {},
): Spawned {
  const child = spawn(command, args, {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    ...options,
  })
  let out = ''
  let err = ''
  let both = ''
  child.stdout?.on('data', (chunk) => {
    out += chunk
    both += chunk
  })
  child.stderr?.on('data', (chunk) => {
    err += chunk
    both += chunk
  })
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)))
  return { child, output: () => both, stdout: () => out, stderr: () => err, exited }
}

/** A TypeScript entry point of src/ (the server, a CLI) run with tsx, as `npm run` would. */
export const spawnTs = (script: string, args: string[], env: NodeJS.ProcessEnv) =>
  spawnIn(process.execPath, ['--import', 'tsx', script, ...args], env)
