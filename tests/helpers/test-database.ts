import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { inject } from 'vitest'
import { type Database, type DatabaseOptions, openDatabase } from '../../src/db/client.js'
import { applyMigrations } from '../../src/db/migration-engine.js'

export interface TestDatabase extends Database {
  /** A connection URL for a second client or app instance; null on PGlite. */
  url: string | null
}

/**
 * A database of this test file's own: a clone of the migrated template on the PostgreSQL
 * server when DATABASE_URL is given, otherwise a migrated in-memory PGlite.
 */
export async function openTestDatabase(options: DatabaseOptions = {}): Promise<TestDatabase> {
  const templateUrl = inject('templateUrl')
  if (!templateUrl) {
    const db = await openDatabase({ kind: 'pglite', dataDir: undefined }, options)
    await applyMigrations(db)
    return { ...db, url: null }
  }
  const template = new URL(templateUrl)
  const name = `cms_test_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: new URL('/postgres', template).toString() })
  await admin.connect()
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template.pathname.slice(1)}`)
  const url = new URL(`/${name}`, template).toString()
  const db = await openDatabase({ kind: 'postgres', url, poolSize: 10 }, options)
  return {
    ...db,
    url,
    async close() {
      await db.close()
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await admin.end()
    },
  }
}
