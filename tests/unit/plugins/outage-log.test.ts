import { describe, expect, it } from 'vitest'
import { OUTAGE_LOG_INTERVAL_MS, OutageLog } from '../../../src/plugins/error-handler.js'

function recorder() {
  const lines: { level: string; msg: string; obj: Record<string, unknown> }[] = []
  const at = (level: string) => (obj: Record<string, unknown>, msg: string) =>
    lines.push({ level, msg, obj })
  const log = {
    error: at('error'),
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
  } as never
  return { log, lines, levels: () => lines.map((l) => l.level) }
}

describe('OutageLog', () => {
  it('logs the first error of an outage at error level and the rest at debug', () => {
    let now = 0
    const outage = new OutageLog(() => now)
    const { log, levels } = recorder()
    for (let i = 0; i < 100; i++) {
      now += 100
      outage.failed(log, new Error('Query read timeout'))
    }
    expect(levels().filter((l) => l === 'error')).toHaveLength(1)
    expect(levels().filter((l) => l === 'debug')).toHaveLength(99)
  })

  it('logs a long outage again after a minute, with the count it did not log', () => {
    let now = 0
    const outage = new OutageLog(() => now)
    const { log, lines } = recorder()
    outage.failed(log, new Error('x'))
    now = 30_000
    outage.failed(log, new Error('x'))
    now = OUTAGE_LOG_INTERVAL_MS
    outage.failed(log, new Error('x'))
    const errors = lines.filter((l) => l.level === 'error')
    expect(errors).toHaveLength(2)
    expect(errors[1]!.obj).toMatchObject({ suppressed: 1, outageMs: OUTAGE_LOG_INTERVAL_MS })
  })

  it('ends the outage at the next success (once), so that the next outage is logged again', () => {
    let now = 0
    const outage = new OutageLog(() => now)
    const { log, lines, levels } = recorder()
    outage.failed(log, new Error('x'))
    outage.failed(log, new Error('x'))
    now = 4_000
    outage.succeeded(log)
    outage.succeeded(log)
    expect(lines.filter((l) => l.level === 'info')).toEqual([
      { level: 'info', msg: 'database available again', obj: { outageMs: 4_000, suppressed: 1 } },
    ])
    outage.failed(log, new Error('x'))
    expect(levels()).toEqual(['error', 'debug', 'info', 'error'])
  })
})
