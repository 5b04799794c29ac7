import { describe, expect, it } from 'vitest'
import {
  importFixture,
  importInterruptedThenResumed,
  uploadFixture,
} from '../../helpers/import-fixtures.js'
import { exported, importIntoEmptyDatabase } from '../../helpers/imports.js'
import { useTestApp } from '../../helpers/test-app.js'

const ctx = useTestApp()

const get = (path: string, auth?: string) => {
  const request = ctx.api.get(path)
  return auth ? request.set('authorization', auth) : request
}

describe('importing a WordPress export', () => {
  it('creates the posts with their bylines, sections, tags, slugs and hero images', async () => {
    const job = await importFixture(ctx, 'wordpress.xml')
    expect(job).toMatchObject({
      state: 'completed',
      format: 'wxr',
      processed: 9,
      imported: 4,
      skipped: 5,
    })
    expect((job.skips as { at: string; field: string }[]).map((s) => [s.at, s.field])).toEqual([
      ['item 1 (post 200, line 63)', 'wp:post_type'],
      ['item 4 (post 103, line 223)', 'wp:post_type'],
      ['item 7 (post 201, line 289)', 'wp:post_type'],
      ['item 8 (post 106, line 314)', 'wp:post_type'],
      ['item 9 (post 107, line 339)', 'wp:status'],
    ])

    const council = await get('/v1/articles/council-votes-harbour-wall')
    expect(council.status).toBe(200)
    expect(council.body).toMatchObject({
      headline: 'Council votes to rebuild the harbour wall',
      dek: 'The wall will cost £4.2m & take two years.',
      section: { slug: 'politics', name: 'Politics' },
      tags: ['elections', 'climate-energy', 'world'],
      status: 'published',
      publishedAt: '2024-09-03T09:30:00.000Z',
      language: 'en-GB',
      heroImage: {
        url: 'https://gazette.example.com/wp-content/uploads/2024/09/harbour-wall-aerial.jpg',
        alt: 'Aerial view of the breached harbour wall',
      },
      bylineText: 'By Jane Doe',
    })
    expect(council.body.bodyHtml).toContain('<blockquote>')
    expect(council.body.bodyHtml).toContain('<li>Raised quays at the <em>fish market</em></li>')
    expect(council.body.bodyHtml).not.toMatch(/script|tracker|javascript:/)
    // WordPress's old slug keeps working, as after a slug change here.
    expect((await get('/v1/articles/council-vote-harbour')).status).toBe(308)

    const ferry = await get('/v1/articles/ferry-returns')
    expect(ferry.body).toMatchObject({
      headline: 'Café owners ‘relieved’ as ferry returns',
      section: { slug: 'arts-culture', name: 'Arts & Culture' },
      tags: [],
      bylineText: 'By Ana Lima',
    })
    expect(ferry.body.bodyHtml).toContain(
      '<p>Owners of the quayside cafés said trade had halved.<br>',
    )

    // The draft and the scheduled post are not public; editors see them.
    expect((await get('/v1/articles/fish-market-to-close-for-repairs')).status).toBe(404)
    const draft = await get('/v1/articles/fish-market-to-close-for-repairs', ctx.auth.editor)
    expect(draft.body).toMatchObject({ status: 'draft', publishedAt: null, section: null })
    expect((await get('/v1/articles/harbour-festival-line-up')).status).toBe(404)
    const scheduled = await get('/v1/articles/harbour-festival-line-up', ctx.auth.editor)
    expect(scheduled.body).toMatchObject({
      status: 'scheduled',
      publishedAt: '2030-01-15T08:00:00.000Z',
    })
    expect(scheduled.body.bylines.map((b: { slug: string }) => b.slug)).toEqual(['msmith', 'jdoe'])

    const jane = await get('/v1/bylines/jdoe')
    expect(jane.body).toMatchObject({ slug: 'jdoe', name: 'Jane Doe', kind: 'staff' })
    const sections = await get('/v1/sections')
    expect(sections.body.items.map((s: { slug: string }) => s.slug).sort()).toEqual([
      'arts-culture',
      'politics',
    ])
    const list = await get('/v1/articles?tag=elections')
    expect(list.body.items.map((a: { slug: string }) => a.slug)).toEqual([
      'council-votes-harbour-wall',
    ])
  })

  it('updates nothing when the same export is imported again, also as an upload', async () => {
    await importFixture(ctx, 'wordpress.xml')
    const before = await exported(ctx)
    const again = await uploadFixture(ctx, 'wordpress.xml', 'application/xml')
    expect(again).toMatchObject({ state: 'completed', format: 'wxr', imported: 0, unchanged: 4 })
    expect(await ctx.db.prisma.article.count()).toBe(4)
    expect(await ctx.db.prisma.byline.count()).toBe(3)
    expect(await exported(ctx)).toEqual(before)
  })

  it('resumes an import stopped half-way: every post once, nothing missing', async () => {
    const { stopped, resumed } = await importInterruptedThenResumed(ctx, 'wordpress.xml')
    // Stopped after its first batch (the next one may have been in flight): part-way through.
    expect(stopped?.state).toBe('running')
    expect(stopped?.position).toBeGreaterThanOrEqual(1)
    expect(stopped?.position).toBeLessThan(9)
    expect(resumed.id).toBe(stopped?.id)
    expect(resumed).toMatchObject({ state: 'completed', imported: 4, skipped: 5 })
    expect(await ctx.db.prisma.article.count()).toBe(4)
    expect(await ctx.db.prisma.articleSource.count()).toBe(4)
    expect(await ctx.db.prisma.articleRevision.count()).toBe(4)
  })

  it('round-trips through the export: into an empty database, the same records', async () => {
    await importFixture(ctx, 'wordpress.xml')
    const before = await exported(ctx)
    expect(before.map((r) => r.sourceId).sort()).toEqual(['wp:101', 'wp:102', 'wp:104', 'wp:105'])
    expect(await importIntoEmptyDatabase(ctx, before)).toMatchObject({ imported: 4, skipped: 0 })
    expect(await exported(ctx)).toEqual(before)
  })
})
