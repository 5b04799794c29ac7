import { ConfigError, loadConfig } from '../config.js'
import type { Database } from '../db/client.js'
import { DataDirLockedError } from '../db/data-dir-lock.js'
import { openConfiguredDatabase } from '../db/open-from-config.js'

/** The configured database for a command; a bad setting or a busy data folder ends it with one line. */
export async function openDatabaseForCommand(): Promise<Database> {
  try {
    return await openConfiguredDatabase(loadConfig())
  } catch (error) {
    if (!(error instanceof ConfigError || error instanceof DataDirLockedError)) throw error
    console.error(error.message)
    process.exit(1)
  }
}
