import type { FastifyBaseLogger } from 'fastify'
import { createKeysService } from '../modules/keys/keys.service.js'
import type { Database } from '../db/client.js'
import { applyMigrations } from '../db/migration-engine.js'

export interface PrepareOptions {
  /** Seed the demo content when the database has no content yet. */
  seedWhenEmpty: boolean
  log: Pick<FastifyBaseLogger, 'info'>
  /** Where the one-time admin key is printed (stdout by default). */
  printAdminKey?: (line: string) => void
}

/** Brings a database up to date on start-up: migrations, the first admin key, demo content. */
export async function prepareDatabase(db: Database, options: PrepareOptions): Promise<void> {
  const applied = await applyMigrations(db)
  options.log.info(
    { applied },
    applied.length ? `applied ${applied.length} migration(s)` : 'database schema is up to date',
  )

  const adminKey = await createKeysService({
    prisma: db.prisma,
    now: () => new Date(),
  }).bootstrapAdminKey()
  if (adminKey) {
    const print = options.printAdminKey ?? ((line: string) => process.stdout.write(`${line}\n`))
    options.log.info(
      'no API key existed: created an admin key, printed once on the next line (it is not stored)',
    )
    print(`ADMIN_API_KEY=${adminKey}`)
  }

  if (!options.seedWhenEmpty) return
  // Imported here: a server that never seeds does not keep the demo content in memory.
  const { isContentEmpty, seedDemoContent } = await import('./seed.js')
  if (await isContentEmpty(db.prisma)) {
    const seeded = await seedDemoContent(db.prisma)
    options.log.info(seeded, 'seeded demo content into the empty database')
  }
}
