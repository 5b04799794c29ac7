import pg from 'pg'
import { describe, expect, inject, it } from 'vitest'
import { createArticle, createByline } from '../../../helpers/factories.js'
import { useTestApp } from '../../../helpers/test-app.js'

// "ArticleCredits" (the credits recommendations print, one row per credited article) is kept by
// triggers: it must always equal what the join of "ArticleByline" and "Byline" gives.

const ctx = useTestApp()

interface Credit {
  id: string
  name: string
  kind: string
  role: string
}

/** Per article slug, the stored credits. */
async function stored(): Promise<Record<string, Credit[]>> {
  const rows = await ctx.db.prisma.$queryRaw<{ slug: string; credits: Credit[] }[]>`
    SELECT a.slug, c.credits FROM "ArticleCredits" c JOIN "Article" a ON a.id = c."articleId" ORDER BY a.slug`
  return Object.fromEntries(rows.map((r) => [r.slug, r.credits]))
}

/** Per article slug with credits, what the join gives. */
async function joined(): Promise<Record<string, Credit[]>> {
  const rows = await ctx.db.prisma.$queryRaw<{ slug: string; credits: Credit[] }[]>`
    SELECT a.slug, json_agg(json_build_object('id', b.id, 'name', b.name, 'kind', b.kind, 'role', ab.role) ORDER BY ab.position) AS credits
    FROM "ArticleByline" ab JOIN "Byline" b ON b.id = ab."bylineId" JOIN "Article" a ON a.id = ab."articleId"
    GROUP BY a.slug ORDER BY a.slug`
  return Object.fromEntries(rows.map((r) => [r.slug, r.credits]))
}

const names = (credits: Credit[] | undefined) => (credits ?? []).map((c) => `${c.name} (${c.role})`)
const by = (...credits: [string, string][]) => credits.map(([byline, role]) => ({ byline, role }))

async function twoArticles() {
  const [ana, li, wire] = await Promise.all([
    createByline(ctx, { name: 'Ana Ruiz' }),
    createByline(ctx, { name: 'Li Wei' }),
    createByline(ctx, { name: 'Wire', kind: 'agency' }),
  ])
  await createArticle(ctx, {
    slug: 'harbour',
    bylines: by([ana!.slug, 'author'], [li!.slug, 'photographer']),
  })
  await createArticle(ctx, {
    slug: 'storm',
    bylines: by([li!.slug, 'author'], [wire!.slug, 'contributor']),
  })
  return { ana: ana!, li: li!, wire: wire! }
}

describe('ArticleCredits', () => {
  it('follows creates, edits, reorders, removals and renames made through the API', async () => {
    const { ana, wire } = await twoArticles()
    expect(names((await stored()).harbour)).toEqual(['Ana Ruiz (author)', 'Li Wei (photographer)'])

    const patch = (slug: string, fields: object) =>
      ctx.api
        .patch(`/v1/articles/${slug}`)
        .set('authorization', ctx.auth.editor)
        .set('if-match', '"1"')
        .send(fields)
    expect(
      (await patch('harbour', { bylines: by([wire.slug, 'contributor'], [ana.slug, 'author']) }))
        .status,
    ).toBe(200)
    expect((await patch('storm', { bylines: [], creditLine: 'Newsroom' })).status).toBe(200)
    const renamed = await ctx.api
      .patch(`/v1/bylines/${ana.id}`)
      .set('authorization', ctx.auth.editor)
      .send({ name: 'Ana Ruiz-Ortega' })
    expect(renamed.status).toBe(200)

    const now = await stored()
    expect(names(now.harbour)).toEqual(['Wire (contributor)', 'Ana Ruiz-Ortega (author)'])
    expect(now.harbour?.[0]).toEqual({
      id: wire.id,
      name: 'Wire',
      kind: 'agency',
      role: 'contributor',
    })
    expect(now.storm).toBeUndefined()
    expect(now).toEqual(await joined())
  })

  it('follows writes made in SQL, behind the app', async () => {
    const { li } = await twoArticles()
    const sql = ctx.db.prisma
    await sql.$executeRaw`UPDATE "Byline" SET kind = 'contributor', bio = 'Photographer' WHERE id = ${li.id}::uuid`
    await sql.$executeRaw`UPDATE "ArticleByline" SET position = CASE position WHEN 0 THEN 11 ELSE 10 END WHERE "articleId" = (SELECT id FROM "Article" WHERE slug = 'harbour')`
    await sql.$executeRaw`UPDATE "ArticleByline" SET "articleId" = (SELECT id FROM "Article" WHERE slug = 'harbour'), position = 5
      WHERE role = 'contributor'`
    await sql.$executeRaw`DELETE FROM "Article" WHERE slug = 'storm'`
    const now = await stored()
    expect(names(now.harbour)).toEqual([
      'Wire (contributor)',
      'Li Wei (photographer)',
      'Ana Ruiz (author)',
    ])
    expect(now.harbour?.[1]?.kind).toBe('contributor')
    expect(now).toEqual(await joined())
  })
})

// Two transactions at once, on a PostgreSQL server (PGlite has one connection).
describe.skipIf(!inject('templateUrl'))('ArticleCredits under concurrent writes', () => {
  async function withClients(run: (a: pg.Client, b: pg.Client) => Promise<void>) {
    const clients = [
      new pg.Client({ connectionString: ctx.db.url! }),
      new pg.Client({ connectionString: ctx.db.url! }),
    ] as const
    await Promise.all(clients.map((c) => c.connect()))
    try {
      await run(...clients)
    } finally {
      await Promise.all(clients.map((c) => c.end()))
    }
  }

  /** Whether `promise` is still pending after a moment: it waits for a lock. */
  const waits = async (promise: Promise<unknown>) =>
    (await Promise.race([
      promise.then(() => false),
      new Promise((resolve) => setTimeout(() => resolve(true), 300)),
    ])) as boolean

  it('sees a byline renamed while a credit to it was being added', async () => {
    const { ana } = await twoArticles()
    await withClients(async (renaming, crediting) => {
      await renaming.query('BEGIN')
      await renaming.query(`UPDATE "Byline" SET name = 'Ana Ruiz-Ortega' WHERE id = $1`, [ana.id])
      await crediting.query('BEGIN')
      const credit = crediting.query(
        `INSERT INTO "ArticleByline" ("articleId", position, "bylineId", role) SELECT id, 9, $1, 'editor' FROM "Article" WHERE slug = 'storm'`,
        [ana.id],
      )
      expect(await waits(credit)).toBe(true)
      await renaming.query('COMMIT')
      await credit
      await crediting.query('COMMIT')
    })
    expect(names((await stored()).storm)).toEqual([
      'Li Wei (author)',
      'Wire (contributor)',
      'Ana Ruiz-Ortega (editor)',
    ])
    expect(await stored()).toEqual(await joined())
  })

  it('sees both of two bylines of an article renamed at once', async () => {
    const { ana, li } = await twoArticles()
    await withClients(async (first, second) => {
      await first.query('BEGIN')
      await first.query(`UPDATE "Byline" SET name = 'Ana Ruiz-Ortega' WHERE id = $1`, [ana.id])
      await second.query('BEGIN')
      const rename = second.query(`UPDATE "Byline" SET name = 'Li Wei-Chen' WHERE id = $1`, [li.id])
      expect(await waits(rename)).toBe(true)
      await first.query('COMMIT')
      await rename
      await second.query('COMMIT')
    })
    expect(names((await stored()).harbour)).toEqual([
      'Ana Ruiz-Ortega (author)',
      'Li Wei-Chen (photographer)',
    ])
    expect(await stored()).toEqual(await joined())
  })
})
