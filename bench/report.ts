// The issue's targets, their evaluation, and the printed / Markdown tables.
import type { LoadResult } from './load.js'
import type { CacheMode, FeatureStatus, Scenario, ScenarioId } from './scenarios.js'
import type { WebhookFigures } from './webhooks.js'

export interface Target {
  mode: CacheMode
  scenario: ScenarioId
  /** app req/s ÷ baseline req/s of `reference` (the scenario's own reference unless given). */
  minRatio?: number
  reference?: ScenarioId
  maxP99Ms?: number
  /** The reference is the same server's (see Scenario.referenceServer), not the baseline's. */
  sameServer?: boolean
  /** A feature the target needs; without it the target is "not implemented yet", not "missed". */
  needs?: 'search' | 'notModified' | 'cache'
}

/** From the issue. */
export const TARGETS: Target[] = [
  { mode: 'off', scenario: 'article', minRatio: 0.6 },
  { mode: 'off', scenario: 'list', minRatio: 0.6 },
  { mode: 'off', scenario: 'recommendations', minRatio: 0.5, reference: 'article' },
  { mode: 'off', scenario: 'create', minRatio: 0.4 },
  { mode: 'on', scenario: 'article', minRatio: 5, maxP99Ms: 20, needs: 'cache' },
  { mode: 'on', scenario: 'list', minRatio: 10, maxP99Ms: 20, needs: 'cache' },
  // With the cache on, like the two targets before it in the issue. Without the response cache a
  // 304 must read the database to know the current ETag, as the baseline reads the article: a
  // bound near 1× that no server reaches 10× past. That run is still measured and printed.
  { mode: 'on', scenario: 'notModified', minRatio: 10, reference: 'article', needs: 'notModified' },
  // Personal answers as fast as shared ones: against the same server's shared recommendations of
  // the same stories, measured in the same rounds.
  {
    mode: 'on',
    scenario: 'forYou',
    minRatio: 0.8,
    reference: 'recommendations',
    sameServer: true,
    needs: 'cache',
  },
  // Issue 25: keyset pages cost what the first page does, however deep (page 500 of a tag).
  { mode: 'off', scenario: 'deepPage', minRatio: 0.8, reference: 'listTag', sameServer: true },
  // Issue 25: search stays fast at a million stories, without the cache.
  { mode: 'off', scenario: 'search', maxP99Ms: 100, needs: 'search' },
]
export const IDLE_RSS_TARGET_MIB = 200
/** Issue 23: writes with one subscribed endpoint ≥ 0.9× without; commit → receiver's 2xx p99 ≤ 1 s at 50 writes/s. */
export const WEBHOOK_MIN_RATIO = 0.9
export const WEBHOOK_MAX_P99_MS = 1_000

/** The webhooks scenario's two lines, in the columns of the cache-off table. */
export function webhookLines(w: WebhookFigures): {
  label: string
  reqPerSec: number
  p50: number
  p99: number
  errors: number
  reference: string
  ratio: string
  target: string
  verdict: 'met' | 'missed'
  note: string
}[] {
  const p = w.paced
  const latencyOk = p.latency.p99 <= WEBHOOK_MAX_P99_MS && p.ok === p.sent
  return [
    {
      label: 'writes + webhook',
      reqPerSec: w.with.reqPerSec,
      p50: w.with.latencyMs.p50,
      p99: w.with.latencyMs.p99,
      errors: w.with.errors,
      reference: `${num(w.without.reqPerSec)} (no endpoint)`,
      ratio: ratio(w.ratio),
      target: `≥ ${WEBHOOK_MIN_RATIO}× without`,
      verdict: w.ratio >= WEBHOOK_MIN_RATIO && w.with.errors === 0 ? 'met' : 'missed',
      note: `creates and If-Match updates alternating; the same server with its one endpoint disabled, in the same rounds (${w.without.errors} errors there); ${w.throughputDeliveries} deliveries for ${w.with.requests} answered writes (writes still in flight when a slice stops are delivered but not counted)`,
    },
    {
      label: `webhook @ ${p.rate}/s`,
      reqPerSec: p.ok / p.durationSec,
      p50: p.latency.p50,
      p99: p.latency.p99,
      errors: p.sent - p.ok + p.latency.missing,
      reference: '—',
      ratio: '—',
      target: `commit → 2xx p99 ≤ ${WEBHOOK_MAX_P99_MS} ms`,
      verdict: latencyOk ? 'met' : 'missed',
      note: `p50/p99: receiver's receive time − the event's occurredAt, over ${p.latency.delivered} deliveries (${p.latency.missing} missing counted as infinite, ${p.duplicates} duplicates); from the create's 201 instead: p50 ${ms(p.fromResponse.p50)}, p99 ${ms(p.fromResponse.p99)} ms; max ${ms(p.latency.max)} ms`,
    },
  ]
}

export interface Features {
  cache: FeatureStatus
  search: FeatureStatus
  notModified: FeatureStatus
}

export interface Row {
  scenario: ScenarioId
  label: string
  result: LoadResult
  reference?: { scenario: ScenarioId; reqPerSec: number; ratio: number }
  /** The ratio to the baseline doing the same work, when the reference is another scenario. */
  sameWorkRatio?: number
  target?: string
  verdict?: 'met' | 'missed' | 'not implemented yet' | 'no target'
  note?: string
}

/**
 * A row of the report. `alongside`: the baseline's run of the reference scenario measured in the
 * same rounds as this one, when the reference is another scenario (else its own run is used).
 */
export function evaluate(
  mode: CacheMode,
  scenario: Scenario,
  result: LoadResult,
  baseline: Map<ScenarioId, LoadResult>,
  features: Features,
  alongside?: LoadResult,
): Row {
  const target = TARGETS.find((t) => t.scenario === scenario.id && t.mode === mode)
  const referenceId = target?.reference ?? scenario.reference
  const sameServer = scenario.referenceServer === 'same'
  const ref =
    (referenceId === scenario.reference ? alongside : undefined) ??
    (sameServer ? undefined : baseline.get(referenceId))
  const row: Row = { scenario: scenario.id, label: scenario.label, result }
  if (ref && ref.reqPerSec > 0)
    row.reference = {
      scenario: referenceId,
      reqPerSec: ref.reqPerSec,
      ratio: result.reqPerSec / ref.reqPerSec,
    }
  const same = baseline.get(scenario.id)
  if (referenceId !== scenario.id && same && same.reqPerSec > 0)
    row.sameWorkRatio = result.reqPerSec / same.reqPerSec

  const notes: string[] = []
  if (scenario.id === 'search' && !features.search.implemented) notes.push(features.search.detail)
  if (scenario.id === 'notModified') {
    const codes = Object.entries(result.statusCodes)
      .map(([c, n]) => `${n}× ${c}`)
      .join(', ')
    notes.push(
      `${features.notModified.implemented ? '' : 'no 304 yet; '}statuses: ${codes || 'none'}`,
    )
    if (mode === 'off')
      notes.push(
        'the 304 target is with the cache on: without it each revalidation reads the database',
      )
  }
  if (row.sameWorkRatio !== undefined)
    notes.push(`${row.sameWorkRatio.toFixed(2)}× the baseline's ${scenario.label}`)
  if (ref && ref === alongside)
    notes.push(
      sameServer
        ? `reference: this server's ${referenceId}, measured in the same rounds`
        : `baseline ${referenceId} measured in the same rounds`,
    )

  if (!target) {
    row.verdict = 'no target'
  } else {
    const parts: string[] = []
    if (target.minRatio !== undefined)
      parts.push(
        `≥ ${target.minRatio}× ${referenceId === scenario.id ? '' : `${target.sameServer ? "this server's" : 'baseline'} ${referenceId}`}`.trim(),
      )
    if (target.maxP99Ms !== undefined) parts.push(`p99 ≤ ${target.maxP99Ms} ms`)
    row.target = parts.join(', ')
    const ok =
      (target.minRatio === undefined ||
        (row.reference !== undefined && row.reference.ratio >= target.minRatio)) &&
      (target.maxP99Ms === undefined || result.latencyMs.p99 <= target.maxP99Ms) &&
      result.errors === 0
    const missing = target.needs && !features[target.needs].implemented
    row.verdict = ok ? 'met' : missing ? 'not implemented yet' : 'missed'
    if (missing && target.needs === 'cache') notes.push('no cache setting yet')
  }
  if (result.warmupCut) notes.push('warm-up cut after BENCH_WARMUP_MAX: not steady state')
  if ((result.otherCpuShare ?? 0) > 0.1)
    notes.push(`other processes used ${Math.round(result.otherCpuShare! * 100)} % of the CPUs`)
  if (result.errors > 0) {
    const unexpected = Object.entries(result.statusCodes).filter(
      ([code]) => !scenario.expectedStatus.includes(Number(code)),
    )
    const parts = [
      result.timeouts > 0 ? `${result.timeouts}× timeout (10 s)` : '',
      result.errors - result.timeouts - unexpected.reduce((n, [, c]) => n + c, 0) > 0
        ? 'connection errors'
        : '',
      ...unexpected.map(([code, n]) => `${n}× ${code}`),
    ].filter(Boolean)
    notes.push(`errors: ${parts.join(', ')}`)
  }
  row.note = notes.join('; ')
  return row
}

const num = (n: number) => Math.round(n).toLocaleString('en-US')
const ms = (n: number) => (n < 10 ? n.toFixed(1) : Math.round(n).toString())
const ratio = (r: number) => `${r.toFixed(2)}×`

export interface Memory {
  server: string
  startMiB: number | null
  /** 5 s after the last scenario. */
  afterRunMiB: number | null
  /** At the end of the quiet period after the run (BENCH_IDLE). */
  idleMiB: number | null
  peakMiB: number | null
}

export interface Report {
  header: string[]
  features: Features
  answers: string[]
  modes: { mode: CacheMode; rows: Row[] }[]
  baseline: { scenario: Scenario; result: LoadResult }[]
  memory: Memory[]
  /** The quiet period after the run before idle memory is read (BENCH_IDLE). */
  idleSec: number
  /** The webhooks scenario, when it ran (app, cache off). */
  webhooks?: WebhookFigures
  /** What the seed wrote, and the importer's rate when it went through it (latest.json only). */
  seeded?: unknown
  databaseSize?: unknown
}

export function markdown(report: Report): string {
  const out: string[] = [...report.header, '']
  for (const { mode, rows } of report.modes) {
    out.push(`**App, cache ${mode}** (\`CACHE=${mode}\`)`, '')
    out.push(
      '| scenario | req/s | p50 ms | p99 ms | errors | baseline req/s | ratio | target | verdict | notes |',
    )
    out.push('|---|--:|--:|--:|--:|--:|--:|---|---|---|')
    for (const r of rows) {
      const ref = r.reference
      out.push(
        `| ${r.label} | ${num(r.result.reqPerSec)} | ${ms(r.result.latencyMs.p50)} | ${ms(r.result.latencyMs.p99)} | ${r.result.errors} | ` +
          `${ref ? `${num(ref.reqPerSec)}${ref.scenario === r.scenario ? '' : ` (${ref.scenario})`}` : '—'} | ${ref ? ratio(ref.ratio) : '—'} | ` +
          `${r.target ?? '—'} | ${r.verdict ?? ''} | ${r.note ?? ''} |`,
      )
    }
    if (mode === 'off' && report.webhooks)
      for (const w of webhookLines(report.webhooks))
        out.push(
          `| ${w.label} | ${num(w.reqPerSec)} | ${ms(w.p50)} | ${ms(w.p99)} | ${w.errors} | ${w.reference} | ${w.ratio} | ${w.target} | ${w.verdict} | ${w.note} |`,
        )
    out.push('')
  }
  out.push('**Baseline** (Fastify + pg + hand-written SQL, same data and JSON shape, no cache)', '')
  out.push('| scenario | req/s | p50 ms | p99 ms | errors | notes |', '|---|--:|--:|--:|--:|---|')
  for (const { scenario, result } of report.baseline) {
    const note = [
      scenario.id === 'search' ? 'ranked by ts_rank_cd like the app, no snippets' : '',
      scenario.id === 'recommendations' ? 'shared tags only' : '',
      (result.otherCpuShare ?? 0) > 0.1
        ? `other processes used ${Math.round(result.otherCpuShare! * 100)} % of the CPUs`
        : '',
    ].filter(Boolean)
    out.push(
      `| ${scenario.label} | ${num(result.reqPerSec)} | ${ms(result.latencyMs.p50)} | ${ms(result.latencyMs.p99)} | ${result.errors} | ${note.join('; ')} |`,
    )
  }
  out.push(
    '',
    `**Memory** (RSS of the server process; target for the app: idle ≤ ${IDLE_RSS_TARGET_MIB} MiB)`,
    '',
  )
  out.push(
    `| server | after start | 5 s after the run | idle (${report.idleSec} s after) | peak | verdict |`,
    '|---|--:|--:|--:|--:|---|',
  )
  const mib = (n: number | null) => (n === null || Number.isNaN(n) ? '—' : `${Math.round(n)} MiB`)
  for (const m of report.memory) {
    const verdict =
      !m.server.startsWith('app') || m.idleMiB === null
        ? ''
        : m.idleMiB <= IDLE_RSS_TARGET_MIB
          ? 'met'
          : 'missed'
    out.push(
      `| ${m.server} | ${mib(m.startMiB)} | ${mib(m.afterRunMiB)} | ${mib(m.idleMiB)} | ${mib(m.peakMiB)} | ${verdict} |`,
    )
  }
  out.push(
    '',
    `Features: ${['cache', 'search', 'notModified'].map((k) => `${k}: ${report.features[k as keyof Features].detail}`).join('; ')}.`,
  )
  out.push('', `Answers compared: ${report.answers.join('; ')}.`)
  return `${out.join('\n')}\n`
}

/** A plain-text table for the terminal. */
export function terminal(report: Report): string {
  const lines: string[] = []
  const pad = (s: string, n: number, right = false) => (right ? s.padStart(n) : s.padEnd(n))
  const head = `${pad('scenario', 20)}${pad('req/s', 10, true)}${pad('p50', 8, true)}${pad('p99', 8, true)}${pad('err', 6, true)}${pad('base req/s', 12, true)}${pad('ratio', 8, true)}  target / verdict`
  for (const { mode, rows } of report.modes) {
    lines.push('', `App, cache ${mode}`, head)
    for (const r of rows) {
      lines.push(
        `${pad(r.label, 20)}${pad(num(r.result.reqPerSec), 10, true)}${pad(ms(r.result.latencyMs.p50), 8, true)}${pad(ms(r.result.latencyMs.p99), 8, true)}` +
          `${pad(String(r.result.errors), 6, true)}${pad(r.reference ? num(r.reference.reqPerSec) : '—', 12, true)}${pad(r.reference ? ratio(r.reference.ratio) : '—', 8, true)}` +
          `  ${r.target ? `${r.target}: ${r.verdict}` : ''}${r.note ? `  (${r.note})` : ''}`,
      )
    }
    if (mode === 'off' && report.webhooks)
      for (const w of webhookLines(report.webhooks))
        lines.push(
          `${pad(w.label, 20)}${pad(num(w.reqPerSec), 10, true)}${pad(ms(w.p50), 8, true)}${pad(ms(w.p99), 8, true)}` +
            `${pad(String(w.errors), 6, true)}${pad(w.reference.split(' ')[0]!, 12, true)}${pad(w.ratio, 8, true)}  ${w.target}: ${w.verdict}  (${w.note})`,
        )
  }
  lines.push(
    '',
    'Baseline',
    `${pad('scenario', 20)}${pad('req/s', 10, true)}${pad('p50', 8, true)}${pad('p99', 8, true)}${pad('err', 6, true)}`,
  )
  for (const { scenario, result } of report.baseline) {
    lines.push(
      `${pad(scenario.label, 20)}${pad(num(result.reqPerSec), 10, true)}${pad(ms(result.latencyMs.p50), 8, true)}${pad(ms(result.latencyMs.p99), 8, true)}${pad(String(result.errors), 6, true)}`,
    )
  }
  lines.push(
    '',
    `Memory (RSS MiB: after start / 5 s after the run / idle ${report.idleSec} s after / peak)`,
  )
  for (const m of report.memory) {
    const f = (n: number | null) => (n === null || Number.isNaN(n) ? '—' : String(Math.round(n)))
    lines.push(
      `  ${pad(m.server, 16)} ${f(m.startMiB)} / ${f(m.afterRunMiB)} / ${f(m.idleMiB)} / ${f(m.peakMiB)}`,
    )
  }
  lines.push('', ...Object.values(report.features).map((f: FeatureStatus) => `- ${f.detail}`))
  return lines.join('\n')
}
