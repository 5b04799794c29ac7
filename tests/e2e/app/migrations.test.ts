import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { describe, expect, inject, it } from 'vitest'
import { openDatabase } from '../../../src/db/client.js'
import { applyMigrations, readMigrations } from '../../../src/db/migration-engine.js'

const templateUrl = inject('templateUrl')

describe.skipIf(!templateUrl)('migrations on a PostgreSQL server', () => {
  it('are applied once when several instances start at the same time, and leave no lock behind', async () => {
    const name = `cms_test_${randomBytes(6).toString('hex')}`
    const admin = new pg.Client({ connectionString: new URL('/postgres', templateUrl!).toString() })
    await admin.connect()
    await admin.query(`CREATE DATABASE ${name}`)
    const url = new URL(`/${name}`, templateUrl!).toString()
    const instances = await Promise.all(
      [1, 2, 3].map(() => openDatabase({ kind: 'postgres', url, poolSize: 3 })),
    )
    try {
      const applied = await Promise.all(instances.map((db) => applyMigrations(db)))
      const all = (await readMigrations()).migrationDirectories.map((d) => d.path)
      expect(applied.flat().sort()).toEqual(all)
      expect(applied.filter((names) => names.length > 0)).toHaveLength(1)
      expect(await applyMigrations(instances[0]!)).toEqual([])
      // In this database only: test files running alongside take transaction-scoped advisory locks in theirs.
      const locks = await admin.query(
        `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = $1)`,
        [name],
      )
      expect(locks.rows[0].n).toBe(0)
    } finally {
      await Promise.all(instances.map((db) => db.close()))
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await admin.end()
    }
  })
})
