// npm run db:migration -- <name>: writes the next migration from the difference between the
// committed migrations and prisma/schema.prisma (what `prisma migrate dev --create-only` does).
import { mkdir, writeFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { pendingSchemaChanges } from '../db/migration-engine.js'
import { migrationsDir } from '../db/project-paths.js'

const name = (process.argv[2] ?? '')
  .toLowerCase()
  .replace(/[^a-z0-9]+/g, '_')
  .replace(/^_|_$/g, '')
if (!name) {
  console.error('usage: npm run db:migration -- <name>   (e.g. add_article_summary)')
  process.exit(2)
}

const sql = await pendingSchemaChanges()
if (sql === null) {
  console.log('schema.prisma and prisma/migrations agree: no migration needed.')
} else {
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14)
  const dir = join(migrationsDir, `${stamp}_${name}`)
  await mkdir(dir, { recursive: true })
  await writeFile(join(dir, 'migration.sql'), sql)
  console.log(`wrote ${relative(process.cwd(), join(dir, 'migration.sql'))}`)
}
