// Seeding through the product's importer: the bench's archive written as NDJSON to a temporary
// file, then `npm run import -- FILE` (its command, run with tsx as the script does) on the
// template database. The import's rate is part of the report (issue 25: ≥ 3,000 articles/s).
import { spawn } from 'node:child_process'
import { rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { writeArchive } from './archive.js'
import type { SeedArticle, SeedByline } from './data.js'
import { type Seeded, seedSlots } from './database.js'
import { importerPath, repoRoot } from './product.js'

/** The importer's summary line: `imported N, updated N, unchanged N, skipped N of N records (N/s)`. */
export function parseImportSummary(output: string) {
  const match =
    /imported (\d+), updated (\d+), unchanged (\d+), skipped (\d+) of (\d+) records \((\d+)\/s\)/.exec(
      output,
    )
  if (!match) return null
  const [imported, updated, unchanged, skipped, processed, perSecond] = match.slice(1).map(Number)
  return { imported, updated, unchanged, skipped, processed, perSecond } as Record<string, number>
}

function runImporter(databaseUrl: string, file: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', importerPath, file], {
      cwd: repoRoot,
      env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn', NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.on('data', (c: Buffer) => (output += c.toString()))
    child.stderr.on('data', (c: Buffer) => (output = (output + c.toString()).slice(-20_000)))
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.once('exit', (code) => {
      clearTimeout(timer)
      if (code === 0) resolve(output)
      else reject(new Error(`the importer failed (${code}):\n${output.slice(-4000)}`))
    })
  })
}

/** Writes the archive, imports it, adds the recommendation slots, and analyzes. */
export async function importArchive(
  url: string,
  articles: Iterable<SeedArticle>,
  bylines: SeedByline[],
  timeoutMs: number,
  log: (line: string) => void,
): Promise<Seeded> {
  const file = join(tmpdir(), `cms-bench-archive-${process.pid}.ndjson`)
  try {
    const writeStarted = Date.now()
    const written = await writeArchive(file, articles, bylines)
    log(
      `  archive: ${written.articles} articles, ${(written.bytes / 2 ** 20).toFixed(0)} MiB of NDJSON in ${((Date.now() - writeStarted) / 1000).toFixed(1)} s`,
    )
    const started = Date.now()
    const output = await runImporter(url, file, timeoutMs)
    const seconds = (Date.now() - started) / 1000
    const summary = parseImportSummary(output)
    if (!summary || summary.imported !== written.articles)
      throw new Error(`the importer did not import every article:\n${output.slice(-4000)}`)
    log(`  ${output.trim().split('\n').at(-1)}; ${seconds.toFixed(1)} s in all`)
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    try {
      await seedSlots(client)
      await client.query('VACUUM ANALYZE')
      const credits = await client.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM "ArticleByline"',
      )
      return {
        bylines: bylines.length,
        articles: written.articles,
        credits: credits.rows[0]?.n ?? 0,
        averageBodyBytes: Math.round(written.bodyBytes / Math.max(1, written.articles)),
        importer: {
          seconds: Math.round(seconds * 10) / 10,
          articlesPerSecond: Math.round(written.articles / seconds),
          reportedPerSecond: summary.perSecond ?? 0,
          fileBytes: written.bytes,
        },
      }
    } finally {
      await client.end()
    }
  } finally {
    await rm(file, { force: true })
  }
}
