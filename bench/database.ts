// Throwaway PostgreSQL databases for the benchmark, and the bulk seed (multi-row INSERT … SELECT
// FROM unnest(…) in batches, straight through `pg`).
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import type { SeedArticle, SeedByline } from './data.js'
import { readingStats, renderMarkdown } from './product.js'

const NAME = /^cms_bench_[a-z0-9_]+$/

/** The server's maintenance connection: the same server and credentials, database `postgres`. */
export class BenchDatabases {
  readonly prefix = `cms_bench_${randomBytes(4).toString('hex')}`
  private readonly created: string[] = []

  constructor(private readonly serverUrl: string) {}

  urlOf(name: string): string {
    return new URL(`/${name}`, this.serverUrl).toString()
  }

  private async admin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
    const client = new pg.Client({
      connectionString: this.urlOf('postgres'),
      connectionTimeoutMillis: 10_000,
    })
    client.on('error', () => {})
    await client.connect()
    try {
      return await run(client)
    } finally {
      await client.end()
    }
  }

  /** Creates `<prefix><suffix>`, empty or as a copy of another bench database. */
  async create(suffix: string, template?: string): Promise<string> {
    const name = `${this.prefix}${suffix}`
    if (!NAME.test(name) || (template && !NAME.test(template)))
      throw new Error(`unexpected database name ${name}`)
    await this.admin((c) =>
      c.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`),
    )
    this.created.push(name)
    return name
  }

  /** The PostgreSQL backends serving this run's databases, by database, for CPU accounting. */
  async backendPids(): Promise<{ pid: number; database: string }[]> {
    return this.admin(async (c) => {
      const { rows } = await c.query<{ pid: number; database: string }>(
        'SELECT pid, datname AS database FROM pg_stat_activity WHERE datname LIKE $1',
        [`${this.prefix}%`],
      )
      return rows
    })
  }

  /**
   * Waits (bounded) until no statement runs in this run's databases: a run that ended with requests
   * still queued in a server leaves work behind that would otherwise slow the next run.
   */
  async waitIdle(timeoutMs = 60_000): Promise<number> {
    const started = Date.now()
    return this.admin(async (c) => {
      let quiet = 0
      while (Date.now() - started < timeoutMs && quiet < 2) {
        const { rows } = await c.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname LIKE $1 AND state = 'active'`,
          [`${this.prefix}%`],
        )
        quiet = rows[0]?.n === 0 ? quiet + 1 : 0
        if (quiet < 2) await new Promise((r) => setTimeout(r, 250))
      }
      return Date.now() - started
    })
  }

  async serverVersion(): Promise<string> {
    return this.admin(
      async (c) =>
        (await c.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]
          ?.v ?? '?',
    )
  }

  /** Drops every database this run created; safe to call twice. */
  async dropAll(): Promise<void> {
    const names = this.created.splice(0).reverse()
    if (names.length === 0) return
    await this.admin(async (c) => {
      for (const name of names) await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    })
  }
}

const BATCH = 500

/** What a seed wrote; `importer` when it went through the product's importer. */
export interface Seeded {
  bylines: number
  articles: number
  credits: number
  averageBodyBytes: number
  importer?: {
    seconds: number
    /** Articles ÷ the importer command's whole run, start-up included. */
    articlesPerSecond: number
    /** The rate the importer printed (items per second of import time). */
    reportedPerSecond: number
    fileBytes: number
  }
}

/** The database's size, and its largest tables with their indexes and TOAST, in MiB. */
export async function databaseSize(url: string) {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const { rows } = await client.query<{ name: string; bytes: string }>(
      `SELECT '(database)' AS name, pg_database_size(current_database())::text AS bytes
       UNION ALL (SELECT relname, pg_total_relation_size(c.oid)::text FROM pg_class c
         JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY pg_total_relation_size(c.oid) DESC LIMIT 6)`,
    )
    const articles = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM "Article"')
    const count = articles.rows[0]?.n ?? 0
    const mib = (bytes: string) => Math.round(Number(bytes) / 2 ** 20)
    return {
      articles: count,
      mib: Object.fromEntries(rows.map((r) => [r.name, mib(r.bytes)])),
      /** Whole database ÷ thousands of articles. */
      mibPer1000Articles:
        Math.round((Number(rows[0]?.bytes ?? 0) / 2 ** 20 / Math.max(1, count / 1000)) * 100) / 100,
    }
  } finally {
    await client.end()
  }
}

/** Inserts bylines, articles (with bodyHtml rendered by the app's own Markdown renderer), credits and slots. */
export async function seed(
  url: string,
  data: { bylines: SeedByline[]; articles: Iterable<SeedArticle>; count: number },
  log: (line: string) => void,
) {
  const pool = new pg.Pool({ connectionString: url, max: 2 })
  pool.on('error', () => {})
  try {
    const { bylines, articles, count } = data
    await pool.query(
      `INSERT INTO "Byline" (id, slug, name, kind, "jobTitle")
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::"BylineKind"[], $5::text[])`,
      [
        bylines.map((b) => b.id),
        bylines.map((b) => b.slug),
        bylines.map((b) => b.name),
        bylines.map((b) => b.kind),
        bylines.map((b) => b.jobTitle),
      ],
    )

    let done = 0
    let bodyBytes = 0
    let credited = 0
    const started = Date.now()
    // Two batches in flight: PostgreSQL computes the generated search vector while the next renders.
    const insertBatch = async (batch: SeedArticle[]) => {
      // Articles reference their section by slug and name tags by slug: both exist first. Sorted,
      // so that the two batches in flight take the rows' locks in one order (no deadlock).
      await pool.query(
        `INSERT INTO "Section" (id, slug, name, position)
         SELECT gen_random_uuid(), slug, initcap(replace(slug, '-', ' ')), 0 FROM unnest($1::text[]) AS s(slug)
         ON CONFLICT (slug) DO NOTHING`,
        [[...new Set(batch.map((a) => a.section))].sort()],
      )
      await pool.query(
        `INSERT INTO "Tag" (id, slug, name) SELECT gen_random_uuid(), slug, replace(slug, '-', ' ') FROM unnest($1::text[]) AS t(slug)
         ON CONFLICT (slug) DO NOTHING`,
        [[...new Set(batch.flatMap((a) => a.tags))].sort()],
      )
      const html = batch.map((a) => renderMarkdown(a.body))
      const stats = html.map((h) => readingStats(h))
      for (const a of batch) bodyBytes += Buffer.byteLength(a.body)
      const col = <T>(f: (a: SeedArticle, i: number) => T) => batch.map(f)
      await pool.query(
        `INSERT INTO "Article" (id, slug, headline, dek, body, "bodyHtml", section, tags, "heroImage", "creditLine",
           status, "publishedAt", "sortAt", "wordCount", "readingTimeMinutes", "createdAt", "updatedAt")
         SELECT id, slug, headline, dek, body, html, section, ARRAY(SELECT jsonb_array_elements_text(tags::jsonb)),
           hero::jsonb, credit, status::"ArticleStatus", published, sort, words, minutes, created, created
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
           $9::text[], $10::text[], $11::text[], $12::timestamptz[], $13::timestamptz[], $14::int[], $15::int[], $16::timestamptz[])
           AS t(id, slug, headline, dek, body, html, section, tags, hero, credit, status, published, sort, words, minutes, created)`,
        [
          col((a) => a.id),
          col((a) => a.slug),
          col((a) => a.headline),
          col((a) => a.dek),
          col((a) => a.body),
          html,
          col((a) => a.section),
          col((a) => JSON.stringify(a.tags)),
          col((a) => (a.heroImage ? JSON.stringify(a.heroImage) : null)),
          col((a) => a.creditLine),
          col((a) => a.status),
          col((a) => a.publishedAt),
          col((a) => a.sortAt),
          stats.map((s) => s.wordCount),
          stats.map((s) => s.readingTimeMinutes),
          col((a) => a.createdAt),
        ],
      )
      const credits = batch.flatMap((a) =>
        a.credits.map((c, position) => ({ articleId: a.id, position, ...c })),
      )
      await pool.query(
        `INSERT INTO "ArticleByline" ("articleId", position, "bylineId", role)
         SELECT * FROM unnest($1::uuid[], $2::int[], $3::uuid[], $4::"BylineRole"[])`,
        [
          credits.map((c) => c.articleId),
          credits.map((c) => c.position),
          credits.map((c) => c.bylineId),
          credits.map((c) => c.role),
        ],
      )
      credited += credits.length
      done += batch.length
      if (done % 20_000 === 0 || done === count) {
        log(`  ${done}/${count} articles (${((Date.now() - started) / 1000).toFixed(1)} s)`)
      }
    }
    // A large seed loads without Article's secondary indexes and builds them at the end: one
    // sort per index instead of an insert per row (the GIN indexes above all).
    const rebuild =
      count > 100_000
        ? (
            await pool.query<{ name: string; definition: string }>(
              `SELECT indexname AS name, indexdef AS definition FROM pg_indexes
               WHERE tablename = 'Article' AND indexname NOT IN ('Article_pkey', 'Article_slug_key')`,
            )
          ).rows
        : []
    for (const index of rebuild) await pool.query(`DROP INDEX "${index.name}"`)
    const iterator = articles[Symbol.iterator]()
    const nextBatch = () => {
      const batch: SeedArticle[] = []
      for (let next = iterator.next(); !next.done; next = iterator.next()) {
        batch.push(next.value)
        if (batch.length === BATCH) break
      }
      return batch
    }
    await Promise.all(
      [0, 1].map(async () => {
        for (let batch = nextBatch(); batch.length > 0; batch = nextBatch())
          await insertBatch(batch)
      }),
    )

    if (rebuild.length > 0) log(`  building ${rebuild.length} indexes of Article…`)
    await Promise.all(
      rebuild.map((index) =>
        pool.query(`BEGIN; SET LOCAL maintenance_work_mem = '512MB'; ${index.definition}; COMMIT`),
      ),
    )
    await seedSlots(pool)
    await pool.query('VACUUM ANALYZE')
    return {
      bylines: bylines.length,
      articles: done,
      credits: credited,
      averageBodyBytes: Math.round(bodyBytes / Math.max(1, done)),
    } satisfies Seeded
  } finally {
    await pool.end()
  }
}

/** The two recommendation slots, one with a sponsored link. */
export async function seedSlots(pool: pg.Pool | pg.Client) {
  await pool.query(
    `INSERT INTO "RecommendationSlot" (id, key, label, capacity, fill, "allowSponsored", position) VALUES
         ($1, 'you-may-also-like', 'You May Also Like', 4, 'mixed', false, 0),
         ($2, 'recommended-for-you', 'Recommended for you', 4, 'automatic', true, 1)`,
    ['0192f000-0000-7000-8000-000000000001', '0192f000-0000-7000-8000-000000000002'],
  )
  await pool.query(
    `INSERT INTO "SlotItem" (id, "slotId", "articleId", position, url, title, "imageUrl", sponsor)
       VALUES ('0192f000-0000-7000-8000-000000000003', '0192f000-0000-7000-8000-000000000002', NULL, 0,
         'https://cruises.example.com/delta', 'Five quiet days on the delta', 'https://cruises.example.com/delta.jpg', 'Delta Line')`,
  )
}

/** The slugs readers can fetch (published, time come, not trashed), in a fixed shuffled order. */
export async function readableSlugs(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const { rows } = await client.query<{ slug: string }>(
      `SELECT slug FROM "Article" WHERE status = 'published' AND "publishedAt" <= now() AND "trashedAt" IS NULL
       ORDER BY md5(slug)`,
    )
    return rows.map((r) => r.slug)
  } finally {
    await client.end()
  }
}

/** A list cursor as the API gives it (lib/cursor.ts): base64url of JSON [sortAt, id]. */
export const listCursor = (sortAt: Date, id: string) =>
  Buffer.from(JSON.stringify([sortAt.toISOString(), id])).toString('base64url')

/**
 * What the filtered list scenarios rotate over: the sections, the `tags` commonest tags, the
 * bylines with stories, and per tag the cursor of its page `page` of 20 (or of its last page).
 */
export async function listContext(url: string, tags: number, page: number) {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  const live = `a.status = 'published' AND a."publishedAt" <= now() AND a."trashedAt" IS NULL`
  try {
    const sections = await client.query<{ slug: string }>(
      'SELECT slug FROM "Section" ORDER BY slug',
    )
    const common = await client.query<{ tag: string; n: number }>(
      `SELECT t AS tag, count(*)::int AS n FROM "Article" a CROSS JOIN unnest(a.tags) t WHERE ${live}
       GROUP BY t ORDER BY count(*) DESC, t LIMIT ${Number(tags)}`,
    )
    const bylines = await client.query<{ slug: string }>(
      `SELECT b.slug FROM "Byline" b WHERE EXISTS (SELECT 1 FROM "ArticleByline" ab WHERE ab."bylineId" = b.id)
       ORDER BY b.slug`,
    )
    const deepCursors: [string, string][] = []
    for (const { tag, n } of common.rows) {
      // The first story of page `page`: the cursor is the one before it.
      const offset = Math.max(0, Math.min((page - 1) * 20, n - 20) - 1)
      const { rows } = await client.query<{ sortAt: Date; id: string }>(
        `SELECT a."sortAt", a.id FROM "Article" a WHERE ${live} AND a.tags @> ARRAY[$1]::text[]
         ORDER BY a."sortAt" DESC, a.id DESC OFFSET ${offset} LIMIT 1`,
        [tag],
      )
      const row = rows[0]
      if (row) deepCursors.push([tag, listCursor(row.sortAt, row.id)])
    }
    return {
      sections: sections.rows.map((r) => r.slug),
      tags: common.rows.map((r) => r.tag),
      tagStories: Object.fromEntries(common.rows.map((r) => [r.tag, r.n])),
      bylines: bylines.rows.map((r) => r.slug),
      deepCursors,
    }
  } finally {
    await client.end()
  }
}
