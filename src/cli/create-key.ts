// npm run keys:create -- --role editor --name "night desk": prints a new API key once.
import { parseArgs } from 'node:util'
import { applyMigrations } from '../db/migration-engine.js'
import { openDatabaseForCommand } from './open-database.js'
import { CreateApiKeyBody } from '../modules/keys/keys.schemas.js'
import { createKey } from '../modules/keys/keys.service.js'

const { values } = parseArgs({ options: { role: { type: 'string' }, name: { type: 'string' } } })
const input = CreateApiKeyBody.safeParse(values)
if (!input.success) {
  console.error(
    'usage: npm run keys:create -- --role contributor|editor|chief|admin|syndication --name NAME',
  )
  for (const issue of input.error.issues)
    console.error(`  --${issue.path.join('.')}: ${issue.message}`)
  process.exit(2)
}

const db = await openDatabaseForCommand()
try {
  await applyMigrations(db)
  const created = await createKey(db.prisma, input.data)
  console.error(`created ${created.role} key "${created.name}" (${created.id}); it is shown once:`)
  console.log(created.key)
} finally {
  await db.close()
}
