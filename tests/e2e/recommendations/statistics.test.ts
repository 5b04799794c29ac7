import { describe, expect, it } from 'vitest'
import { FIRST_ANALYSIS_AFTER } from '../../../src/modules/recommendations/related-list-statistics.js'
import { createArticle } from '../../helpers/factories.js'
import { createSlot } from '../../helpers/slots.js'
import { useTestApp } from '../../helpers/test-app.js'
import { at, DAY } from '../../helpers/time.js'

// A file of its own: the count of stored rankings that triggers an analysis is per app instance.
const ctx = useTestApp()

/** PostgreSQL's estimate of the rows of the stored rankings table: what its planner sizes plans by. */
async function estimatedRankings(): Promise<number> {
  const [row] = await ctx.db.prisma.$queryRaw<{ rows: number }[]>`
    SELECT reltuples::float8 AS rows FROM pg_class WHERE oid = '"RelatedList"'::regclass`
  return row!.rows
}

const readRecommendations = async (slug: string) =>
  expect((await ctx.api.get(`/v1/articles/${slug}/recommendations`)).status).toBe(200)

describe('statistics of the stored rankings', () => {
  it('are refreshed once reads have stored FIRST_ANALYSIS_AFTER rankings, not before', async () => {
    await createSlot(ctx, { key: 'auto', label: 'More', fill: 'automatic', capacity: 2 })
    const slugs: string[] = []
    for (let n = 0; n < FIRST_ANALYSIS_AFTER; n++) {
      const story = await createArticle(ctx, {
        slug: `s-${n}`,
        status: 'published',
        publishedAt: at(-2 * DAY - n),
        tags: ['water'],
      })
      slugs.push(story.slug)
    }
    for (const slug of slugs.slice(0, -1)) await readRecommendations(slug)
    expect(await ctx.db.prisma.relatedList.count()).toBe(FIRST_ANALYSIS_AFTER - 1)
    // Emptied before the test: unknown (-1) or none.
    expect(await estimatedRankings()).toBeLessThanOrEqual(0)

    await readRecommendations(slugs.at(-1)!)
    await expect.poll(estimatedRankings, { timeout: 10_000 }).toBe(FIRST_ANALYSIS_AFTER)
    // Later reads are answered from the stored rankings: nothing more is stored.
    await readRecommendations(slugs[0]!)
    expect(await ctx.db.prisma.relatedList.count()).toBe(FIRST_ANALYSIS_AFTER)
  })
})
