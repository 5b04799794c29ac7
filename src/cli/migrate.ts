// npm run db:migrate: applies pending migrations to the configured database (DATABASE_URL, else
// the embedded one), as `prisma migrate deploy` does. The server also does this on start-up.
import { loadConfig } from '../config.js'
import { applyMigrations } from '../db/migration-engine.js'
import { openConfiguredDatabase } from '../db/open-from-config.js'

const db = await openConfiguredDatabase(loadConfig())
try {
  const applied = await applyMigrations(db)
  console.log(applied.length ? `applied: ${applied.join(', ')}` : `${db.description}: already up to date`)
} finally {
  await db.close()
}
