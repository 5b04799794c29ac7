// On PostgreSQL, a migration script runs whole, as one transaction: one that fails half-way
// leaves nothing behind, and reports the database's error as adapters do.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestDatabase, type TestDatabase } from '../../helpers/test-database.js'

describe('migration scripts on a PostgreSQL server', () => {
  let db: TestDatabase
  beforeAll(async () => {
    db = await openTestDatabase()
  })
  afterAll(async () => {
    await db?.close()
  })

  it('roll back whole when a statement fails, and name the SQLSTATE', async (context) => {
    if (!db.url) context.skip()
    const { adapter, release } = db.migrationAdapter()
    try {
      const connection = await adapter.connect()
      const failed = await connection
        .executeScript(
          'CREATE TABLE half_done (id int); DO $$ BEGIN PERFORM 1; END $$; SELECT 1 / 0;',
        )
        .then(
          () => null,
          (error: unknown) => error,
        )
      expect(failed).toMatchObject({
        name: 'DriverAdapterError',
        cause: { kind: 'postgres', code: '22012' },
      })
      const [row] = await db.prisma.$queryRaw<{ exists: boolean }[]>`
        SELECT to_regclass('half_done') IS NOT NULL AS exists`
      expect(row?.exists).toBe(false)
    } finally {
      await release()
    }
  })
})
