// kill -9 of `npm run import` mid-file, then the same command again: it resumes after its last
// committed batch, and the archive ends up imported exactly once (no duplicates, nothing missing).
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Database, openDatabase } from '../../src/db/client.js'
import { archiveNdjson } from '../helpers/archive.js'
import { embeddedEnv, spawnTs } from '../helpers/spawned.js'
import { openTestDatabase, type TestDatabase } from '../helpers/test-database.js'

const TIMEOUT = 240_000
const RECORDS = 3_000

describe('npm run import killed with -9', () => {
  let dir: string
  let file: string
  let pgDatabase: TestDatabase | undefined
  let env: NodeJS.ProcessEnv

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cms-import-kill-'))
    file = join(dir, 'archive.ndjson')
    await writeFile(file, archiveNdjson(RECORDS))
    // On PostgreSQL when the run has one (a database of this file's own), else embedded.
    const candidate = await openTestDatabase()
    if (candidate.url) {
      pgDatabase = candidate
      env = { ...embeddedEnv(dir), DATABASE_URL: candidate.url }
    } else {
      await candidate.close()
      env = embeddedEnv(dir)
    }
  }, TIMEOUT)

  afterAll(async () => {
    await pgDatabase?.close()
    await rm(dir, { recursive: true, force: true })
  })

  const runImport = () => spawnTs('src/cli/import.ts', [file, '--batch-size', '100'], env)

  it(
    'resumes from the last committed batch: every record once',
    async () => {
      const first = runImport()
      const deadline = Date.now() + TIMEOUT / 2
      while (!/committed (\d{3,}) records/.test(first.stderr()) && Date.now() < deadline) {
        if (first.child.exitCode !== null) throw new Error(`ended early:\n${first.output()}`)
        await new Promise((r) => setTimeout(r, 20))
      }
      first.child.kill('SIGKILL')
      await first.exited
      const committedBefore = Math.max(
        ...[...first.stderr().matchAll(/committed (\d+) records/g)].map((m) => Number(m[1])),
      )
      expect(committedBefore).toBeLessThan(RECORDS)

      const second = runImport()
      expect(await second.exited).toBe(0)
      expect(second.stderr()).toMatch(/resuming import \S+ after item \d+/)
      const resumedAt = Number(/after item (\d+)/.exec(second.stderr())?.[1])
      expect(resumedAt).toBeGreaterThanOrEqual(committedBefore)
      expect(second.stdout()).toMatch(/skipped 0 of 3000 records/)

      const db: Database =
        pgDatabase ?? (await openDatabase({ kind: 'pglite', dataDir: join(dir, 'pglite') }))
      try {
        const [counts] = await db.prisma.$queryRaw<
          { articles: number; sources: number; distinctSources: number; revisions: number }[]
        >`SELECT (SELECT count(*)::int FROM "Article") AS articles,
            (SELECT count(*)::int FROM "ArticleSource") AS sources,
            (SELECT count(DISTINCT "sourceId")::int FROM "ArticleSource") AS "distinctSources",
            (SELECT count(*)::int FROM "ArticleRevision") AS revisions`
        expect(counts).toEqual({
          articles: RECORDS,
          sources: RECORDS,
          distinctSources: RECORDS,
          revisions: RECORDS,
        })
        const jobs = await db.prisma.importJob.findMany()
        expect(jobs).toHaveLength(1)
        expect(jobs[0]).toMatchObject({ state: 'completed', position: RECORDS, processed: RECORDS })
      } finally {
        if (!pgDatabase) await db.close()
      }

      // The way back out: `npm run export` gives every story once, as import records.
      const out = join(dir, 'exported.ndjson')
      const exported = spawnTs('src/cli/export.ts', ['--out', out], env)
      expect(await exported.exited, exported.output()).toBe(0)
      const records = (await readFile(out, 'utf8'))
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line) as { sourceId: string })
      expect(new Set(records.map((r) => r.sourceId))).toEqual(
        new Set(Array.from({ length: RECORDS }, (_, i) => `gen:${i + 1}`)),
      )
      expect(records).toHaveLength(RECORDS)
    },
    TIMEOUT,
  )
})
