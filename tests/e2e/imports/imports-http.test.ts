import { access, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildApp } from '../../../src/app.js'
import { createSlot } from '../../helpers/slots.js'
import { NOW } from '../../helpers/time.js'
import { describe, expect, it } from 'vitest'
import { ndjson, importOverHttp, richRecord } from '../../helpers/imports.js'
import { problem, useTestApp } from '../../helpers/test-app.js'

const ctx = useTestApp()

describe('POST /v1/imports', () => {
  it('imports an uploaded NDJSON archive in the background and reports it on the job', async () => {
    const { started, job } = await importOverHttp(ctx, ndjson([richRecord(1), richRecord(2)]))
    expect(started.body).toMatchObject({ state: 'running', format: 'ndjson' })
    expect(started.headers.location).toBe(`/v1/imports/${started.body.id}`)
    expect(job).toMatchObject({ state: 'completed', processed: 2, imported: 2, skipped: 0 })

    const article = await ctx.api.get('/v1/articles/harbour-story-1')
    expect(article.status).toBe(200)
    expect(article.body).toMatchObject({
      headline: 'Harbour story 1',
      section: { slug: 'local-news', name: 'Local News' },
      tags: ['harbour', 'storm-watch'],
      status: 'published',
      publishedAt: '2015-03-04T05:06:07.000Z',
      bylineText: 'By Ana Ruiz',
      version: 1,
    })
    expect(
      article.body.bylines.map((b: { slug: string; kind: string }) => [b.slug, b.kind]),
    ).toEqual([
      ['ana-ruiz', 'staff'],
      ['reuters', 'agency'],
    ])
    expect(article.body.bodyHtml).toContain('<strong>harbour</strong>')
    // Old slugs keep resolving, as after a slug change.
    const moved = await ctx.api.get('/v1/articles/old-harbour-1')
    expect(moved.status).toBe(308)
    // Search, the section's list and the credits copy (a trigger) know it at once.
    const found = await ctx.api.get('/v1/articles?q=flooded')
    expect(found.body.items).toHaveLength(2)
    const inSection = await ctx.api.get('/v1/articles?section=local-news')
    expect(inSection.body.items).toHaveLength(2)
    expect(await ctx.db.prisma.articleCredits.count()).toBe(2)
    // Related stories are ranked when first read: the other imported story shares its tags.
    await createSlot(ctx, { key: 'auto', label: 'More', fill: 'automatic', capacity: 4 })
    const slots = await ctx.api.get('/v1/articles/harbour-story-1/recommendations')
    const [auto] = slots.body.slots
    expect(auto.items.map((i: { slug: string; reason: string }) => [i.slug, i.reason])).toEqual([
      ['harbour-story-2', 'shared-tags'],
    ])
  })

  it('writes one revision per story, one audit entry per batch and one event', async () => {
    await importOverHttp(ctx, ndjson([richRecord(1), richRecord(2), richRecord(3)]))
    expect(await ctx.db.prisma.articleRevision.count()).toBe(3)
    const audit = await ctx.db.prisma.auditEntry.findMany({ where: { resourceType: 'import' } })
    expect(audit.map((a) => a.action)).toEqual(['import.batch'])
    // One event for the whole import, telling whoever purges to purge everything.
    const events = await ctx.db.prisma.event.findMany()
    expect(events.map((e) => [e.type, e.resourceType, e.tags])).toEqual([
      ['import.completed', 'import', ['*']],
    ])
  })

  it('reports invalid records with their line and field and imports the rest', async () => {
    const text = [
      JSON.stringify(richRecord(1)),
      '{ not json',
      JSON.stringify(richRecord(2, { headline: '' })),
      '',
      JSON.stringify(richRecord(3, { bylines: [{ slug: 'Not A Slug' }] })),
      JSON.stringify({ ...richRecord(4), sourceId: undefined }),
      JSON.stringify(richRecord(5)),
    ].join('\n')
    const { job } = await importOverHttp(ctx, text)
    expect(job).toMatchObject({ state: 'completed', processed: 6, imported: 2, skipped: 4 })
    expect(job.skips.map((s: { at: string; field: string }) => [s.at, s.field])).toEqual([
      ['line 2', '(line)'],
      ['line 3', 'headline'],
      ['line 5', 'bylines.0.slug'],
      ['line 6', 'sourceId'],
    ])
    // Nothing of a skipped record was written: no byline, no article.
    expect(await ctx.db.prisma.article.count()).toBe(2)
    expect(await ctx.db.prisma.byline.count()).toBe(2)
  })

  it('needs an admin key, and an upload it can read', async () => {
    const text = ndjson([richRecord(1)])
    const anonymous = await ctx.api
      .post('/v1/imports')
      .set('content-type', 'application/x-ndjson')
      .send(text)
    problem(anonymous, 401)
    const editor = await ctx.api
      .post('/v1/imports')
      .set('authorization', ctx.auth.editor)
      .set('content-type', 'application/x-ndjson')
      .send(text)
    problem(editor, 403)
    const plain = await ctx.api
      .post('/v1/imports')
      .set('authorization', ctx.auth.admin)
      .set('content-type', 'text/plain')
      .send(text)
    problem(plain, 415)
    const empty = await ctx.api
      .post('/v1/imports')
      .set('authorization', ctx.auth.admin)
      .set('content-type', 'application/x-ndjson')
      .send('')
    problem(empty, 422)
    expect(await ctx.db.prisma.article.count()).toBe(0)
    problem(
      await ctx.api
        .get('/v1/imports/01939a2b-7c3d-7e4f-8a5b-6c7d8e9f0a1b')
        .set('authorization', ctx.auth.admin),
      404,
    )
  })
})

describe('POST /v1/imports size limit', () => {
  const small = useTestApp({ imports: { maxBytes: 1000 } })
  it('refuses an upload over IMPORT_MAX_MB with 413 and keeps nothing', async () => {
    const res = await small.api
      .post('/v1/imports')
      .set('authorization', small.auth.admin)
      .set('content-type', 'application/x-ndjson')
      .send(ndjson([richRecord(1), richRecord(2), richRecord(3), richRecord(4)]))
    problem(res, 413)
    expect(await small.db.prisma.importJob.count()).toBe(0)
  })
})

describe('an import whose server stopped', () => {
  const ctx2 = useTestApp()
  it('is resumed from its position by the next app that starts', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'import-spool-'))
    const spoolPath = join(dir, 'left-behind.upload')
    await writeFile(spoolPath, ndjson([richRecord(1), richRecord(2), richRecord(3)]))
    // As a server killed after committing the first record leaves it: running, owner gone.
    const job = await ctx2.db.prisma.importJob.create({
      data: {
        id: '01939a2b-7c3d-7e4f-8a5b-6c7d8e9f0a1b',
        format: 'ndjson',
        fileName: 'archive.ndjson',
        fileHash: 'x',
        spoolPath,
        position: 1,
        processed: 1,
        imported: 1,
        owner: `${hostname()}:2147483646`,
        heartbeatAt: new Date(NOW),
        keyName: 'test admin',
        startedAt: new Date(NOW),
      },
    })
    const next = await buildApp({ prisma: ctx2.db.prisma, clock: ctx2.clock.now })
    try {
      await next.listen({ port: 0, host: '127.0.0.1' })
      let state = 'running'
      for (let i = 0; i < 200 && state === 'running'; i++) {
        await new Promise((r) => setTimeout(r, 50))
        state = (await ctx2.db.prisma.importJob.findUniqueOrThrow({ where: { id: job.id } })).state
      }
      const done = await ctx2.api.get(`/v1/imports/${job.id}`).set('authorization', ctx2.auth.admin)
      expect(done.body).toMatchObject({ state: 'completed', processed: 3, imported: 3 })
      // The first record was committed before the stop: only the two after it were written now.
      expect(await ctx2.db.prisma.article.count()).toBe(2)
      await expect(access(spoolPath)).rejects.toThrow()
    } finally {
      await next.close()
      await rm(dir, { recursive: true, force: true })
    }
  })
})
