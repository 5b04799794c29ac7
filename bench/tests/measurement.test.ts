import { describe, expect, it } from 'vitest'
import { type LoadSample, quantile, summarize } from '../load.js'
import { evaluate, type Features } from '../report.js'
import { requestsFor, scenarios } from '../scenarios.js'

const sample = (
  requests: number,
  durationSec: number,
  latenciesMs: number[],
  statusCodes: Record<string, number> = { 200: requests },
): LoadSample => ({
  requests,
  durationSec,
  latenciesMs,
  errors: 0,
  timeouts: 0,
  statusCodes,
  bytes: requests * 100,
})

describe('quantile', () => {
  it('takes the nearest rank', () => {
    const sorted = Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    expect(quantile(sorted, 0.5)).toBe(5)
    expect(quantile(sorted, 0.99)).toBe(10)
    expect(quantile(sorted, 0.1)).toBe(1)
    expect(quantile(new Float64Array(0), 0.5)).toBe(0)
  })
})

describe('summarize', () => {
  it('adds up slices and takes percentiles over every answer of all of them', () => {
    // 99 fast answers in one slice, one slow one in the other: the p99 of the whole is fast, the max slow.
    const fast = sample(
      99,
      2,
      Array.from({ length: 99 }, () => 1),
    )
    const slow = sample(1, 2, [50], { 200: 0, 304: 1 })
    const result = summarize([fast, slow])
    expect(result.requests).toBe(100)
    expect(result.durationSec).toBe(4)
    expect(result.reqPerSec).toBe(25)
    expect(result.latencyMs.p50).toBe(1)
    expect(result.latencyMs.p99).toBe(1)
    expect(result.latencyMs.max).toBe(50)
    expect(result.statusCodes).toEqual({ 200: 99, 304: 1 })
    expect(result.bytesPerSec).toBe(2500)
  })

  it('sorts latencies numerically, not as strings', () => {
    const result = summarize([sample(3, 1, [9, 10, 100])])
    expect(result.latencyMs.p50).toBe(10)
  })
})

describe('evaluate', () => {
  const all = scenarios(50, 10)
  const recommendations = all.find((s) => s.id === 'recommendations')!
  const implemented = { implemented: true, detail: '' }
  const features: Features = { cache: implemented, search: implemented, notModified: implemented }
  const rate = (reqPerSec: number) => summarize([sample(reqPerSec * 10, 10, [1])])

  it('compares with the reference measured alongside when there is one', () => {
    const baseline = new Map([
      ['article', rate(2000)],
      ['recommendations', rate(400)],
    ] as const)
    const app = rate(900)
    const withoutAlongside = evaluate('off', recommendations, app, baseline, features)
    expect(withoutAlongside.reference?.reqPerSec).toBe(2000)
    expect(withoutAlongside.verdict).toBe('missed')

    const alongside = evaluate('off', recommendations, app, baseline, features, rate(1500))
    expect(alongside.reference?.reqPerSec).toBe(1500)
    expect(alongside.reference?.ratio).toBeCloseTo(0.6)
    expect(alongside.verdict).toBe('met')
    expect(alongside.note).toContain('baseline article measured in the same rounds')
    expect(alongside.sameWorkRatio).toBeCloseTo(2.25)
  })
})

describe('evaluate: 304 revalidation', () => {
  const notModified = scenarios(50, 10).find((s) => s.id === 'notModified')!
  const implemented = { implemented: true, detail: '' }
  const features: Features = { cache: implemented, search: implemented, notModified: implemented }
  const rate = (reqPerSec: number) =>
    summarize([sample(reqPerSec * 10, 10, [1], { 304: reqPerSec * 10 })])
  const baseline = new Map([['article', rate(2000)]] as const)

  it('holds the cache-on run to 10× the baseline article rate', () => {
    expect(evaluate('on', notModified, rate(19_000), baseline, features).verdict).toBe('missed')
    expect(evaluate('on', notModified, rate(21_000), baseline, features).verdict).toBe('met')
  })

  it('prints the cache-off run with its ratio, and says why it has no target', () => {
    const row = evaluate('off', notModified, rate(2400), baseline, features)
    expect(row.verdict).toBe('no target')
    expect(row.reference?.ratio).toBeCloseTo(1.2)
    expect(row.note).toContain('without it each revalidation reads the database')
  })
})

describe('evaluate: for you', () => {
  const forYou = scenarios(50, 10).find((s) => s.id === 'forYou')!
  const implemented = { implemented: true, detail: '' }
  const features: Features = { cache: implemented, search: implemented, notModified: implemented }
  const rate = (reqPerSec: number) => summarize([sample(reqPerSec * 10, 10, [1])])
  const baseline = new Map([['recommendations', rate(100)]] as const)

  it("holds the cache-on run to 0.8× the same server's shared recommendations, never the baseline's", () => {
    const met = evaluate('on', forYou, rate(4100), baseline, features, rate(5000))
    expect(met.reference?.ratio).toBeCloseTo(0.82)
    expect(met.target).toBe("≥ 0.8× this server's recommendations")
    expect(met.verdict).toBe('met')
    expect(met.note).toContain("this server's recommendations")
    expect(evaluate('on', forYou, rate(3900), baseline, features, rate(5000)).verdict).toBe(
      'missed',
    )
    expect(evaluate('on', forYou, rate(3900), baseline, features).reference).toBeUndefined()
  })

  it('sends three distinct read stories of the first 1,000 with each request', () => {
    const slugs = Array.from({ length: 2000 }, (_, i) => `s-${i}`)
    const next = requestsFor('forYou', {
      slugs,
      searchWords: [],
      etags: [],
      sections: [],
      tags: [],
      bylines: [],
      deepCursors: [],
      editorKey: '',
      createBody: () => '',
    })
    for (let i = 0; i < 50; i++) {
      const request = next()
      const read = request.headers?.['recently-read']?.split(',') ?? []
      expect(new Set(read).size).toBe(3)
      for (const slug of [...read, request.path.split('/')[3]])
        expect(Number(slug?.slice(2))).toBeLessThan(1000)
    }
  })
})
