// npm run db:migrate: applies pending migrations to the configured database (DATABASE_URL, else
// the embedded one), as `prisma migrate deploy` does. The server also does this on start-up.
import { applyMigrations } from '../db/migration-engine.js'
import { openDatabaseForCommand } from './open-database.js'

const db = await openDatabaseForCommand()
try {
  const applied = await applyMigrations(db)
  console.log(
    applied.length ? `applied: ${applied.join(', ')}` : `${db.description}: already up to date`,
  )
} finally {
  await db.close()
}
