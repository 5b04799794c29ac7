// npm run export [-- --out FILE]: every article as NDJSON import records (stdout by default), the
// newsroom's way out and its backup; `npm run import` reads it back.
import { createWriteStream } from 'node:fs'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { parseArgs } from 'node:util'
import { applyMigrations } from '../db/migration-engine.js'
import { exportNdjson } from '../modules/exports/export-records.js'
import { openDatabaseForCommand } from './open-database.js'

const { values } = parseArgs({ options: { out: { type: 'string' } } })
const db = await openDatabaseForCommand(
  'export through it instead, with an admin key: GET /v1/export (application/x-ndjson).',
)
try {
  await applyMigrations(db)
  const out = values.out ? createWriteStream(values.out) : process.stdout
  await pipeline(Readable.from(exportNdjson(db.prisma)), out)
  if (values.out) console.error(`exported to ${values.out}`)
} finally {
  await db.close()
}
