import { describe, expect, it } from 'vitest'
import type { Db } from '../../../../src/db/client.js'
import { ImportStatistics } from '../../../../src/modules/imports/import-statistics.js'

/** A client whose table holds `rows` stories as the planner knows them, keeping what it runs. */
function fakeDb(rows: number) {
  const ran: string[] = []
  const db = {
    $queryRaw: async () => [{ rows }],
    $executeRawUnsafe: async (sql: string) => {
      ran.push(sql)
      return 0
    },
  } as unknown as Db
  return { db, ran }
}

/** After how many stories written, batch by batch, an ANALYZE ran. */
async function analyzedAfter(startRows: number, batches: number, batch = 1_000) {
  const { db, ran } = fakeDb(startRows)
  const statistics = await ImportStatistics.load(db)
  const at: number[] = []
  for (let i = 1; i <= batches; i++) {
    const before = ran.length
    await statistics.written(db, batch)
    if (ran.length > before) at.push(i * batch)
  }
  return { at, ran }
}

describe('the statistics of an import', () => {
  it('are refreshed each time the stories double, into an empty database', async () => {
    const { at, ran } = await analyzedAfter(0, 1_000)
    expect(at).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 512].map((n) => n * 1_000))
    expect(ran[0]).toBe(
      'ANALYZE "Article", "ArticleByline", "ArticleFacet", "ArticleCredits", "ArticleSource"',
    )
  })

  it('are left alone by a small import into a large archive', async () => {
    expect((await analyzedAfter(1_000_000, 50)).at).toEqual([])
  })

  it('wait for a thousand stories, however small the batches', async () => {
    expect((await analyzedAfter(0, 30, 100)).at).toEqual([1_000, 2_000])
  })
})
