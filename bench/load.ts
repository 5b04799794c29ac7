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
}

export async function runLoad(options: {
  base: string
  connections: number
  durationSec: number
  next: () => RequestSpec
  expectedStatus: readonly number[]
}): Promise<LoadResult> {
  const { base, connections, durationSec, next, expectedStatus } = options
  if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(base)) throw new Error(`loopback only, not ${base}`)
  const result = await autocannon({
    url: base,
    connections,
    duration: durationSec,
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

/** A rotation over a list, shared by every connection of a run. */
export function rotation<T>(items: readonly T[], start = 0): () => T {
  if (items.length === 0) throw new Error('nothing to rotate over')
  let i = start
  return () => items[i++ % items.length]!
}
