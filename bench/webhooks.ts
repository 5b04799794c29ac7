// The webhooks scenario (issue 23): create/update throughput with one subscribed endpoint against
// the same server with that endpoint disabled, measured in interleaved rounds, and the latency
// from a change's commit to the receiver's 2xx in a paced run. The receiver is an HTTP server on
// 127.0.0.1 inside the bench's process that answers 204.
import { createServer, type Server } from 'node:http'
import { setTimeout as sleep } from 'node:timers/promises'
import { type LoadSample, quantile, type RequestSpec, sampleLoad, summarize } from './load.js'

/** The receiver's view of one delivery. */
export interface Delivery {
  webhookId: string
  type: string
  resourceId: string
  /** Receive time minus the event's occurredAt, in ms. */
  latencyMs: number
  receivedAt: number
}

export interface Receiver {
  url: string
  deliveries: Delivery[]
  close(): Promise<void>
}

/** A local receiver that answers 204 and records every delivery (duplicates by webhook-id too). */
export async function startReceiver(): Promise<Receiver> {
  const deliveries: Delivery[] = []
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const receivedAt = Date.now()
      res.writeHead(204).end()
      try {
        const event = JSON.parse(Buffer.concat(chunks).toString()) as {
          type?: string
          occurredAt?: string
          resource?: { id?: string }
        }
        deliveries.push({
          webhookId: String(req.headers['webhook-id'] ?? ''),
          type: String(event.type ?? ''),
          resourceId: String(event.resource?.id ?? ''),
          latencyMs: receivedAt - Date.parse(String(event.occurredAt)),
          receivedAt,
        })
      } catch {
        // not an event: ignored
      }
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return {
    url: `http://127.0.0.1:${port}/hook`,
    deliveries,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}

/** The send times (ms from the start) of a paced run: `rate` per second for `durationSec`. */
export function paceSchedule(rate: number, durationSec: number): number[] {
  if (!(rate > 0) || !(durationSec > 0)) return []
  const count = Math.floor(rate * durationSec)
  return Array.from({ length: count }, (_, i) => (i * 1000) / rate)
}

/**
 * Latency percentiles of the deliveries of `expected` events; an event that never arrived counts
 * as infinitely late, so that a lost or stuck delivery cannot improve the p99.
 */
export function deliveryLatency(
  latenciesMs: readonly number[],
  expected: number,
): { p50: number; p99: number; max: number; delivered: number; missing: number } {
  const missing = Math.max(0, expected - latenciesMs.length)
  const all = Float64Array.from([
    ...latenciesMs,
    ...Array.from({ length: missing }, () => Number.POSITIVE_INFINITY),
  ]).sort()
  return {
    p50: quantile(all, 0.5),
    p99: quantile(all, 0.99),
    max: all.at(-1) ?? 0,
    delivered: latenciesMs.length,
    missing,
  }
}

/**
 * Writes that alternate a create and an update of one of `articles` (PATCH with If-Match). The
 * version of each article is taken from the answer to its last update; an article whose update is
 * in flight is skipped, so no two requests race for the same version.
 */
export function writeMix(
  articles: { id: string; version: number }[],
  editorKey: string,
  createBody: () => string,
): () => RequestSpec {
  const versions = new Map(articles.map((a) => [a.id, a.version]))
  const busy = new Set<string>()
  const ids = articles.map((a) => a.id)
  let i = 0
  let n = 0
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${editorKey}` }
  return () => {
    n++
    let id: string | undefined
    if (n % 2 === 0)
      for (let tries = 0; tries < ids.length && id === undefined; tries++) {
        const candidate = ids[i++ % ids.length]!
        if (!busy.has(candidate)) id = candidate
      }
    if (id === undefined)
      return { method: 'POST', path: '/v1/articles', headers, body: createBody() }
    const articleId = id
    busy.add(articleId)
    return {
      method: 'PATCH',
      path: `/v1/articles/${articleId}`,
      headers: { ...headers, 'if-match': `"${versions.get(articleId)}"` },
      body: JSON.stringify({ dek: `Updated ${n}: the bench's update of this story.` }),
      onResponse: (status, body) => {
        busy.delete(articleId)
        if (status !== 200) return
        const version = (JSON.parse(body) as { version?: number }).version
        if (typeof version === 'number') versions.set(articleId, version)
      },
    }
  }
}

async function json(
  url: string,
  method: string,
  key: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  })
  const text = await res.text()
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} }
}

/** Waits until the receiver has had nothing new for `quietMs` (at most `maxMs`). */
async function settle(receiver: Receiver, quietMs: number, maxMs: number): Promise<void> {
  const until = Date.now() + maxMs
  let seen = -1
  let since = Date.now()
  while (Date.now() < until) {
    if (receiver.deliveries.length !== seen) {
      seen = receiver.deliveries.length
      since = Date.now()
    } else if (Date.now() - since >= quietMs) return
    await sleep(200)
  }
}

export interface WebhookFigures {
  /** Closed-loop create/update load, endpoint disabled vs enabled, interleaved rounds. */
  without: ReturnType<typeof summarize>
  with: ReturnType<typeof summarize>
  ratio: number
  /** Deliveries received for the writes of the "with" slices (events of article.created/updated). */
  throughputDeliveries: number
  paced: {
    rate: number
    durationSec: number
    sent: number
    ok: number
    /** Receive time minus occurredAt, ms; undelivered events count as infinitely late. */
    latency: ReturnType<typeof deliveryLatency>
    /** Receive time minus the time the create's 201 came back (creates only), ms. */
    fromResponse: ReturnType<typeof deliveryLatency>
    duplicates: number
  }
}

export const WEBHOOK_TYPES = ['article.created', 'article.updated']

export async function runWebhookScenario(options: {
  base: string
  adminKey: string
  editorKey: string
  createBody: () => string
  connections: number
  durationSec: number
  rounds: number
  rate: number
  pacedSec: number
  log: (line: string) => void
  /** Called after every slice (the run waits for the database to be idle). */
  afterSlice: () => Promise<void>
}): Promise<WebhookFigures> {
  const { base, adminKey, editorKey, createBody, log } = options
  const receiver = await startReceiver()
  try {
    const created = await json(`${base}/v1/webhooks`, 'POST', adminKey, {
      url: receiver.url,
      types: WEBHOOK_TYPES,
      description: 'bench receiver',
      enabled: false,
    })
    if (created.status !== 201)
      throw new Error(
        `POST /v1/webhooks answered ${created.status}: ${JSON.stringify(created.body)}`,
      )
    const hookId = String(created.body.id)
    const setEnabled = async (enabled: boolean) => {
      const res = await json(`${base}/v1/webhooks/${hookId}`, 'PATCH', adminKey, { enabled })
      if (res.status !== 200)
        throw new Error(`PATCH /v1/webhooks answered ${res.status}: ${JSON.stringify(res.body)}`)
    }

    // The stories the updates rotate over, created before any endpoint is enabled.
    const articles: { id: string; version: number }[] = []
    for (let i = 0; i < 400; i++) {
      const res = await json(`${base}/v1/articles`, 'POST', editorKey, JSON.parse(createBody()))
      if (res.status !== 201) throw new Error(`creating a story answered ${res.status}`)
      articles.push({ id: String(res.body.id), version: Number(res.body.version) })
    }
    const next = writeMix(articles, editorKey, createBody)
    const load = {
      base,
      connections: options.connections,
      next,
      expectedStatus: [200, 201],
      withResponses: true,
    }
    await sampleLoad({ ...load, durationSec: Math.min(3, options.durationSec) }) // warm-up
    await options.afterSlice()

    const samples: Record<'with' | 'without', LoadSample[]> = { with: [], without: [] }
    let throughputDeliveries = 0
    for (let round = 0; round < options.rounds; round++) {
      const order: ('with' | 'without')[] =
        round % 2 === 0 ? ['without', 'with'] : ['with', 'without']
      for (const side of order) {
        await setEnabled(side === 'with')
        const before = receiver.deliveries.length
        const sample = await sampleLoad({
          ...load,
          durationSec: options.durationSec / options.rounds,
        })
        samples[side].push(sample)
        log(
          `webhooks: round ${round + 1} ${side.padEnd(7)} ${Math.round(sample.requests / sample.durationSec)} writes/s`,
        )
        await options.afterSlice()
        if (side === 'with') {
          await settle(receiver, 2_000, 60_000)
          throughputDeliveries += receiver.deliveries.length - before
        } else {
          // The workers fan events out to the endpoints enabled when they run (every second):
          // let them hand out this slice's events before the endpoint is enabled again, so that
          // the next "with" slice does not deliver them.
          await sleep(2_500)
        }
      }
    }
    const without = summarize(samples.without)
    const withHook = summarize(samples.with)
    const ratio = without.reqPerSec > 0 ? withHook.reqPerSec / without.reqPerSec : 0
    log(
      `webhooks: writes without ${Math.round(without.reqPerSec)}/s, with ${Math.round(withHook.reqPerSec)}/s (${ratio.toFixed(2)}×), ` +
        `${throughputDeliveries} deliveries for ${withHook.requests} writes; statuses ${JSON.stringify(withHook.statusCodes)} / ${JSON.stringify(without.statusCodes)}`,
    )

    // Paced: `rate` writes/s in an open loop (each sent on schedule, whatever the others do).
    await setEnabled(true)
    const startIndex = receiver.deliveries.length
    const schedule = paceSchedule(options.rate, options.pacedSec)
    const responseAt = new Map<string, number>()
    let ok = 0
    let expected = 0
    const t0 = performance.now()
    await Promise.all(
      schedule.map(async (at) => {
        await sleep(Math.max(0, at - (performance.now() - t0)))
        const spec = next()
        try {
          const res = await fetch(`${base}${spec.path}`, {
            method: spec.method,
            headers: spec.headers,
            body: spec.body,
            signal: AbortSignal.timeout(30_000),
          })
          const text = await res.text()
          spec.onResponse?.(res.status, text)
          if (res.status === 200 || res.status === 201) {
            ok++
            expected++
            if (res.status === 201)
              responseAt.set(String((JSON.parse(text) as { id?: string }).id), Date.now())
          }
        } catch {
          spec.onResponse?.(0, '')
        }
      }),
    )
    await settle(receiver, 3_000, 60_000)
    const paced = receiver.deliveries.slice(startIndex)
    const unique = new Map(paced.map((d) => [d.webhookId, d]))
    const fromResponse = [...unique.values()]
      .filter((d) => d.type === 'article.created' && responseAt.has(d.resourceId))
      .map((d) => d.receivedAt - responseAt.get(d.resourceId)!)
    const figures: WebhookFigures = {
      without,
      with: withHook,
      ratio,
      throughputDeliveries,
      paced: {
        rate: options.rate,
        durationSec: options.pacedSec,
        sent: schedule.length,
        ok,
        latency: deliveryLatency(
          [...unique.values()].map((d) => d.latencyMs),
          expected,
        ),
        fromResponse: deliveryLatency(fromResponse, responseAt.size),
        duplicates: paced.length - unique.size,
      },
    }
    const p = figures.paced
    log(
      `webhooks paced: ${p.ok}/${p.sent} writes ok at ${p.rate}/s for ${p.durationSec} s; commit→2xx p50 ${p.latency.p50} ms, p99 ${p.latency.p99} ms, max ${p.latency.max} ms, ` +
        `${p.latency.missing} missing, ${p.duplicates} duplicates; from the create's 201: p50 ${p.fromResponse.p50} ms, p99 ${p.fromResponse.p99} ms`,
    )
    await setEnabled(false)
    return figures
  } finally {
    await receiver.close()
  }
}
