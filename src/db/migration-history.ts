import type { PrismaClient } from './client.js'

/**
 * Whether `prisma migrate deploy` would have nothing to do: each of these migrations is recorded in
 * `_prisma_migrations` as finished and not rolled back, and none is unfinished (an unfinished one
 * failed, or another instance is applying it; the engine reports it or waits for it). The table is
 * named without a schema, as the engine names it: both follow the connection's search_path.
 */
export async function migrationsApplied(prisma: PrismaClient, names: string[]): Promise<boolean> {
  const [table] = await prisma.$queryRaw<{ exists: boolean }[]>`
    SELECT to_regclass('_prisma_migrations') IS NOT NULL AS "exists"`
  if (!table?.exists) return false
  const rows = await prisma.$queryRaw<{ name: string; finished: boolean }[]>`
    SELECT migration_name AS name, finished_at IS NOT NULL AS finished
    FROM _prisma_migrations WHERE rolled_back_at IS NULL`
  if (rows.some((row) => !row.finished)) return false
  const applied = new Set(rows.map((row) => row.name))
  return names.every((name) => applied.has(name))
}
