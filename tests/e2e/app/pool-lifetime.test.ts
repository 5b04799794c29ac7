import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, inject, it } from 'vitest'
import { openDatabase } from '../../../src/db/client.js'

const templateUrl = inject('templateUrl')

describe.skipIf(!templateUrl)('pooled PostgreSQL connections', () => {
  it('are replaced once they have lived their maximum lifetime, so that no plan outlives it', async () => {
    const url = new URL('/postgres', templateUrl!).toString()
    const db = await openDatabase(
      { kind: 'postgres', url, poolSize: 1 },
      { poolMaxLifetimeSeconds: 1 },
    )
    try {
      const backend = async () =>
        (await db.prisma.$queryRaw<{ pid: number }[]>`SELECT pg_backend_pid() AS pid`)[0]!.pid
      const first = await backend()
      expect(await backend()).toBe(first)
      await sleep(1_500)
      expect(await backend()).not.toBe(first)
    } finally {
      await db.close()
    }
  })
})
