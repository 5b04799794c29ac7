#!/usr/bin/env node
// `npm start`: builds what is out of date, then runs `npm run serve`'s command as a child that
// gets the signals this process gets, and exits as it exits.
//
// - The Prisma client is generated again only when prisma/schema.prisma (or prisma.config.ts) is
//   newer than it; TypeScript is compiled again only when a file under src/ or a tsconfig is newer
//   than dist/src/server.js (tsc writes every output file on each build). A fresh clone builds
//   once; later starts skip straight to the server (incremental tsc still took 3-6 s to find
//   nothing to do).
// - npm forwards SIGTERM and SIGINT to the `sh -c` it runs a script with; the shell forwards
//   nothing, so package.json's `exec node scripts/start.mjs` puts this process in its place, and
//   here the signals go on to the server, which shuts down gracefully. Before, `npm run build &&
//   npm run serve` left two shells and a second npm between the two, and the server kept running.
//
// `node scripts/start.mjs --build-only` builds what is out of date and exits.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const at = (...parts) => join(root, ...parts)
const mtime = (file) => (existsSync(file) ? statSync(file).mtimeMs : -Infinity)

/** The newest modification time of the files under `dir`. */
function newest(dir) {
  let latest = -Infinity
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile())
      latest = Math.max(latest, statSync(join(entry.parentPath, entry.name)).mtimeMs)
  }
  return latest
}

function run(command, args, env = process.env) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env })
  if (result.status !== 0) process.exit(result.status ?? 1)
}

const client = at('src', 'db', 'generated', 'client.ts')
if (Math.max(mtime(at('prisma', 'schema.prisma')), mtime(at('prisma.config.ts'))) > mtime(client)) {
  console.error('start: the Prisma client is out of date: generating it')
  run('npm', ['run', '--silent', 'generate'])
}

const server = at('dist', 'src', 'server.js')
const sources = Math.max(
  newest(at('src')),
  mtime(at('tsconfig.json')),
  mtime(at('tsconfig.build.json')),
)
if (sources > mtime(server)) {
  console.error('start: dist/ is out of date: compiling')
  run(process.execPath, [
    at('node_modules', 'typescript', 'bin', 'tsc'),
    '-p',
    at('tsconfig.build.json'),
  ])
}

if (process.argv.includes('--build-only')) process.exit(0)

// `npm run serve`'s command (the Dockerfile's too), run with this Node.
const [, ...args] = JSON.parse(readFileSync(at('package.json'), 'utf8'))
  .scripts.serve.trim()
  .split(/\s+/)
// A process group of its own: Ctrl-C in a terminal signals the whole foreground group, and npm
// forwards its copy too; the server must get one signal per Ctrl-C (a second one makes it exit
// at once, without finishing requests). Copies within a second are one signal.
const child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit', detached: true })
const forwardedAt = new Map()
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) {
  process.on(signal, () => {
    const now = Date.now()
    if (now - (forwardedAt.get(signal) ?? -Infinity) < 1_000) return
    forwardedAt.set(signal, now)
    child.kill(signal)
  })
}
child.on('exit', (code, signal) => {
  if (signal) {
    // Die of the same signal, as a shell would report it.
    process.removeAllListeners(signal)
    process.kill(process.pid, signal)
  } else process.exit(code ?? 1)
})
