import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { REASON } from '../../../../../src/modules/recommendations/sql/ranking.sql.js'
import type { RelatedReason } from '../../../../../src/modules/recommendations/recommendations.types.js'
import { openTestDatabase, type TestDatabase } from '../../../../helpers/test-database.js'

// REASON is SQL: it is evaluated by PostgreSQL, over the shared-signal columns it reads.
let db: TestDatabase
beforeAll(async () => {
  db = await openTestDatabase()
})
afterAll(() => db?.close())

interface Shared {
  sharedTags: string[]
  sameSection: boolean
  sharedBylines: number
  textRank: number
}
const none: Shared = { sharedTags: [], sameSection: false, sharedBylines: 0, textRank: 0 }

async function reasonFor(signals: Partial<Shared>): Promise<RelatedReason> {
  const s = { ...none, ...signals }
  const [row] = await db.prisma.$queryRaw<{ reason: RelatedReason }[]>`
    SELECT ${REASON} AS reason FROM (SELECT ${s.sharedTags}::text[] AS "sharedTags", ${s.sameSection}::boolean AS "sameSection",
      ${s.sharedBylines}::int AS "sharedBylines", ${s.textRank}::float8 AS "textRank") shared`
  return row!.reason
}

describe('REASON', () => {
  it('names the signal that added most to the score', async () => {
    expect(await reasonFor({ sharedTags: ['water'] })).toBe('shared-tags')
    expect(await reasonFor({ sameSection: true })).toBe('same-section')
    expect(await reasonFor({ sharedBylines: 1 })).toBe('same-byline')
    expect(await reasonFor({ textRank: 0.2 })).toBe('similar-text')
    expect(await reasonFor({ sameSection: true, sharedBylines: 2 })).toBe('same-byline')
    expect(await reasonFor({ sharedTags: ['a'], textRank: 0.9 })).toBe('similar-text')
  })

  it('prefers tags, then section, then bylines when signals weigh the same', async () => {
    expect(await reasonFor({ sharedTags: ['a', 'b'], sameSection: true, sharedBylines: 3 })).toBe(
      'shared-tags',
    )
    expect(await reasonFor({ sameSection: true, sharedBylines: 1 })).toBe('same-section')
    expect(await reasonFor({ sharedBylines: 2, textRank: 1 })).toBe('same-byline')
  })

  it('says "recent" when nothing relates the story', async () => {
    expect(await reasonFor({})).toBe('recent')
  })
})
