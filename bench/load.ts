// One bounded autocannon run against a loopback server, with requests produced one at a time.
import autocannon from 'autocannon'

export interface RequestSpec {
  method: 'GET' | 'POST' | 'PATCH'
  path: string
  headers?: Record<string, string>
  body?: string
  /** Called with the answer to this request (its status and body), when the server answers. */
  onResponse?: (status: number, body: string) => void
}

export interface LoadResult {
  requests: number
  durationSec: number
  reqPerSec: number
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number }
  /** Connection errors and timeouts, plus responses whose status the scenario does not expect. */
  errors: number
  timeouts: number
  statusCodes: Record<string, number>
  bytesPerSec: number
  /** The share of the CPUs (0–1) that processes other than the bench's used meanwhile. */
  otherCpuShare?: number
  /**
   * CPU milliseconds per answered request: the server, its database's PostgreSQL backends, and the
   * load generator (the bench's own process). Where a slow run spent its time.
   */
  cpuMsPerRequest?: { server: number; database: number; loadGenerator: number }
  /** The warm-up pass over the rotation did not finish within BENCH_WARMUP_MAX. */
  warmupCut?: boolean
}

export interface LoadOptions {
  base: string
  connections: number
  /** How long to run; with `amount`, the most it may run. */
  durationSec: number
  /** Stop after this many requests instead of after `durationSec`. */
  amount?: number
  next: () => RequestSpec
  expectedStatus: readonly number[]
  /** Pass each answer to its RequestSpec's onResponse (autocannon then keeps every body: off unless needed). */
  withResponses?: boolean
}

/** One autocannon run, with the time of every answer (whatever its status, 304s included). */
export interface LoadSample {
  requests: number
  durationSec: number
  latenciesMs: number[]
  errors: number
  timeouts: number
  statusCodes: Record<string, number>
  bytes: number
}

export async function sampleLoad(options: LoadOptions): Promise<LoadSample> {
  const { base, connections, durationSec, amount, next, expectedStatus, withResponses } = options
  if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(base)) throw new Error(`loopback only, not ${base}`)
  const latenciesMs: number[] = []
  const result = await bounded(
    durationSec,
    {
      url: base,
      connections,
      ...(amount ? { amount } : { duration: durationSec }),
      timeout: 10,
      requests: [
        {
          // autocannon calls this for every request it sends, so each one gets the next path/body.
          setupRequest: (request, context) => {
            const spec = next()
            ;(context as { spec?: RequestSpec }).spec = spec
            return {
              ...request,
              method: spec.method,
              path: spec.path,
              headers: { ...spec.headers },
              body: spec.body,
            }
          },
          ...(withResponses
            ? {
                onResponse: (status: number, body: string, context: object) =>
                  (context as { spec?: RequestSpec }).spec?.onResponse?.(status, body),
              }
            : {}),
        },
      ],
    },
    // autocannon's own histogram keeps 2xx answers only, and cannot be merged across samples.
    (ms) => latenciesMs.push(ms),
  )
  const statusCodes: Record<string, number> = {}
  for (const [code, { count = 0 }] of Object.entries(result.statusCodeStats ?? {}))
    statusCodes[code] = count
  const unexpected = Object.entries(statusCodes)
    .filter(([code]) => !expectedStatus.includes(Number(code)))
    .reduce((n, [, count]) => n + count, 0)
  return {
    requests: result.requests.total,
    durationSec: result.duration || durationSec,
    latenciesMs,
    errors: result.errors + unexpected,
    timeouts: result.timeouts,
    statusCodes,
    bytes: result.throughput.total,
  }
}

/** The `q`-quantile (0–1) of sorted values, by the nearest-rank method. */
export function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return 0
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!
}

const round2 = (n: number) => Math.round(n * 100) / 100

/** Samples of one load taken at different times, as one result: sums, and percentiles over every answer. */
export function summarize(samples: LoadSample[]): LoadResult {
  const seconds = samples.reduce((n, s) => n + s.durationSec, 0)
  const requests = samples.reduce((n, s) => n + s.requests, 0)
  const latencies = Float64Array.from(samples.flatMap((s) => s.latenciesMs)).sort()
  const statusCodes: Record<string, number> = {}
  for (const s of samples)
    for (const [code, n] of Object.entries(s.statusCodes))
      statusCodes[code] = (statusCodes[code] ?? 0) + n
  return {
    requests,
    durationSec: seconds,
    reqPerSec: seconds > 0 ? requests / seconds : 0,
    latencyMs: {
      p50: round2(quantile(latencies, 0.5)),
      p90: round2(quantile(latencies, 0.9)),
      p99: round2(quantile(latencies, 0.99)),
      max: round2(latencies.at(-1) ?? 0),
      mean: round2(latencies.reduce((n, v) => n + v, 0) / Math.max(1, latencies.length)),
    },
    errors: samples.reduce((n, s) => n + s.errors, 0),
    timeouts: samples.reduce((n, s) => n + s.timeouts, 0),
    statusCodes,
    bytesPerSec: seconds > 0 ? samples.reduce((n, s) => n + s.bytes, 0) / seconds : 0,
  }
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  return summarize([await sampleLoad(options)])
}

/**
 * Runs autocannon, stopping it after `maxSec` even when it was given an amount of requests, and
 * passing the time of each answer to `onAnswer`.
 */
function bounded(
  maxSec: number,
  options: autocannon.Options,
  onAnswer: (ms: number) => void,
): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(options, (err, result) => (err ? reject(err) : resolve(result)))
    instance.on('response', (_client, _status, _bytes, ms) => onAnswer(ms))
    const timer = setTimeout(() => instance.stop(), maxSec * 1000)
    instance.on('done', () => clearTimeout(timer))
  })
}

/** A rotation over a list, shared by every connection of a run. */
export function rotation<T>(items: readonly T[], start = 0): () => T {
  if (items.length === 0) throw new Error('nothing to rotate over')
  let i = start
  return () => items[i++ % items.length]!
}
