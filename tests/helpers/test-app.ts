import supertest from 'supertest'
import { afterAll, beforeAll, beforeEach } from 'vitest'
import { type App, type AppOptions, buildApp } from '../../src/app.js'
import { ALL } from '../../src/db/change-feed.js'
import { createKey } from '../../src/modules/keys/keys.service.js'
import { openTestDatabase, type TestDatabase } from './test-database.js'
import { NOW } from './time.js'

/** A clock tests can set and move; the app reads time only through it. */
export class TestClock {
  constructor(private current = new Date(NOW)) {}
  now = () => new Date(this.current)
  set(at: string | Date) {
    this.current = new Date(at)
  }
  advance(ms: number) {
    this.current = new Date(this.current.getTime() + ms)
  }
}

export interface TestContext {
  app: App
  db: TestDatabase
  api: ReturnType<typeof supertest>
  clock: TestClock
  /** `Authorization` header values for keys of each role. */
  auth: { admin: string; editor: string }
  /** Counts the SQL statements `run` sends, starting from an empty response cache. */
  countQueries(run: () => Promise<unknown>): Promise<number>
  /** Counts the SQL statements `run` sends, with the response cache as it is. */
  countStatements(run: () => Promise<unknown>): Promise<number>
  /** After writing to the database directly (bypassing the change feed): drops what the response cache holds. */
  changedBehindTheApp(): void
  /** Row counts of every content table: "a rejected request changes nothing" compares these. */
  snapshot(): Promise<Record<string, number>>
}

const CONTENT_TABLES = [
  'ImportJob',
  'Event',
  'EventJobState',
  'WebhookEndpoint',
  'AuditEntry',
  'ArticleRevision',
  'ArticleSlugRedirect',
  'SlotItem',
  'RecommendationSlot',
  'ArticleByline',
  'ArticleCredits',
  'Article',
  'Byline',
  'SectionSlugRedirect',
  'Section',
  'TagSlugRedirect',
  'Tag',
] as const

/**
 * Boots the whole app on this file's own database. Content tables are emptied before every
 * test; the admin and editor keys live for the whole file.
 */
export function useTestApp(
  options: Partial<Omit<AppOptions, 'prisma' | 'clock'>> = {},
): TestContext {
  const ctx = {} as TestContext
  let counting = false
  let queries = 0

  beforeAll(async () => {
    ctx.db = await openTestDatabase({ onQuery: () => counting && queries++ })
    ctx.clock = new TestClock()
    ctx.app = await buildApp({ ...options, prisma: ctx.db.prisma, clock: ctx.clock.now })
    // Listening once keeps one Host for every request (supertest would otherwise pick a new port
    // each time), so that repeated reads share response cache entries as a real client's do.
    await ctx.app.listen({ port: 0, host: '127.0.0.1' })
    ctx.api = supertest(ctx.app.server)
    const [admin, editor] = await Promise.all([
      createKey(ctx.db.prisma, { name: 'test admin', role: 'admin' }),
      createKey(ctx.db.prisma, { name: 'test editor', role: 'editor' }),
    ])
    ctx.auth = { admin: `Bearer ${admin.key}`, editor: `Bearer ${editor.key}` }
    ctx.changedBehindTheApp = () => ctx.app.responseCache?.invalidate([ALL])
    ctx.countStatements = async (run) => {
      queries = 0
      counting = true
      try {
        await run()
      } finally {
        counting = false
      }
      return queries
    }
    ctx.countQueries = async (run) => {
      // What building the responses costs: nothing cached, and the cache's own look-up of the next
      // publication time (one statement per miss after a write) done beforehand.
      ctx.changedBehindTheApp()
      await ctx.app.responseCache?.prime()
      queries = 0
      counting = true
      try {
        await run()
      } finally {
        counting = false
      }
      return queries
    }
    ctx.snapshot = async () => {
      const counts = await Promise.all([
        ctx.db.prisma.article.count(),
        ctx.db.prisma.byline.count(),
        ctx.db.prisma.articleByline.count(),
        ctx.db.prisma.apiKey.count(),
        ctx.db.prisma.article.aggregate({ _sum: { version: true } }),
        ctx.db.prisma.byline.aggregate({ _sum: { version: true } }),
      ])
      const [articles, bylines, credits, keys, articleVersions, bylineVersions] = counts
      return {
        articles,
        bylines,
        credits,
        keys,
        articleVersions: articleVersions._sum.version ?? 0,
        bylineVersions: bylineVersions._sum.version ?? 0,
      }
    }
  })

  beforeEach(async () => {
    ctx.clock.set(NOW)
    await ctx.db.prisma.$executeRawUnsafe(
      `TRUNCATE ${CONTENT_TABLES.map((t) => `"${t}"`).join(', ')} CASCADE`,
    )
    ctx.changedBehindTheApp()
  })

  afterAll(async () => {
    await ctx.app?.close()
    await ctx.db?.close()
  })

  return ctx
}

/** Asserts the RFC 9457 shape and returns the body for further checks. */
export function problem(
  res: { status: number; headers: Record<string, string>; body: unknown },
  status: number,
) {
  if (res.status !== status) {
    throw new Error(`expected status ${status}, got ${res.status}: ${JSON.stringify(res.body)}`)
  }
  if (!String(res.headers['content-type']).startsWith('application/problem+json')) {
    throw new Error(`expected application/problem+json, got ${res.headers['content-type']}`)
  }
  const body = res.body as {
    type: string
    title: string
    status: number
    detail: string
    errors?: { path: string; message: string }[]
  }
  if (body.status !== status || !body.type || !body.title || !body.detail) {
    throw new Error(`not a problem document: ${JSON.stringify(body)}`)
  }
  return body
}

/** The paths a problem's `errors` name, in order. */
export const paths = (body: { errors?: { path: string }[] }) =>
  (body.errors ?? []).map((e) => e.path)
