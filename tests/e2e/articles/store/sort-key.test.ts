import { describe, expect, it } from 'vitest'
import { createArticle } from '../../../helpers/factories.js'
import { useTestApp } from '../../../helpers/test-app.js'

const ctx = useTestApp()

/** The stored sort key and the two dates it derives from. */
async function dates(id: string) {
  const [row] = await ctx.db.prisma.$queryRaw<
    { sortAt: Date; publishedAt: Date | null; createdAt: Date }[]
  >`
    SELECT "sortAt", "publishedAt", "createdAt" FROM "Article" WHERE id = ${id}::uuid`
  return row!
}

describe('the sort key of articles ("sortAt", which lists are ordered and paginated by)', () => {
  it('is publishedAt for a published story and createdAt for a draft, as the API writes them', async () => {
    const published = await createArticle(ctx, {
      status: 'published',
      publishedAt: '2026-03-01T08:00:00.000Z',
    })
    const draft = await createArticle(ctx, { headline: 'Draft about the harbour' })
    const p = await dates(published.id)
    const d = await dates(draft.id)
    expect(p.sortAt).toEqual(p.publishedAt)
    expect(d.publishedAt).toBeNull()
    expect(d.sortAt).toEqual(d.createdAt)
  })

  it('is enforced by the database: a write that breaks it is refused and changes nothing', async () => {
    const published = await createArticle(ctx, {
      status: 'published',
      publishedAt: '2026-03-01T08:00:00.000Z',
    })
    const draft = await createArticle(ctx, { headline: 'Draft about the harbour' })
    for (const { id } of [published, draft]) {
      const before = await dates(id)
      await expect(
        ctx.db.prisma
          .$executeRaw`UPDATE "Article" SET "sortAt" = "sortAt" - interval '1 day' WHERE id = ${id}::uuid`,
      ).rejects.toThrow(/Article_sortAt_check/)
      expect(await dates(id)).toEqual(before)
    }
    // Publishing by hand without moving the key is refused too; moving both is accepted.
    await expect(
      ctx.db.prisma
        .$executeRaw`UPDATE "Article" SET "publishedAt" = now() WHERE id = ${draft.id}::uuid`,
    ).rejects.toThrow(/Article_sortAt_check/)
    await ctx.db.prisma
      .$executeRaw`UPDATE "Article" SET "publishedAt" = now(), "sortAt" = now() WHERE id = ${draft.id}::uuid`
    const moved = await dates(draft.id)
    expect(moved.sortAt).toEqual(moved.publishedAt)
  })
})
