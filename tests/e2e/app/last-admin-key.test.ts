// The last admin key cannot be deleted, by itself or by a race of two admins deleting each other.
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { systemActor } from '../../../src/modules/audit/audit-actor.js'
import { createKey, createKeysService } from '../../../src/modules/keys/keys.service.js'
import { problem, useTestApp } from '../../helpers/test-app.js'

const ctx = useTestApp()

const adminIds = async () =>
  (
    await ctx.db.prisma.apiKey.findMany({
      where: { role: 'admin' },
      select: { id: true },
      orderBy: { id: 'asc' },
    })
  ).map((k) => k.id)

/** Leaves exactly the admin keys created here (the file's own test admin goes too): call it last. */
async function onlyAdmins(count: number) {
  const created = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      createKey(ctx.db.prisma, { name: `admin ${i}`, role: 'admin' }),
    ),
  )
  await ctx.db.prisma.apiKey.deleteMany({
    where: { role: 'admin', id: { notIn: created.map((k) => k.id) } },
  })
  return created
}

describe('DELETE /v1/keys/{id} of the last admin key', () => {
  it('is a 409 problem that says why, while other admin keys may go', async () => {
    const other = await createKey(ctx.db.prisma, { name: 'second admin', role: 'admin' })
    const [own] = (
      await ctx.api.get('/v1/keys?limit=100').set('authorization', ctx.auth.admin)
    ).body.items.filter((k: { name: string }) => k.name === 'test admin')
    // Two admins: one may delete the other…
    expect(
      (await ctx.api.delete(`/v1/keys/${other.id}`).set('authorization', ctx.auth.admin)).status,
    ).toBe(204)
    // …but not itself once it is the only one.
    const before = await ctx.snapshot()
    const p = problem(
      await ctx.api.delete(`/v1/keys/${own.id}`).set('authorization', ctx.auth.admin),
      409,
    )
    expect(p.type).toBe('urn:newsroom-cms:problem:conflict')
    expect(p.detail).toMatch(/only admin key/)
    expect(await ctx.snapshot()).toEqual(before)
    expect(await adminIds()).toEqual([own.id])
    // Editor keys are deleted as before.
    const editor = await createKey(ctx.db.prisma, { name: 'editor', role: 'editor' })
    expect(
      (await ctx.api.delete(`/v1/keys/${editor.id}`).set('authorization', ctx.auth.admin)).status,
    ).toBe(204)
  })

  it('leaves one admin when two admins delete each other at the same moment', async () => {
    for (let round = 0; round < 5; round++) {
      const [a, b] = await onlyAdmins(2)
      const results = await Promise.all([
        ctx.api.delete(`/v1/keys/${b!.id}`).set('authorization', `Bearer ${a!.key}`),
        ctx.api.delete(`/v1/keys/${a!.id}`).set('authorization', `Bearer ${b!.key}`),
      ])
      // One wins; the other is refused: 409, or 401 when its own key was already gone.
      expect(results.map((r) => r.status).sort()).toSatisfy(
        (statuses: number[]) => statuses[0] === 204 && [401, 409].includes(statuses[1]!),
      )
      expect(await adminIds()).toHaveLength(1)
    }
  })

  it('holds when both deletes wait on the same locked rows and then run together', async ({
    skip,
  }) => {
    // PGlite runs one transaction at a time: no race to provoke.
    if (!ctx.db.url) return skip()
    const [a, b] = await onlyAdmins(2)
    const keys = createKeysService({ prisma: ctx.db.prisma, now: () => new Date() })
    const actor = systemActor('test')
    // Another session holds the admin rows, so that both deletes queue behind it and start at once.
    const holder = new pg.Client({ connectionString: ctx.db.url })
    await holder.connect()
    try {
      await holder.query('BEGIN')
      await holder.query(`SELECT id FROM "ApiKey" WHERE role = 'admin' FOR UPDATE`)
      const deletes = Promise.allSettled([keys.remove(b!.id, actor), keys.remove(a!.id, actor)])
      await new Promise((resolve) => setTimeout(resolve, 300))
      await holder.query('COMMIT')
      const outcomes = await deletes
      expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected'])
      const refused = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult
      expect(refused.reason).toMatchObject({ status: 409 })
      expect(await adminIds()).toHaveLength(1)
    } finally {
      await holder.end()
    }
  })
})
