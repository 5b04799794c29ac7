// The WordPress and Ghost fixtures (tests/fixtures/imports/) imported as npm run import and an
// upload would import them.
import { readFile } from 'node:fs/promises'
import { hostname } from 'node:os'
import { fileURLToPath } from 'node:url'
import { systemActor } from '../../src/modules/audit/audit-actor.js'
import { type ImportFileOptions, importFile } from '../../src/modules/imports/import-file.js'
import type { TestContext } from './test-app.js'

export const fixturePath = (name: string) =>
  fileURLToPath(new URL(`../fixtures/imports/${name}`, import.meta.url))

/** `npm run import -- tests/fixtures/imports/<name>`, as a function: the format told by the name. */
export function importFixture(
  ctx: TestContext,
  name: string,
  options: Partial<ImportFileOptions> = {},
) {
  return importFile(
    { prisma: ctx.db.prisma, changes: ctx.app.changes, now: ctx.clock.now },
    fixturePath(name),
    { actor: systemActor('test import'), ...options },
  )
}

/**
 * A fixture imported a record per batch and stopped after the first batch, as by a crash (the
 * job left running, its process gone), then the same command again: it resumes that job.
 */
export async function importInterruptedThenResumed(ctx: TestContext, name: string) {
  const stop = new AbortController()
  await importFixture(ctx, name, { batchSize: 1, signal: stop.signal, onBatch: () => stop.abort() })
    .then(() => {
      throw new Error('the import was not stopped')
    })
    .catch((error: unknown) => {
      if (!stop.signal.aborted) throw error
    })
  const [stopped] = await ctx.db.prisma.importJob.findMany()
  // The process that ran it is gone: no process has pid 2^22 + 1 (Linux's pid_max is at most 2^22).
  await ctx.db.prisma.importJob.updateMany({ data: { owner: `${hostname()}:4194305` } })
  const resumed = await importFixture(ctx, name, { batchSize: 1 })
  return { stopped, resumed }
}

/** Uploads a fixture to POST /v1/imports with `contentType` and polls the job until it ends. */
export async function uploadFixture(ctx: TestContext, name: string, contentType: string) {
  const started = await ctx.api
    .post('/v1/imports')
    .set('authorization', ctx.auth.admin)
    .set('content-type', contentType)
    // As text: superagent would send a Buffer with a JSON media type as JSON of the Buffer.
    .send(await readFile(fixturePath(name), 'utf8'))
  if (started.status !== 202) throw new Error(`${started.status}: ${JSON.stringify(started.body)}`)
  for (let i = 0; i < 600; i++) {
    const job = await ctx.api
      .get(String(started.headers.location))
      .set('authorization', ctx.auth.admin)
    if (job.body.state !== 'running') return job.body
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error('the import did not finish')
}
