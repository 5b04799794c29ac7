import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'

/** The repository root, found from this file whether it runs from src/ or from the build in dist/. */
function findProjectRoot(start: string): string {
  let dir = start
  while (!existsSync(join(dir, 'prisma', 'schema.prisma'))) {
    const parent = dirname(dir)
    if (parent === dir) throw new Error(`prisma/schema.prisma not found above ${start}`)
    dir = parent
  }
  return dir
}

export const projectRoot = findProjectRoot(import.meta.dirname)
export const schemaPath = join(projectRoot, 'prisma', 'schema.prisma')
export const migrationsDir = join(projectRoot, 'prisma', 'migrations')
