import { describe, expect, it } from 'vitest'
import { deliveryLatency, paceSchedule, writeMix } from '../webhooks.js'

describe('paceSchedule', () => {
  it('spaces the sends evenly at the rate, for the duration', () => {
    const times = paceSchedule(50, 20)
    expect(times).toHaveLength(1000)
    expect(times[0]).toBe(0)
    expect(times[1]).toBe(20)
    expect(times.at(-1)).toBe(19_980)
  })
  it('is empty for a zero rate or duration', () => {
    expect(paceSchedule(0, 20)).toEqual([])
    expect(paceSchedule(50, 0)).toEqual([])
  })
})

describe('deliveryLatency', () => {
  it('takes nearest-rank percentiles of the deliveries', () => {
    const latencies = Array.from({ length: 100 }, (_, i) => i + 1)
    expect(deliveryLatency(latencies, 100)).toMatchObject({
      p50: 50,
      p99: 99,
      max: 100,
      delivered: 100,
      missing: 0,
    })
  })
  it('counts an event that never arrived as infinitely late', () => {
    const r = deliveryLatency(
      Array.from({ length: 98 }, () => 10),
      100,
    )
    expect(r.missing).toBe(2)
    expect(r.p50).toBe(10)
    expect(r.p99).toBe(Number.POSITIVE_INFINITY)
  })
})

describe('writeMix', () => {
  it('alternates creates and updates, with the version of the last answer', () => {
    let n = 0
    const next = writeMix([{ id: 'a', version: 1 }], 'key', () => `{"n":${++n}}`)
    const first = next()
    expect(first).toMatchObject({ method: 'POST', path: '/v1/articles', body: '{"n":1}' })
    const update = next()
    expect(update).toMatchObject({ method: 'PATCH', path: '/v1/articles/a' })
    expect(update.headers?.['if-match']).toBe('"1"')
    // In flight: the next update falls back to a create rather than racing for the version.
    next()
    expect(next().method).toBe('POST')
    update.onResponse?.(200, JSON.stringify({ version: 2 }))
    next()
    expect(next().headers?.['if-match']).toBe('"2"')
  })
  it('keeps the version when an update fails, and frees the story', () => {
    const next = writeMix([{ id: 'a', version: 5 }], 'key', () => '{}')
    next()
    const update = next()
    update.onResponse?.(412, '')
    next()
    expect(next().headers?.['if-match']).toBe('"5"')
  })
})
