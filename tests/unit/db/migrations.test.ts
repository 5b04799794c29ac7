import { describe, expect, it } from 'vitest'
import { pendingSchemaChanges } from '../../../src/db/migration-engine.js'

describe('prisma/migrations', () => {
  it('agree with prisma/schema.prisma (run `npm run db:migration -- <name>` after changing the schema)', async () => {
    expect(await pendingSchemaChanges()).toBeNull()
  }, 120_000)
})
