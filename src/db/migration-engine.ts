// Prisma's migration engine compiled to WebAssembly, driven through a driver adapter, so that
// migrations run without the native engine binary the Prisma CLI would download.
// @see ../../README.md#migrations for why, and the commands built on it.
import { readdir, readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils'
import type * as EngineModule from '@prisma/schema-engine-wasm/schema_engine_bg'
import type { Database } from './client.js'
import { migrationsApplied } from './migration-history.js'
import { migrationsDir, schemaPath } from './project-paths.js'

type SchemaEngine = EngineModule.SchemaEngine
type MigrationList = Parameters<SchemaEngine['applyMigrations']>[0]['migrationsList']

const filters = { externalTables: [], externalEnums: [] }
let engineReady: Promise<typeof EngineModule> | undefined

/**
 * Imports and instantiates the engine on first use only: compiling its 5 MB of WebAssembly adds some
 * 30 MB to the process for good. Once loaded it stays: its glue module holds the instance, and the
 * engine leaves a 10 s timer behind that calls back into it, so it cannot be dropped safely.
 */
function loadEngine(): Promise<typeof EngineModule> {
  engineReady ??= (async () => {
    const engineModule = await import('@prisma/schema-engine-wasm/schema_engine_bg')
    // The package exports its JS glue but not the .wasm file, which sits beside it.
    const gluePath = createRequire(import.meta.url).resolve(
      '@prisma/schema-engine-wasm/schema_engine_bg',
    )
    const wasmPath = join(dirname(gluePath), 'schema_engine_bg.wasm')
    const { instance } = await WebAssembly.instantiate(await readFile(wasmPath), {
      './schema_engine_bg.js': engineModule,
    })
    const exports = instance.exports as { __wbindgen_start: () => void }
    engineModule.__wbg_set_wasm(exports)
    exports.__wbindgen_start()
    return engineModule
  })()
  return engineReady
}

async function withEngine<T>(
  adapter: SqlMigrationAwareDriverAdapterFactory,
  run: (engine: SchemaEngine, schema: string) => Promise<T>,
): Promise<T> {
  const engineModule = await loadEngine()
  const schema = await readFile(schemaPath, 'utf8')
  const engine = await engineModule.SchemaEngine.new(
    { datamodels: [['schema.prisma', schema]] },
    () => {},
    bindMigrationAwareSqlAdapterFactory(adapter),
  )
  try {
    return await run(engine, schema)
  } finally {
    engine.free()
  }
}

export async function readMigrations(): Promise<MigrationList> {
  const entries = await readdir(migrationsDir, { withFileTypes: true }).catch(() => [])
  const dirs = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort()
  const lockPath = join(migrationsDir, 'migration_lock.toml')
  const lockContent = await readFile(lockPath, 'utf8').catch(() => null)
  return {
    baseDir: migrationsDir,
    lockfile: { path: 'migration_lock.toml', content: lockContent },
    migrationDirectories: await Promise.all(
      dirs.map(async (dir) => ({
        path: dir,
        migrationFile: {
          path: 'migration.sql',
          content: {
            tag: 'ok' as const,
            value: await readFile(join(migrationsDir, dir, 'migration.sql'), 'utf8'),
          },
        },
      })),
    ),
    shadowDbInitScript: '',
  }
}

/** Applies the migrations not yet applied, as `prisma migrate deploy` does. Returns their names. */
export async function applyMigrations(
  db: Pick<Database, 'migrationAdapter' | 'prisma'>,
): Promise<string[]> {
  const migrationsList = await readMigrations()
  // The usual start: nothing to apply, which the migrations table tells without the engine.
  if (
    await migrationsApplied(
      db.prisma,
      migrationsList.migrationDirectories.map((d) => d.path),
    )
  )
    return []
  const { adapter, release } = db.migrationAdapter()
  try {
    return await withEngine(adapter, async (engine) => {
      const result = await engine.applyMigrations({ migrationsList, filters })
      return result.appliedMigrationNames
    })
  } finally {
    await release()
  }
}

/**
 * The SQL that the committed migrations lack to match schema.prisma, or null when they agree.
 * A throwaway in-memory PGlite serves as the shadow database.
 */
export async function pendingSchemaChanges(): Promise<string | null> {
  const migrationsList = await readMigrations()
  const [{ PGlite }, { PrismaPGlite }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('pglite-prisma-adapter'),
  ])
  const shadow = new PGlite()
  try {
    return await withEngine(new PrismaPGlite(shadow), async (engine, schema) => {
      const result = await engine.diff({
        from: { tag: 'migrations', ...migrationsList },
        to: { tag: 'schemaDatamodel', files: [{ path: schemaPath, content: schema }] },
        script: true,
        exitCode: true,
        filters,
      })
      return result.exitCode === 2 ? (result.stdout ?? '') : null
    })
  } finally {
    await shadow.close()
  }
}
