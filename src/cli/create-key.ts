// npm run keys:create -- --role editor --name "night desk" [--section sport ...]: prints a new
// API key once. Each --section limits the key to that section (see docs/api.md).
import { parseArgs } from 'node:util'
import { AppError } from '../errors/app-error.js'
import { applyMigrations } from '../db/migration-engine.js'
import { openDatabaseForCommand } from './open-database.js'
import { CreateApiKeyBody } from '../modules/keys/keys.schemas.js'
import { createKey } from '../modules/keys/keys.service.js'

const { values } = parseArgs({
  options: {
    role: { type: 'string' },
    name: { type: 'string' },
    section: { type: 'string', multiple: true },
  },
})
const input = CreateApiKeyBody.safeParse({
  role: values.role,
  name: values.name,
  sections: values.section,
})
if (!input.success) {
  console.error(
    'usage: npm run keys:create -- --role contributor|editor|chief|admin|syndication --name NAME [--section SLUG ...]',
  )
  for (const issue of input.error.issues)
    console.error(
      `  --${issue.path[0] === 'sections' ? 'section' : issue.path.join('.')}: ${issue.message}`,
    )
  process.exit(2)
}

const db = await openDatabaseForCommand()
try {
  await applyMigrations(db)
  const created = await createKey(db.prisma, input.data)
  const limit = created.sections.length ? `, limited to ${created.sections.join(', ')}` : ''
  console.error(
    `created ${created.role} key "${created.name}" (${created.id})${limit}; it is shown once:`,
  )
  console.log(created.key)
} catch (err) {
  // An unknown section, or a limit on an admin key: said as the API's 422 says it.
  if (!(err instanceof AppError)) throw err
  console.error(err.message)
  process.exitCode = 2
} finally {
  await db.close()
}
