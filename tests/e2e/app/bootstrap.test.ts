import supertest from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type App, buildApp } from '../../../src/app.js'
import { type Database, openDatabase } from '../../../src/db/client.js'
import { prepareDatabase } from '../../../src/boot/prepare.js'
import { demoArticles, demoBylines, demoSections } from '../../../src/boot/demo-content.js'

// A fresh in-memory PGlite per describe: starting it and migrating takes several seconds.
const BOOT_TIMEOUT = 180_000
const ADMIN_KEY_LINE = /^ADMIN_API_KEY=(ncms_\S+)$/

/** Runs prepareDatabase and returns what it printed through printAdminKey. */
async function prepare(db: Database, seedWhenEmpty: boolean): Promise<string[]> {
  const printed: string[] = []
  await prepareDatabase(db, {
    seedWhenEmpty,
    log: { info: () => {} },
    printAdminKey: (line) => printed.push(line),
  })
  return printed
}

async function counts(db: Database) {
  const [keys, articles, bylines, credits] = await Promise.all([
    db.prisma.apiKey.count(),
    db.prisma.article.count(),
    db.prisma.byline.count(),
    db.prisma.articleByline.count(),
  ])
  return { keys, articles, bylines, credits }
}

describe('prepareDatabase on a fresh database, without demo content', () => {
  let db: Database
  let app: App
  let firstRun: string[]

  beforeAll(async () => {
    db = await openDatabase({ kind: 'pglite', dataDir: undefined })
    firstRun = await prepare(db, false)
    app = await buildApp({ prisma: db.prisma })
    await app.ready()
  }, BOOT_TIMEOUT)

  afterAll(async () => {
    await app?.close()
    await db?.close()
  })

  it('prints exactly one ADMIN_API_KEY=ncms_… line', () => {
    expect(firstRun).toHaveLength(1)
    expect(firstRun[0]).toMatch(ADMIN_KEY_LINE)
  })

  it('creates exactly one key, an admin key, and no content', async () => {
    expect(await counts(db)).toEqual({ keys: 1, articles: 0, bylines: 0, credits: 0 })
    const [row] = await db.prisma.apiKey.findMany()
    expect(row?.role).toBe('admin')
  })

  it('the printed key authenticates as admin through the API', async () => {
    const key = ADMIN_KEY_LINE.exec(firstRun[0] ?? '')?.[1]
    expect(key).toBeDefined()
    const res = await supertest(app.server).get('/v1/keys').set('authorization', `Bearer ${key}`)
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    expect(res.body.items).toHaveLength(1)
    expect(res.body.items[0].role).toBe('admin')
    // And it is an admin key: it may create keys, which an editor key may not.
    const created = await supertest(app.server)
      .post('/v1/keys')
      .set('authorization', `Bearer ${key}`)
      .send({ name: 'desk', role: 'editor' })
    expect(created.status).toBe(201)
    await db.prisma.apiKey.delete({ where: { id: created.body.id as string } })
  })

  it('the key is not stored: the database holds only its hash', async () => {
    const key = ADMIN_KEY_LINE.exec(firstRun[0] ?? '')?.[1] ?? 'missing'
    const rows = await db.prisma.$queryRawUnsafe<{ row: string }[]>(
      `SELECT row_to_json(k)::text AS row FROM "ApiKey" k`,
    )
    expect(rows).toHaveLength(1)
    expect(rows[0]?.row).not.toContain(key)
  })

  it('a second run prints nothing and creates no second key', async () => {
    const before = await counts(db)
    expect(await prepare(db, false)).toEqual([])
    expect(await counts(db)).toEqual(before)
    expect(before.keys).toBe(1)
  })
})

describe('prepareDatabase on a fresh database, with seedWhenEmpty', () => {
  let db: Database
  let app: App
  let firstRun: string[]
  let afterFirstRun: Awaited<ReturnType<typeof counts>>

  beforeAll(async () => {
    db = await openDatabase({ kind: 'pglite', dataDir: undefined })
    firstRun = await prepare(db, true)
    afterFirstRun = await counts(db)
    app = await buildApp({ prisma: db.prisma })
    await app.ready()
  }, BOOT_TIMEOUT)

  afterAll(async () => {
    await app?.close()
    await db?.close()
  })

  it('still prints the one admin key', () => {
    expect(firstRun).toHaveLength(1)
    expect(firstRun[0]).toMatch(ADMIN_KEY_LINE)
  })

  it('seeds at least 9 articles and 5 bylines: all of the demo content', () => {
    expect(afterFirstRun.articles).toBeGreaterThanOrEqual(9)
    expect(afterFirstRun.bylines).toBeGreaterThanOrEqual(5)
    expect(afterFirstRun.articles).toBe(demoArticles.length)
    expect(afterFirstRun.bylines).toBe(demoBylines.length)
    expect(afterFirstRun.credits).toBeGreaterThanOrEqual(demoArticles.length)
  })

  it('the flagship agency story is readable anonymously by slug, credited to the agency with a credit line', async () => {
    const flagship = demoArticles[0]
    expect(flagship).toBeDefined()
    if (!flagship) return
    const agency = demoBylines.find((b) => b.slug === flagship.bylines[0]?.byline)
    expect(agency?.kind).toBe('agency')

    const res = await supertest(app.server).get(`/v1/articles/${flagship.slug}`)
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    expect(res.body.slug).toBe(flagship.slug)
    expect(res.body.headline).toBe(flagship.headline)
    expect(res.body.status).toBe('published')
    expect(res.body.bylineText).toBe(agency?.name)
    expect(res.body.creditLine).not.toBeNull()
    expect(res.body.creditLine).toBe(flagship.creditLine)
  })

  it('the seeded stories are all listed to anonymous readers', async () => {
    const res = await supertest(app.server).get('/v1/articles?limit=100')
    expect(res.status).toBe(200)
    expect((res.body.items as { slug: string }[]).map((a) => a.slug).sort()).toEqual(
      demoArticles.map((a) => a.slug).sort(),
    )
  })

  it('seeds real sections with descriptions, which every demo story is filed under', async () => {
    const res = await supertest(app.server).get('/v1/sections')
    expect(res.status).toBe(200)
    const sections = res.body.items as { slug: string; name: string; description: string }[]
    expect(sections.map((s) => s.slug)).toEqual(demoSections.map((s) => s.slug))
    for (const s of sections) expect(s.description.length).toBeGreaterThan(10)
    const names = new Map(sections.map((s) => [s.slug, s.name]))
    const story = await supertest(app.server).get(`/v1/articles/${demoArticles[0]?.slug}`)
    expect(story.body.section).toEqual({
      slug: demoArticles[0]?.section,
      name: names.get(demoArticles[0]?.section ?? ''),
    })
    for (const a of demoArticles) expect(names.has(a.section), a.slug).toBe(true)
  })

  it('a second run seeds nothing more and prints nothing', async () => {
    expect(await prepare(db, true)).toEqual([])
    expect(await counts(db)).toEqual(afterFirstRun)
  })
})
