// One bounded autocannon run against a loopback server, with requests produced one at a time.
import autocannon from 'autocannon'

export interface RequestSpec {
  method: 'GET' | 'POST'
  path: string
  headers?: Record<string, string>
  body?: string
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
  /** The warm-up pass over the rotation did not finish within BENCH_WARMUP_MAX. */
  warmupCut?: boolean
}

export async function runLoad(options: {
  base: string
  connections: number
  /** How long to run; with `amount`, the most it may run. */
  durationSec: number
  /** Stop after this many requests instead of after `durationSec`. */
  amount?: number
  next: () => RequestSpec
  expectedStatus: readonly number[]
}): Promise<LoadResult> {
  const { base, connections, durationSec, amount, next, expectedStatus } = options
  if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(base)) throw new Error(`loopback only, not ${base}`)
  const result = await bounded(durationSec, {
    url: base,
    connections,
    ...(amount ? { amount } : { duration: durationSec }),
    timeout: 10,
    requests: [
      {
        // autocannon calls this for every request it sends, so each one gets the next path/body.
        setupRequest: (request) => {
          const spec = next()
          return { ...request, method: spec.method, path: spec.path, headers: { ...spec.headers }, body: spec.body }
        },
      },
    ],
  })
  const statusCodes: Record<string, number> = {}
  for (const [code, { count = 0 }] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = count
  const unexpected = Object.entries(statusCodes)
    .filter(([code]) => !expectedStatus.includes(Number(code)))
    .reduce((n, [, count]) => n + count, 0)
  const completed = result.requests.total
  const seconds = result.duration || durationSec
  return {
    requests: completed,
    durationSec: seconds,
    reqPerSec: completed / seconds,
    latencyMs: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
      mean: result.latency.average,
    },
    errors: result.errors + unexpected,
    timeouts: result.timeouts,
    statusCodes,
    bytesPerSec: result.throughput.average,
  }
}

/** Runs autocannon, stopping it after `maxSec` even when it was given an amount of requests. */
function bounded(maxSec: number, options: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(options, (err, result) => (err ? reject(err) : resolve(result)))
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
