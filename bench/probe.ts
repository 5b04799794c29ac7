// npm run bench:probe -- <scenario>: one scenario against the compiled app only, on a database
// seeded once and kept, with the CPU time each process used. For comparing changes, where the full
// run's spread between runs (±30 % on these VMs) hides them. See bench/README.md.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import pg from 'pg'
import { makeArticles, makeBylines, prng, SEARCH_WORDS } from './data.js'
import { listContext, readableSlugs, seed } from './database.js'
import { runLoad } from './load.js'
import { appNodeArgs, freePort, startServer, waitReady } from './processes.js'
import { repoRoot, rescoreMarginSeconds } from './product.js'
import { DEEP_PAGE, LIST_TAGS, requestsFor, type ScenarioId, scenarios } from './scenarios.js'

const id = process.argv[2] as ScenarioId
const scenario = scenarios(50, 10).find((s) => s.id === id && s.id !== 'create')
if (!scenario) {
  console.error('usage: npm run bench:probe -- article|list|recommendations|search|notModified')
  process.exit(2)
}
const serverUrl =
  process.env.BENCH_DATABASE_URL ||
  process.env.DATABASE_URL ||
  'postgresql://postgres@127.0.0.1:5432/postgres'
const database = 'cms_probe'
const url = new URL(`/${database}`, serverUrl).toString()
const cache = process.env.PROBE_CACHE === 'on' ? 'on' : 'off'
const runs = Number(process.env.PROBE_RUNS ?? 2)
const durationSec = Number(process.env.PROBE_DURATION ?? 10)
// PROBE_POOL: the app's (or baseline's) pool size.
const env = {
  DATABASE_URL: url,
  DATABASE_POOL_SIZE: process.env.PROBE_POOL ?? '10',
  LOG_LEVEL: 'warn',
  SEED_DEMO_CONTENT: 'never',
  NODE_ENV: 'production',
  RESPONSE_CACHE: cache,
  RATE_LIMIT: 'off',
}

/** CPU time (1/100 s) per process name; the load generator runs in this process. */
function cpuByName(): Record<string, number> {
  const out: Record<string, number> = {}
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
      const name =
        pid === String(process.pid)
          ? 'load generator'
          : stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'))
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      out[name] = (out[name] ?? 0) + Number(fields[11]) + Number(fields[12])
    } catch {
      // the process ended meanwhile
    }
  }
  return out
}

async function prepareDatabase() {
  const admin = new pg.Client({ connectionString: new URL('/postgres', serverUrl).toString() })
  await admin.connect()
  try {
    if (process.env.PROBE_RESEED === '1')
      await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)
    if ((await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database])).rowCount)
      return
    await admin.query(`CREATE DATABASE ${database}`)
  } finally {
    await admin.end()
  }
  console.log(`${database}: migrating and seeding (the same data as npm run bench)…`)
  const first = startServer(
    'app (first start)',
    process.execPath,
    appNodeArgs(repoRoot),
    env,
    await freePort(),
    repoRoot,
  )
  await waitReady(first, '/readyz')
  await first.stop()
  const rng = prng(20261125)
  const bylines = makeBylines(200, rng, Date.now())
  await seed(
    url,
    { bylines, articles: makeArticles(10_000, bylines, rng, Date.now()), count: 10_000 },
    console.log,
  )
  // Stored related-stories rankings treat stories stamped this shortly before them as changed
  // since: rankings computed sooner after a seed are recomputed on their next read.
  const margin = await rescoreMarginSeconds()
  console.log(`waiting ${margin} s for the seed to settle…`)
  await new Promise((resolve) => setTimeout(resolve, (margin + 1) * 1000))
}

await prepareDatabase()
const slugs = await readableSlugs(url)
const profileDir = join(repoRoot, 'bench', 'results', 'profiles')
const args = [
  ...(process.env.PROBE_PROFILE === '1' ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
  // Node or V8 flags for the server, e.g. PROBE_NODE_ARGS='--max-semi-space-size=32'.
  ...(process.env.PROBE_NODE_ARGS ?? '').split(' ').filter(Boolean),
]
// PROBE_SERVER=baseline measures the raw baseline on the same data instead: the ratio of the two
// probes is the full run's ratio, without its spread between runs.
const baseline = process.env.PROBE_SERVER === 'baseline'
const app = baseline
  ? startServer(
      'baseline',
      process.execPath,
      [...args, '--import', 'tsx', 'bench/baseline-server.ts'],
      env,
      await freePort(),
      repoRoot,
    )
  : startServer(
      `app (cache ${cache})`,
      process.execPath,
      appNodeArgs(repoRoot, args),
      env,
      await freePort(),
      repoRoot,
    )
await waitReady(app, '/readyz')

const etags: [string, string][] = []
if (id === 'notModified') {
  for (const slug of slugs.slice(0, 1000)) {
    const res = await fetch(`${app.base}/v1/articles/${slug}`)
    await res.arrayBuffer()
    etags.push([slug, res.headers.get('etag') ?? ''])
  }
}
const next = requestsFor(id, {
  slugs,
  searchWords: SEARCH_WORDS,
  etags,
  ...(await listContext(url, LIST_TAGS, DEEP_PAGE)),
  editorKey: '',
  createBody: () => '',
})
const load = {
  base: app.base,
  connections: scenario.connections,
  next,
  expectedStatus: scenario.expectedStatus,
}
const rotation =
  id === 'list'
    ? 2000
    : id === 'search'
      ? SEARCH_WORDS.length
      : id === 'notModified'
        ? etags.length
        : slugs.length
const warm = await runLoad({ ...load, amount: rotation, durationSec: 300 })
console.log(
  `warm-up: ${warm.requests} requests (one pass over the rotation), ${Math.round(warm.reqPerSec)} req/s`,
)
for (let run = 1; run <= runs; run++) {
  const before = cpuByName()
  const result = await runLoad({ ...load, durationSec })
  const after = cpuByName()
  const cpu = Object.entries(after)
    .map(([name, ticks]) => [name, (ticks - (before[name] ?? 0)) / 100] as const)
    .filter(([, seconds]) => seconds >= 0.3)
    .sort((a, b) => b[1] - a[1])
  console.log(
    `${scenario.label} (${baseline ? 'baseline' : `cache ${cache}`}) run ${run}: ${Math.round(result.reqPerSec)} req/s, p50 ${result.latencyMs.p50} ms, ` +
      `p99 ${result.latencyMs.p99} ms, errors ${result.errors}, statuses ${JSON.stringify(result.statusCodes)}`,
  )
  console.log(
    `  CPU s in ${durationSec} s: ${cpu.map(([name, seconds]) => `${name} ${seconds.toFixed(1)}`).join(', ')}`,
  )
}
// PROBE_OUTPUT=1 prints what the server wrote last (e.g. with PROBE_NODE_ARGS='--trace-gc').
if (process.env.PROBE_OUTPUT === '1') console.log(app.output.join('\n'))
await app.stop()
if (process.env.PROBE_PROFILE === '1') console.log(`CPU profile of the app in ${profileDir}/`)
