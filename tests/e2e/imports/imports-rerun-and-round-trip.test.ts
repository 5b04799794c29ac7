import { describe, expect, it } from 'vitest'
import {
  exported,
  importIntoEmptyDatabase,
  importOverHttp,
  importText,
  ndjson,
  richRecord,
} from '../../helpers/imports.js'
import { archiveNdjson } from '../../helpers/archive.js'
import { useTestApp } from '../../helpers/test-app.js'

const ctx = useTestApp()

describe('re-running an import', () => {
  it('updates what changed, leaves the rest, and never duplicates', async () => {
    const first = await importText(ctx, archiveNdjson(25), { batchSize: 10 })
    expect(first).toMatchObject({ state: 'completed', imported: 25, updated: 0, unchanged: 0 })
    // One audit entry per batch of 10.
    expect(await ctx.db.prisma.auditEntry.count({ where: { action: 'import.batch' } })).toBe(3)

    const again = await importText(ctx, archiveNdjson(25), { batchSize: 10 })
    expect(again).toMatchObject({ imported: 0, updated: 0, unchanged: 25 })

    const changed = archiveNdjson(25).replace('story number 7"', 'story number 7, revised"')
    const third = await importText(ctx, changed, { batchSize: 10 })
    expect(third).toMatchObject({ imported: 0, updated: 1, unchanged: 24 })
    expect(await ctx.db.prisma.article.count()).toBe(25)
    const [revised] = await ctx.db.prisma.article.findMany({
      where: { headline: { contains: 'revised' } },
    })
    expect(revised?.version).toBe(2)
    expect(await ctx.db.prisma.articleRevision.count()).toBe(26)
  })

  it('lets the later of two records with one sourceId win', async () => {
    const job = await importText(
      ctx,
      ndjson([richRecord(1), richRecord(1, { headline: 'Second take' })]),
    )
    expect(job).toMatchObject({ imported: 1, updated: 1 })
    const articles = await ctx.db.prisma.article.findMany()
    expect(articles.map((a) => a.headline)).toEqual(['Second take'])
  })

  it('skips, with line and field, text the database cannot store; the rest goes in', async () => {
    const job = await importText(
      ctx,
      ndjson([
        richRecord(1, { body: 'A NUL \u0000 in the body' }),
        richRecord(2, { dek: 'A lone \ud800 surrogate' }),
        richRecord(3),
      ]),
    )
    expect(job).toMatchObject({ state: 'completed', imported: 1, skipped: 2 })
    expect(job.skips).toEqual([
      { at: 'line 1', field: 'body', message: expect.stringContaining('NUL') },
      { at: 'line 2', field: 'dek', message: expect.stringContaining('surrogate') },
    ])
    expect((await ctx.db.prisma.article.findMany()).map((a) => a.headline)).toEqual([
      'Harbour story 3',
    ])
  })

  it('skips the later of two records claiming one id from different sources', async () => {
    const id = '01900000-0000-7000-8000-000000000001'
    const job = await importText(
      ctx,
      ndjson([richRecord(1, { id }), richRecord(2, { id, slug: 'other' })]),
    )
    expect(job).toMatchObject({ state: 'completed', imported: 1, skipped: 1 })
    expect(job.skips).toEqual([
      { at: 'line 2', field: 'id', message: expect.stringContaining('"wp:1"') },
    ])
  })

  it('skips a record whose slug belongs to another article, whole', async () => {
    const job = await importText(
      ctx,
      ndjson([
        richRecord(1, { slug: 'same' }),
        richRecord(2, {
          slug: 'same',
          section: 'Sport',
          tags: ['Rowing'],
          bylines: [{ slug: 'li-wei' }],
        }),
      ]),
    )
    expect(job).toMatchObject({ imported: 1, skipped: 1 })
    expect(job.skips).toEqual([
      { at: 'line 2', field: 'slug', message: '"same" belongs to another article' },
    ])
    expect(await ctx.db.prisma.articleSlugRedirect.count()).toBe(1)
    // Nothing of the skipped record: not its section, tag or byline either.
    expect(await ctx.db.prisma.section.count({ where: { slug: 'sport' } })).toBe(0)
    expect(await ctx.db.prisma.tag.count({ where: { slug: 'rowing' } })).toBe(0)
    expect(await ctx.db.prisma.byline.count({ where: { slug: 'li-wei' } })).toBe(0)
  })

  it('derives a free slug from the headline, as the API does', async () => {
    await importText(
      ctx,
      ndjson([richRecord(1, { headline: 'Same' }), richRecord(2, { headline: 'Same' })]),
    )
    const slugs = (await ctx.db.prisma.article.findMany({ orderBy: { slug: 'asc' } })).map(
      (a) => a.slug,
    )
    expect(slugs).toEqual(['same', 'same-2'])
  })
})

describe('export → import → export', () => {
  it('gives the same records back in a fresh database', async () => {
    await importOverHttp(
      ctx,
      ndjson([
        richRecord(1, {
          heroImage: { url: 'https://img.example/a.jpg', alt: 'The harbour', caption: 'At dawn' },
          sponsorship: { kind: 'partner', sponsor: 'Port Authority', url: 'https://port.example' },
          canonicalUrl: 'https://old.example/harbour-1',
          language: 'es-419',
          creditLine: 'Additional reporting by staff',
          displayedUpdatedAt: '2016-02-02T00:00:00.000Z',
          notes: [
            {
              kind: 'correction',
              text: 'An earlier version misspelt the *harbour*.',
              displayedAt: '2016-02-02T00:00:00.000Z',
            },
          ],
        }),
        richRecord(2, {
          status: 'draft',
          publishedAt: null,
          tags: [{ slug: '東京', name: '東京' }],
        }),
        richRecord(3, {
          trashedAt: '2017-01-01T00:00:00.000Z',
          section: { slug: 'world', name: 'World' },
        }),
        richRecord(4, {
          status: 'killed',
          kill: {
            reason: 'Legal',
            notice: 'Removed for legal reasons.',
            killedAt: '2018-01-01T00:00:00.000Z',
          },
        }),
        richRecord(5, {
          status: 'archived',
          embargoUntil: '2015-03-05T00:00:00.000Z',
          bylines: [],
        }),
      ]),
    )
    const before = await exported(ctx)
    expect(before).toHaveLength(5)
    expect(before[0]).toMatchObject({ sourceId: 'wp:1', oldSlugs: ['old-harbour-1'] })

    const job = await importIntoEmptyDatabase(ctx, before)
    expect(job).toMatchObject({ imported: 5, skipped: 0 })
    expect(await exported(ctx)).toEqual(before)

    // The readers' view agrees too: the killed story is gone, its notice kept.
    const killed = await ctx.api.get('/v1/articles/harbour-story-4')
    expect(killed.status).toBe(410)
    const corrected = await ctx.api.get('/v1/articles/harbour-story-1')
    expect(corrected.body.notes[0]).toMatchObject({ kind: 'correction' })
    expect(corrected.body.notes[0].textHtml).toContain('<em>harbour</em>')
  })
})
