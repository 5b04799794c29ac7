import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrationsApplied } from '../../../src/db/migration-history.js'
import { readMigrations } from '../../../src/db/migration-engine.js'
import { openTestDatabase, type TestDatabase } from '../../helpers/test-database.js'

let db: TestDatabase
let names: string[]
beforeAll(async () => {
  db = await openTestDatabase()
  names = (await readMigrations()).migrationDirectories.map((d) => d.path)
})
afterAll(() => db?.close())

// Start-up skips the migration engine (and its 30 MB of WebAssembly) exactly when this says so.
describe('migrationsApplied', () => {
  it('is true for a database holding every migration, finished', async () => {
    expect(await migrationsApplied(db.prisma, names)).toBe(true)
  })

  it('is false when a migration is missing from the database', async () => {
    expect(await migrationsApplied(db.prisma, [...names, '29990101000000_not_applied_yet'])).toBe(
      false,
    )
  })

  it('is false while a migration is unfinished (failed, or being applied by another instance)', async () => {
    await db.prisma.$executeRawUnsafe(
      `INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, applied_steps_count)
       VALUES ('test-unfinished', 'x', '29990101000000_half_done', now(), 0)`,
    )
    try {
      expect(await migrationsApplied(db.prisma, names)).toBe(false)
    } finally {
      await db.prisma.$executeRawUnsafe(
        `DELETE FROM _prisma_migrations WHERE id = 'test-unfinished'`,
      )
    }
  })

  it('is false on an empty database', async () => {
    await db.prisma.$executeRawUnsafe(
      'ALTER TABLE _prisma_migrations RENAME TO _prisma_migrations_away',
    )
    try {
      expect(await migrationsApplied(db.prisma, names)).toBe(false)
    } finally {
      await db.prisma.$executeRawUnsafe(
        'ALTER TABLE _prisma_migrations_away RENAME TO _prisma_migrations',
      )
    }
  })
})
