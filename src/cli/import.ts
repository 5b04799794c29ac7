// npm run import -- FILE [--format ndjson] [--restart] [--batch-size N]: imports an archive into
// the configured database. An unfinished import of the same file (a crash, Ctrl-C) is resumed
// from its last committed batch unless --restart.
import { parseArgs } from 'node:util'
import { stat } from 'node:fs/promises'
import cliProgress from 'cli-progress'
import { ChangeFeed } from '../db/change-feed.js'
import { applyMigrations } from '../db/migration-engine.js'
import { AppError } from '../errors/app-error.js'
import { systemActor } from '../modules/audit/audit-actor.js'
import { importFile } from '../modules/imports/import-file.js'
import { toJobDto } from '../modules/imports/import-jobs.js'
import { IMPORT_FORMATS, type ImportFormat } from '../modules/imports/readers/index.js'
import { openDatabaseForCommand } from './open-database.js'

const USAGE = `usage: npm run import -- FILE [--format ${IMPORT_FORMATS.join('|')}] [--restart] [--batch-size N]`
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    format: { type: 'string' },
    restart: { type: 'boolean', default: false },
    'batch-size': { type: 'string' },
  },
})
const [path] = positionals
const format = values.format as ImportFormat | undefined
const batchSize = values['batch-size'] ? Number(values['batch-size']) : undefined
if (
  !path ||
  positionals.length > 1 ||
  (format && !IMPORT_FORMATS.includes(format)) ||
  (batchSize !== undefined && !(Number.isInteger(batchSize) && batchSize > 0))
) {
  console.error(USAGE)
  process.exit(2)
}
const size = await stat(path).then(
  (s) => s.size,
  () => {
    console.error(`Cannot read ${path}.`)
    process.exit(2)
  },
)

const db = await openDatabaseForCommand(
  'import through it instead, with an admin key:\n' +
    `  curl -X POST --data-binary @${path} -H 'Content-Type: application/x-ndjson' ` +
    `-H 'Authorization: Bearer <admin key>' http://localhost:3000/v1/imports`,
)
const bar = process.stderr.isTTY
  ? new cliProgress.SingleBar(
      {
        format:
          'importing {bar} {percentage}% | {processed} records | {rate}/s | eta {eta_formatted}',
      },
      cliProgress.Presets.shades_classic,
    )
  : undefined
const changes = new ChangeFeed(db.prisma)
try {
  await applyMigrations(db)
  const job = await importFile({ prisma: db.prisma, changes, now: () => new Date() }, path, {
    format,
    restart: values.restart,
    batchSize,
    actor: systemActor('npm run import'),
    onStart: (started, resumed) => {
      console.error(
        resumed
          ? `resuming import ${started.id} after item ${started.position}`
          : `import ${started.id}: ${path} as ${started.format}`,
      )
      bar?.start(size, 0, { processed: started.processed, rate: 0 })
    },
    onBytes: (bytes) => bar?.update(bytes),
    onBatch: (done) => {
      const { processed, perSecond } = toJobDto(done)
      // Without a terminal (a log, CI): a line per committed batch instead of the bar.
      if (bar) bar.update({ processed, rate: perSecond })
      else console.error(`committed ${processed} records (item ${done.position}, ${perSecond}/s)`)
    },
  })
  bar?.update(size)
  bar?.stop()
  const dto = toJobDto(job)
  console.log(
    `imported ${dto.imported}, updated ${dto.updated}, unchanged ${dto.unchanged}, skipped ${dto.skipped} ` +
      `of ${dto.processed} records (${dto.perSecond}/s)`,
  )
  for (const skip of dto.skips) console.log(`  skipped ${skip.at}: ${skip.field}: ${skip.message}`)
  if (dto.skipped > dto.skips.length) console.log(`  … and ${dto.skipped - dto.skips.length} more`)
} catch (error) {
  bar?.stop()
  if (!(error instanceof AppError)) throw error
  console.error(error.message)
  process.exitCode = 1
} finally {
  await changes.close()
  await db.close()
}
