import { resolve } from 'node:path'
import type { Config } from '../config.js'
import { type Database, type DatabaseOptions, openDatabase } from './client.js'

/** The configured database: the PostgreSQL server at DATABASE_URL, else PGlite under DATA_DIR. */
export function openConfiguredDatabase(
  config: Config,
  options?: DatabaseOptions,
): Promise<Database> {
  return openDatabase(
    config.databaseUrl
      ? { kind: 'postgres', url: config.databaseUrl, poolSize: config.databasePoolSize }
      : { kind: 'pglite', dataDir: resolve(config.dataDir, 'pglite') },
    { timeouts: config.databaseTimeouts, ...options },
  )
}
