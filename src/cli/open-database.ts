import { ConfigError, loadConfig } from '../config.js'
import type { Database } from '../db/client.js'
import { DataDirLockedError } from '../db/data-dir-lock.js'
import { openConfiguredDatabase } from '../db/open-from-config.js'

/**
 * The configured database for a command; a bad setting or a busy data folder ends it with one
 * line. `overHttp`: what to do through the running server instead, said when it holds the folder.
 */
export async function openDatabaseForCommand(overHttp?: string): Promise<Database> {
  try {
    return await openConfiguredDatabase(loadConfig())
  } catch (error) {
    if (!(error instanceof ConfigError || error instanceof DataDirLockedError)) throw error
    if (error instanceof DataDirLockedError && overHttp) {
      const who = error.holder ? `process ${error.holder.pid}` : 'another process'
      console.error(
        `The embedded database in ${error.dataDir} is in use by ${who} (the server?): ${overHttp}`,
      )
    } else console.error(error.message)
    process.exit(1)
  }
}
