// npm run db:seed: adds the demo bylines and stories. Refuses a database that already has
// content unless --force is given, so that it cannot pile duplicates onto real data.
import { parseArgs } from 'node:util'
import { applyMigrations } from '../db/migration-engine.js'
import { openDatabaseForCommand } from './open-database.js'
import { isContentEmpty, seedDemoContent } from '../boot/seed.js'

const { values } = parseArgs({ options: { force: { type: 'boolean', default: false } } })
const db = await openDatabaseForCommand()
try {
  await applyMigrations(db)
  if (!values.force && !(await isContentEmpty(db.prisma))) {
    console.error(
      `${db.description} already has content; not seeding (use -- --force to seed anyway).`,
    )
    process.exitCode = 1
  } else {
    const seeded = await seedDemoContent(db.prisma)
    console.log(
      `seeded ${seeded.bylines} bylines, ${seeded.articles} articles and ${seeded.slots} slots into ${db.description}`,
    )
  }
} finally {
  await db.close()
}
