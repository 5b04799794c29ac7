// `npm run bench`: builds the app, seeds a throwaway PostgreSQL database, starts the compiled
// server (cache off and on) and the raw baseline side by side on loopback, measures each
// scenario with autocannon, and writes bench/results/latest.{json,md}. See bench/README.md.
import { execFileSync, spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, totalmem } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { setTimeout as sleep } from 'node:timers/promises'
import { createBodies, generateArticles, makeBylines, prng, SEARCH_WORDS } from './data.js'
import {
  BenchDatabases,
  databaseSize,
  listContext,
  readableSlugs,
  type Seeded,
  seed,
} from './database.js'
import { importArchive } from './import.js'
import { type LoadResult, type LoadSample, runLoad, sampleLoad, summarize } from './load.js'
import {
  appNodeArgs,
  cpuSecondsOf,
  cpuTicks,
  freePort,
  memoryOf,
  otherCpuShare,
  type ServerProcess,
  startServer,
  stopAll,
  waitReady,
} from './processes.js'
import { importerPath, productConfigPath, repoRoot as root } from './product.js'
import {
  evaluate,
  type Features,
  IDLE_RSS_TARGET_MIB,
  markdown,
  type Memory,
  type Report,
  type Row,
  terminal,
} from './report.js'
import {
  type CacheMode,
  cacheSettingOf,
  compareAnswers,
  DEEP_PAGE,
  LIST_TAGS,
  distinctRequests,
  forYouStories,
  probeNotModified,
  probeSearch,
  readConfigSource,
  requestsFor,
  type Scenario,
  type ScenarioId,
  scenarios,
  type TargetId,
} from './scenarios.js'
import { runWebhookScenario, type WebhookFigures } from './webhooks.js'

const resultsDir = join(root, 'bench', 'results')

/** `--articles N` (npm run bench -- --articles 1000000), else BENCH_ARTICLES, else 10,000. */
function articlesSetting(): number {
  const { values } = parseArgs({ options: { articles: { type: 'string' } }, strict: true })
  if (values.articles !== undefined) process.env.BENCH_ARTICLES = values.articles
  return envNumber('BENCH_ARTICLES', 10_000, 100, 1_000_000)
}

function envNumber(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return fallback
  const n = Number(raw)
  if (!Number.isFinite(n) || n < min || n > max)
    throw new Error(`${name} must be a number from ${min} to ${max}, not "${raw}"`)
  return n
}

const settings = {
  serverUrl:
    process.env.BENCH_DATABASE_URL ||
    process.env.DATABASE_URL ||
    'postgresql://postgres@127.0.0.1:5432/postgres',
  durationSec: envNumber('BENCH_DURATION', 10, 1, 60),
  warmupSec: 0,
  /** At most this long for a warm-up's pass over a scenario's whole rotation. */
  warmupMaxSec: 0,
  connections: envNumber('BENCH_CONNECTIONS', 50, 1, 200),
  createConnections: envNumber('BENCH_CREATE_CONNECTIONS', 10, 1, 100),
  articles: articlesSetting(),
  bylines: envNumber('BENCH_BYLINES', 200, 10, 1_000),
  etagSample: envNumber('BENCH_ETAG_SAMPLE', 1_000, 10, 50_000),
  poolSize: envNumber('BENCH_POOL_SIZE', 10, 1, 100),
  /** Each scenario's duration is measured in this many interleaved slices per server (see the measuring loop). */
  rounds: envNumber('BENCH_ROUNDS', 5, 1, 20),
  idleSec: envNumber('BENCH_IDLE', 30, 5, 300),
  skipBuild: process.env.BENCH_SKIP_BUILD === '1',
  only: (process.env.BENCH_ONLY ?? '').split(',').filter(Boolean) as ScenarioId[],
  /** The webhooks scenario: paced writes per second, and how long the paced run lasts. */
  webhookRate: envNumber('BENCH_WEBHOOK_RATE', 50, 1, 500),
  webhookPacedSec: envNumber('BENCH_WEBHOOK_PACED', 20, 1, 120),
  /** Hard limit on the whole run; everything is stopped and dropped when it is reached. */
  timeoutSec: envNumber('BENCH_TIMEOUT', 1800, 60, 4 * 3600),
  /** `sql`: seed with bulk SQL even when the product's importer exists. */
  seedWith: process.env.BENCH_SEED === 'sql' ? 'sql' : 'import',
  archive: { spanDays: 0, bodyLength: 0 },
}
/** An archive (over 100,000 stories) spans twenty years, with shorter bodies to bound the disk it takes. */
const large = settings.articles > 100_000
settings.archive = {
  spanDays: envNumber('BENCH_SPAN_YEARS', large ? 20 : 2, 1, 50) * 365,
  bodyLength: envNumber('BENCH_BODY_BYTES', large ? 1500 : 5000, 200, 20_000),
}
settings.warmupSec = envNumber('BENCH_WARMUP', Math.min(3, settings.durationSec), 0, 30)
settings.warmupMaxSec = envNumber('BENCH_WARMUP_MAX', large ? 30 : 300, 0, 600)

const log = (line: string) => process.stderr.write(`${line}\n`)
const dbs = new BenchDatabases(settings.serverUrl)
let cleaning: Promise<void> | undefined
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    await stopAll().catch((err) => log(`stopping servers: ${String(err)}`))
    await dbs.dropAll().catch((err) => log(`dropping databases: ${String(err)}`))
  })()
  return cleaning
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`\n${signal}: stopping the servers and dropping the bench databases…`)
    void cleanup().finally(() => process.exit(130))
  })
}
const watchdog = setTimeout(() => {
  log(`\nBENCH_TIMEOUT (${settings.timeoutSec} s) reached: stopping.`)
  void cleanup().finally(() => process.exit(124))
}, settings.timeoutSec * 1000)
watchdog.unref()

function run(command: string, args: string[], timeoutMs: number): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (c: Buffer) => (output += c.toString()))
    child.stderr.on('data', (c: Buffer) => (output += c.toString()))
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.once('exit', (code) => {
      clearTimeout(timer)
      if (code === 0) resolvePromise()
      else
        reject(new Error(`${command} ${args.join(' ')} failed (${code}):\n${output.slice(-4000)}`))
    })
  })
}

const pct = (share: number) => `${Math.round(share * 100)} %`

function appEnv(
  databaseUrl: string,
  cache: CacheMode,
  cacheSetting: boolean,
): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: String(settings.poolSize),
    LOG_LEVEL: 'warn',
    SEED_DEMO_CONTENT: 'never',
    // The load comes from one address, far past any abuse limit.
    RATE_LIMIT: 'off',
    // The webhooks scenario's receiver listens on http://127.0.0.1.
    WEBHOOK_ALLOW_HTTP: 'true',
    WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true',
    NODE_ENV: 'production',
    CACHE: cache,
    ...(cacheSetting ? { RESPONSE_CACHE: cache } : {}),
  }
}

async function createEditorKey(base: string, adminKey: string): Promise<string> {
  const res = await fetch(`${base}/v1/keys`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'bench', role: 'editor' }),
    signal: AbortSignal.timeout(30_000),
  })
  const body = (await res.json()) as { key?: string }
  if (res.status !== 201 || !body.key)
    throw new Error(`creating an editor key answered ${res.status}: ${JSON.stringify(body)}`)
  return body.key
}

function gitDescription(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short=10', 'HEAD'], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim()
  } catch {
    return 'unknown'
  }
}

async function main() {
  const started = Date.now()
  const everyScenario = scenarios(settings.connections, settings.createConnections)
  const allScenarios = everyScenario.filter(
    (s) => settings.only.length === 0 || settings.only.includes(s.id),
  )
  const features: Record<CacheMode, Features> = {} as Record<CacheMode, Features>
  const cacheSetting = cacheSettingOf(readConfigSource(productConfigPath))
  log(
    `bench: ${settings.articles} articles, ${settings.durationSec} s per scenario after ${settings.warmupSec} s warm-up, ${settings.connections} connections (create ${settings.createConnections})`,
  )
  log(`cache: ${cacheSetting.detail}`)

  if (!settings.skipBuild) {
    log('building (npm run build)…')
    await run('npm', ['run', 'build'], 300_000)
  }

  const pgVersion = await dbs.serverVersion()
  const template = await dbs.create('')
  const templateUrl = dbs.urlOf(template)
  log(`database ${template}: migrating by starting the compiled server once…`)
  const first = startServer(
    'app (first start)',
    process.execPath,
    appNodeArgs(root),
    appEnv(templateUrl, 'off', cacheSetting.implemented),
    await freePort(),
    root,
  )
  await waitReady(first, '/readyz')
  const adminKey = first.output.map((l) => /^ADMIN_API_KEY=(\S+)$/.exec(l)?.[1]).find(Boolean)
  if (!adminKey)
    throw new Error(`the first start printed no ADMIN_API_KEY line:\n${first.output.join('\n')}`)
  const editorKey = await createEditorKey(first.base, adminKey)
  await first.stop()

  const rng = prng(20261125)
  const now = Date.now()
  const bylines = makeBylines(settings.bylines, rng, now)
  const articles = generateArticles(settings.articles, bylines, rng, now, settings.archive)
  const seedStarted = Date.now()
  let seeded: Seeded
  if (settings.seedWith === 'import' && existsSync(importerPath)) {
    log(`seeding through the importer (npm run import) …`)
    seeded = await importArchive(templateUrl, articles, bylines, settings.timeoutSec * 1000, log)
  } else {
    log(
      `seeding with bulk SQL${existsSync(importerPath) ? ' (BENCH_SEED=sql)' : ' (no importer in this build)'}…`,
    )
    seeded = await seed(templateUrl, { bylines, articles, count: settings.articles }, log)
  }
  log(`seeded in ${((Date.now() - seedStarted) / 1000).toFixed(1)} s: ${JSON.stringify(seeded)}`)
  const size = await databaseSize(templateUrl)
  log(`database: ${JSON.stringify(size)}`)
  const slugs = await readableSlugs(templateUrl)
  const lists = await listContext(templateUrl, LIST_TAGS, DEEP_PAGE)
  log(
    `lists: ${lists.sections.length} sections, ${lists.bylines.length} bylines, commonest tags ${JSON.stringify(lists.tagStories)}`,
  )
  const bylineSlugs = bylines.filter((b) => b.kind !== 'agency').map((b) => b.slug)

  const databases: Record<TargetId, string> = {
    baseline: await dbs.create('_baseline', template),
    'app-off': await dbs.create('_app_off', template),
    'app-on': await dbs.create('_app_on', template),
  }
  const urls = Object.fromEntries(
    Object.entries(databases).map(([k, name]) => [k, dbs.urlOf(name)]),
  ) as Record<TargetId, string>
  const servers: Record<TargetId, ServerProcess> = {
    baseline: startServer(
      'baseline',
      process.execPath,
      ['--import', 'tsx', 'bench/baseline-server.ts'],
      {
        DATABASE_URL: urls.baseline,
        DATABASE_POOL_SIZE: String(settings.poolSize),
        NODE_ENV: 'production',
      },
      await freePort(),
      root,
    ),
    'app-off': startServer(
      'app (cache off)',
      process.execPath,
      appNodeArgs(root),
      appEnv(urls['app-off'], 'off', cacheSetting.implemented),
      await freePort(),
      root,
    ),
    'app-on': startServer(
      'app (cache on)',
      process.execPath,
      appNodeArgs(root),
      appEnv(urls['app-on'], 'on', cacheSetting.implemented),
      await freePort(),
      root,
    ),
  }
  await Promise.all(Object.values(servers).map((s) => waitReady(s, '/readyz')))
  await sleep(1000)
  const startMemory = Object.fromEntries(
    Object.entries(servers).map(([k, s]) => [k, memoryOf(s.pid)]),
  )

  const answers = await compareAnswers(servers['app-off'].base, servers.baseline.base, slugs)
  for (const line of answers) log(`answers: ${line}`)

  const etagSample = slugs
    .filter((_, i) => i % Math.max(1, Math.floor(slugs.length / settings.etagSample)) === 0)
    .slice(0, settings.etagSample)
  const etags: Partial<Record<TargetId, [string, string][]>> = {}
  for (const mode of ['off', 'on'] as const) {
    const base = servers[`app-${mode}`].base
    const notModified = await probeNotModified(base, etagSample)
    etags[`app-${mode}`] = notModified.etags
    features[mode] = {
      cache: cacheSetting,
      search: await probeSearch(base, SEARCH_WORDS[0]!),
      notModified,
    }
    log(
      `features (cache ${mode}): search: ${features[mode].search.detail}; 304: ${notModified.detail}`,
    )
  }

  const results: Record<TargetId, Partial<Record<ScenarioId, LoadResult>>> = {
    baseline: {},
    'app-off': {},
    'app-on': {},
  }
  /** Per scenario whose target compares it with another one: the baseline's reference, measured in the same rounds. */
  const references: Partial<Record<ScenarioId, LoadResult>> = {}
  /** Per app server and scenario whose reference is that server's own run of another scenario. */
  const sameServerReferences: Partial<Record<TargetId, Partial<Record<ScenarioId, LoadResult>>>> =
    {}
  /** The share of the CPUs other processes used during each run: other work on the machine skews the numbers. */
  const others: number[] = []
  const ctxOf = (target: TargetId) => ({
    slugs,
    searchWords: SEARCH_WORDS,
    etags: etags[target] ?? [],
    ...lists,
    editorKey,
    createBody: createBodies(bylineSlugs, 7),
  })
  for (const [index, scenario] of allScenarios.entries()) {
    const targets: TargetId[] = scenario.onBaseline
      ? ['baseline', 'app-off', 'app-on']
      : ['app-off', 'app-on']
    // The baseline's reference scenario runs in the same rounds, so that drifts of the machine's
    // speed (±30 % within minutes on these VMs) do not land between the two sides of the ratio.
    const reference =
      scenario.reference !== scenario.id
        ? everyScenario.find((s) => s.id === scenario.reference)!
        : null
    // "For you" compares with the same server's shared recommendations of the same stories.
    const sameServer = scenario.referenceServer === 'same'
    const referenceRuns = !reference
      ? []
      : sameServer
        ? targets.map((target) => ({
            target,
            scenario: reference,
            label: `${target} shared`,
            slugs: forYouStories(slugs),
          }))
        : [{ target: 'baseline' as const, scenario: reference, label: `baseline ${reference.id}` }]
    const runs = [
      ...targets.map((target) => ({ target, scenario, label: target as string })),
      ...referenceRuns,
    ].map((run: { target: TargetId; scenario: Scenario; label: string; slugs?: string[] }) => {
      const { connections, expectedStatus } = run.scenario
      const ctx = run.slugs ? { ...ctxOf(run.target), slugs: run.slugs } : ctxOf(run.target)
      const load = {
        base: servers[run.target].base,
        connections,
        next: requestsFor(run.scenario.id, ctx),
        expectedStatus,
      }
      return {
        ...run,
        ctx,
        load,
        samples: [] as LoadSample[],
        cpu: { server: 0, database: 0, loadGenerator: 0 },
        others: [] as number[],
        warmupCut: false,
      }
    })
    for (const run of runs) {
      if (settings.warmupSec === 0) continue
      const warm = await runLoad({ ...run.load, durationSec: settings.warmupSec })
      // Steady state means every request of the rotation seen once (PostgreSQL's buffers, the
      // app's response cache), whatever the server: the rest of the rotation, within a bound.
      const rest = distinctRequests(run.scenario.id, run.ctx) - warm.requests
      const pass =
        rest > 0
          ? await runLoad({
              ...run.load,
              // autocannon refuses fewer requests than connections: a few more do no harm.
              amount: Math.max(rest, run.load.connections),
              durationSec: settings.warmupMaxSec,
            })
          : null
      run.warmupCut = pass !== null && pass.requests < rest
      const cut = run.warmupCut ? `, cut after ${settings.warmupMaxSec} s: NOT steady state` : ''
      const answers = pass
        ? `${warm.requests} + ${pass.requests} (one pass over the rotation${cut})`
        : `${warm.requests}`
      log(
        `${scenario.label.padEnd(18)} ${run.label.padEnd(9)} warm-up: ${answers} answers ${JSON.stringify(warm.statusCodes)}`,
      )
      await dbs.waitIdle()
    }
    // Measured in rounds of one slice per server, the order alternating from round to round: every
    // side of a ratio sees the same stretch of the machine's time.
    for (let round = 0; round < settings.rounds; round++) {
      const order = (index + round) % 2 === 1 ? [...runs].reverse() : runs
      for (const run of order) {
        const backends = await dbs.backendPids()
        const server = servers[run.target]
        const pids = [
          process.pid,
          ...Object.values(servers).map((s) => s.pid),
          ...backends.map((b) => b.pid),
        ]
        const before = cpuTicks(pids)
        const t0 = performance.now()
        const sample = await sampleLoad({
          ...run.load,
          durationSec: settings.durationSec / settings.rounds,
        })
        const after = cpuTicks(pids)
        run.others.push(
          otherCpuShare(before, after, (performance.now() - t0) / 1000, cpus().length),
        )
        run.samples.push(sample)
        run.cpu.server += cpuSecondsOf(before, after, [server.pid])
        run.cpu.database += cpuSecondsOf(
          before,
          after,
          backends.filter((b) => b.database === databases[run.target]).map((b) => b.pid),
        )
        run.cpu.loadGenerator += cpuSecondsOf(before, after, [process.pid])
        // A slice that ended with requests still queued in a server leaves work behind.
        await dbs.waitIdle()
      }
    }
    for (const run of runs) {
      const result = summarize(run.samples)
      const perRequest = (seconds: number) =>
        Math.round((seconds * 1e6) / Math.max(1, result.requests)) / 1000
      const cpuMsPerRequest = {
        server: perRequest(run.cpu.server),
        database: perRequest(run.cpu.database),
        loadGenerator: perRequest(run.cpu.loadGenerator),
      }
      const other = run.others.reduce((a, b) => a + b, 0) / Math.max(1, run.others.length)
      others.push(other)
      const measured = {
        ...result,
        otherCpuShare: Math.round(other * 1000) / 1000,
        cpuMsPerRequest,
        warmupCut: run.warmupCut,
      }
      if (run.scenario === scenario) results[run.target][scenario.id] = measured
      else if (run.target === 'baseline') references[scenario.id] = measured
      else {
        const own = sameServerReferences[run.target] ?? {}
        own[scenario.id] = measured
        sameServerReferences[run.target] = own
      }
      log(
        `${scenario.label.padEnd(18)} ${run.label.padEnd(9)} ${Math.round(result.reqPerSec).toString().padStart(7)} req/s  ` +
          `p50 ${result.latencyMs.p50} ms  p99 ${result.latencyMs.p99} ms  errors ${result.errors}  ${JSON.stringify(result.statusCodes)}  ` +
          `CPU ms/request: server ${cpuMsPerRequest.server}, PostgreSQL ${cpuMsPerRequest.database}, load ${cpuMsPerRequest.loadGenerator}`,
      )
    }
    await sleep(500)
  }
  // V8 gives memory back once a process has been idle a while (its memory reducer), not right
  // after the load stops: the servers' RSS is read every 5 s of a quiet period.
  let webhooks: WebhookFigures | undefined
  if (settings.only.length === 0 || (settings.only as string[]).includes('webhooks')) {
    // PostgreSQL's backends are the bench's work too, not "other processes".
    const pids = [
      process.pid,
      ...Object.values(servers).map((s) => s.pid),
      ...(await dbs.backendPids()).map((b) => b.pid),
    ]
    const before = cpuTicks(pids)
    const t0 = performance.now()
    webhooks = await runWebhookScenario({
      base: servers['app-off'].base,
      adminKey,
      editorKey,
      createBody: createBodies(bylineSlugs, 11),
      connections: settings.createConnections,
      durationSec: settings.durationSec,
      rounds: settings.rounds,
      rate: settings.webhookRate,
      pacedSec: settings.webhookPacedSec,
      log,
      afterSlice: async () => {
        await dbs.waitIdle()
      },
    })
    others.push(
      otherCpuShare(before, cpuTicks(pids), (performance.now() - t0) / 1000, cpus().length),
    )
  }
  log(`idle: reading the memory of the servers every 5 s for ${settings.idleSec} s…`)
  const targets = Object.keys(servers) as TargetId[]
  const afterRun: Record<string, number | null> = {}
  for (let waited = 5; waited <= settings.idleSec; waited += 5) {
    await sleep(5000)
    const now = targets.map((k) => [k, memoryOf(servers[k].pid)?.rssMiB ?? null] as const)
    if (waited === 5) for (const [k, rss] of now) afterRun[k] = rss
    log(
      `  after ${waited} s: ${now.map(([k, rss]) => `${k} ${rss === null ? '—' : Math.round(rss)} MiB`).join(', ')}`,
    )
  }
  const memory: Memory[] = targets.map((k) => {
    const idle = memoryOf(servers[k].pid)
    return {
      server: servers[k].name,
      startMiB: startMemory[k]?.rssMiB ?? null,
      afterRunMiB: afterRun[k] ?? null,
      idleMiB: idle?.rssMiB ?? null,
      peakMiB: idle?.peakMiB ?? null,
    }
  })
  const failedOutput = (Object.values(servers) as ServerProcess[]).flatMap((s) =>
    s.output.slice(-5).map((l) => `${s.name}: ${l}`),
  )
  await cleanup()

  const baselineResults = new Map(Object.entries(results.baseline) as [ScenarioId, LoadResult][])
  const modes = (['off', 'on'] as const).map((mode) => ({
    mode,
    rows: allScenarios.flatMap((s): Row[] => {
      const result = results[`app-${mode}`][s.id]
      return result
        ? [
            evaluate(
              mode,
              s,
              result,
              baselineResults,
              features[mode],
              s.referenceServer === 'same'
                ? sameServerReferences[`app-${mode}`]?.[s.id]
                : references[s.id],
            ),
          ]
        : []
    }),
  }))
  const machine = `${cpus().length}× ${cpus()[0]?.model.trim() ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB`
  const autocannonVersion = (
    JSON.parse(
      readFileSync(createRequire(import.meta.url).resolve('autocannon/package.json'), 'utf8'),
    ) as { version: string }
  ).version
  const header = [
    `Run of ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC (commit ${gitDescription()}, uncommitted changes possible): ` +
      `**${settings.durationSec} s per scenario and server**, in ${settings.rounds} interleaved rounds of ${+(settings.durationSec / settings.rounds).toFixed(2)} s, ` +
      `after a ${settings.warmupSec} s warm-up, ${settings.connections} connections (create: ${settings.createConnections}), ` +
      `autocannon ${autocannonVersion} on loopback. ${seeded.articles.toLocaleString('en-US')} articles (${slugs.length.toLocaleString('en-US')} readable, ` +
      `Markdown bodies of ~${(seeded.averageBodyBytes / 1024).toFixed(1)} KiB), ${seeded.bylines} bylines, ${seeded.credits.toLocaleString('en-US')} credits, 2 slots. ` +
      `${machine}, Node ${process.version}, PostgreSQL ${pgVersion}: the load generator, the servers and PostgreSQL share the machine, so read the ratios, not the absolute numbers. ` +
      `Ratios are app req/s ÷ baseline req/s measured in the same run; idle RSS target: ≤ ${IDLE_RSS_TARGET_MIB} MiB. ` +
      `Other processes used ${pct(Math.min(...others))}–${pct(Math.max(...others))} of the CPUs during the runs.`,
    '',
    `Archive: stories created over ${Math.round(settings.archive.spanDays / 365)} years, bodies of ~${settings.archive.bodyLength.toLocaleString('en-US')} characters; ` +
      (seeded.importer
        ? `built through the importer (npm run import) in ${seeded.importer.seconds} s: **${seeded.importer.articlesPerSecond.toLocaleString('en-US')} articles/s** ` +
          `over the command's whole run (it reported ${seeded.importer.reportedPerSecond.toLocaleString('en-US')}/s of import time), ${(seeded.importer.fileBytes / 2 ** 20).toFixed(0)} MiB of NDJSON. `
        : 'seeded with bulk SQL (no importer used). ') +
      `Database: **${size.mibPer1000Articles} MiB per 1,000 articles** (${size.mib['(database)']} MiB for ${size.articles.toLocaleString('en-US')}; largest tables with their indexes: ` +
      `${Object.entries(size.mib)
        .filter(([name]) => name !== '(database)')
        .map(([name, mib]) => `${name} ${mib}`)
        .join(', ')} MiB).`,
  ]
  if (Math.max(...others) > 0.1) {
    header.push(
      '',
      `> **The machine was busy with other work during this run** (up to ${pct(Math.max(...others))} of the CPUs, load average ${loadavg()[0]?.toFixed(1)} at the end): ` +
        'the absolute numbers are depressed and the ratios less reliable than on a quiet machine.',
    )
  }
  const report: Report = {
    header,
    features: features.off,
    answers,
    modes,
    baseline: allScenarios.flatMap((s) =>
      results.baseline[s.id] ? [{ scenario: s, result: results.baseline[s.id]! }] : [],
    ),
    memory,
    idleSec: settings.idleSec,
    webhooks,
    seeded,
    databaseSize: size,
  }
  const table = markdown(report)
  mkdirSync(resultsDir, { recursive: true })
  writeFileSync(
    join(resultsDir, 'latest.json'),
    `${JSON.stringify(
      {
        generatedAt: new Date().toISOString(),
        commit: gitDescription(),
        settings: { ...settings, serverUrl: undefined },
        machine: {
          cpus: cpus().length,
          model: cpus()[0]?.model.trim(),
          memoryGiB: Math.round(totalmem() / 2 ** 30),
          node: process.version,
          postgres: pgVersion,
          autocannon: autocannonVersion,
        },
        data: { ...seeded, readableSlugs: slugs.length, slots: 2 },
        features,
        answers,
        scenarios: allScenarios,
        results,
        references,
        sameServerReferences,
        evaluation: modes,
        webhooks,
        memory,
        otherCpuShares: others,
        elapsedSec: Math.round((Date.now() - started) / 1000),
      },
      null,
      2,
    )}\n`,
  )
  writeFileSync(join(resultsDir, 'latest.md'), table)
  process.stdout.write(`${terminal(report)}\n\n`)
  // Results are not committed: each run overwrites them. To record one, copy latest.md's tables
  // into docs/performance.md by hand (see bench/README.md).
  log(
    `wrote bench/results/latest.json and latest.md (git-ignored); ${Math.round((Date.now() - started) / 1000)} s in all`,
  )
  if (Object.values(results).some((r) => Object.values(r).some((x) => x && x.errors > 0))) {
    log(`some runs had errors; the servers' last output:\n${failedOutput.join('\n')}`)
  }
}

main()
  .then(() => process.exit(0))
  .catch(async (err: unknown) => {
    log(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`)
    await cleanup()
    process.exit(1)
  })
