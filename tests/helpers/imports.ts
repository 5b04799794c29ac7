// Driving imports in tests: over HTTP (upload, poll) and through the function npm run import uses.
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { systemActor } from '../../src/modules/audit/audit-actor.js'
import { type ImportFileOptions, importFile } from '../../src/modules/imports/import-file.js'
import type { ImportRecordInput } from '../../src/modules/imports/import-record.js'
import type { TestContext } from './test-app.js'

export const ndjson = (records: readonly unknown[]) =>
  records.map((r) => `${JSON.stringify(r)}\n`).join('')

/** Writes `text` to a new temporary file and returns its path. */
export async function tempFile(text: string, name = 'archive.ndjson'): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'import-test-')), name)
  await writeFile(path, text)
  return path
}

/** `npm run import` on `text`, as a function. */
export async function importText(
  ctx: TestContext,
  text: string,
  options: Partial<ImportFileOptions> = {},
) {
  return importFile(
    { prisma: ctx.db.prisma, changes: ctx.app.changes, now: ctx.clock.now },
    await tempFile(text),
    { actor: systemActor('test import'), ...options },
  )
}

/** Uploads `text` to POST /v1/imports and polls the job until it is no longer running. */
export async function importOverHttp(ctx: TestContext, text: string) {
  const started = await ctx.api
    .post('/v1/imports')
    .set('authorization', ctx.auth.admin)
    .set('content-type', 'application/x-ndjson')
    .send(text)
  if (started.status !== 202) throw new Error(`${started.status}: ${JSON.stringify(started.body)}`)
  for (let i = 0; i < 600; i++) {
    const job = await ctx.api
      .get(String(started.headers.location))
      .set('authorization', ctx.auth.admin)
    if (job.body.state !== 'running') return { started, job: job.body }
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error('the import did not finish')
}

/** The export (GET /v1/export) as parsed records. */
export async function exported(ctx: TestContext): Promise<Record<string, unknown>[]> {
  const res = await ctx.api.get('/v1/export').set('authorization', ctx.auth.admin).buffer(true)
  if (res.status !== 200) throw new Error(`${res.status}: ${res.text}`)
  return res.text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line))
}

/** Empties the stories and everything they name, then imports `records` (an export) back. */
export async function importIntoEmptyDatabase(ctx: TestContext, records: readonly unknown[]) {
  await ctx.db.prisma.$executeRawUnsafe(
    'TRUNCATE "Article", "Byline", "Section", "Tag", "ImportJob", "AuditEntry" CASCADE',
  )
  ctx.changedBehindTheApp()
  return importText(ctx, ndjson(records))
}

/** A record with every field an export carries. */
export function richRecord(n: number, extra: Partial<ImportRecordInput> = {}): ImportRecordInput {
  return {
    sourceId: `wp:${n}`,
    headline: `Harbour story ${n}`,
    dek: 'The tide came in',
    body: `The **harbour** flooded on day ${n}.\n\nSecond paragraph.`,
    section: 'Local News',
    tags: ['Harbour', 'storm-watch'],
    bylines: [
      { slug: 'ana-ruiz', name: 'Ana Ruiz' },
      { slug: 'reuters', name: 'Reuters', kind: 'agency', role: 'contributor' },
    ],
    status: 'published',
    publishedAt: '2015-03-04T05:06:07.000Z',
    createdAt: '2015-03-04T05:00:00.000Z',
    updatedAt: '2016-01-01T00:00:00.000Z',
    oldSlugs: [`old-harbour-${n}`],
    ...extra,
  }
}
