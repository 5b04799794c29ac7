import type { Db } from '../../src/db/client.js'
import { Prisma } from '../../src/db/generated/client.js'
import { encodeCursor } from '../../src/lib/cursor.js'
import { listItemFields, fieldsToBuild } from '../../src/modules/articles/articles.http.js'
import { ListArticlesQuery } from '../../src/modules/articles/articles.schemas.js'
import { createArticlesService } from '../../src/modules/articles/articles.service.js'
import { EVERY_DATA_FIELD } from '../../src/modules/articles/store/article-mapper.js'
import {
  articleRefSql,
  readableSql,
  selectArticles,
} from '../../src/modules/articles/store/article-reads.sql.js'
import { findTargets } from '../../src/modules/imports/import-batch.js'
import { createFeedsService } from '../../src/modules/feeds/feeds.service.js'
import { findRecommendationContext } from '../../src/modules/recommendations/sql/context.sql.js'
import { rankRelatedArticles } from '../../src/modules/recommendations/sql/related-articles.sql.js'
import { storeRanking } from '../../src/modules/recommendations/sql/related-lists.sql.js'
import {
  monthSummariesSql,
  storiesPublishedAfter,
  storiesPublishedInSql,
} from '../../src/modules/sitemaps/sitemaps.sql.js'

// The hot statements exactly as the code builds them: the builders and services run against a
// stand-in client that keeps each statement instead of running it (readRows falls back to
// $queryRaw on a client openDatabase did not open). Used by the query-plan test and to EXPLAIN
// them on a large database.

/** Runs `build` against a client that records its statements; returns them. */
export async function captureStatements(
  build: (db: Db) => Promise<unknown>,
): Promise<Prisma.Sql[]> {
  const captured: Prisma.Sql[] = []
  const keep = async (first: Prisma.Sql | TemplateStringsArray, ...values: unknown[]) => {
    captured.push(first instanceof Prisma.Sql ? first : Prisma.sql(first, ...values))
    return []
  }
  const db = { $queryRaw: keep, $queryRawUnsafe: keep } as unknown as Db
  await build(db)
  return captured
}

/** What the statements are about: values taken from the database they will be explained on. */
export interface HotValues {
  now: Date
  /** A published article and its signals. */
  article: {
    id: string
    slug: string
    section: string
    tags: string[]
    writers: string[]
    /** Its headline's lexemes as tsquery text (see context.sql.ts). */
    query: string | null
  }
  /** A common tag, a rare tag, a section, a byline's slug. */
  commonTag: string
  rareTag: string
  section: string
  byline: string
  /** The (sortAt, id) of the 10,000th story of `commonTag`, newest first: page 500 of 20. */
  deepCursor: { sortAt: Date; id: string }
  /** A word of many bodies, and one of few. */
  commonWord: string
  rareWord: string
}

export interface HotStatement {
  name: string
  sql: Prisma.Sql
}

const anonymous = { keyed: false }

/** A story's headline lexemes OR-ed, as the recommendations' context reads them (context.sql.ts). */
export const HEADLINE_QUERY_SQL = `(SELECT string_agg(quote_literal(l), ' | ' ORDER BY l)
  FROM unnest(tsvector_to_array("headlineVector")) AS l)`

/** Every hot read and the create-free recommendation writes, built by the code from `v`. */
export async function hotStatements(v: HotValues): Promise<HotStatement[]> {
  const now = () => v.now
  const one = async (name: string, build: (db: Db) => Promise<unknown>) => {
    const sql = await captureStatements(build)
    return sql.map((s, i) => ({ name: sql.length > 1 ? `${name} #${i + 1}` : name, sql: s }))
  }
  const list = (query: Record<string, unknown>) => async (db: Db) => {
    const parsed = ListArticlesQuery.parse(query)
    const articles = createArticlesService({ prisma: db as never, changes: null as never, now })
    await articles.list(parsed, anonymous, fieldsToBuild(listItemFields(parsed), anonymous))
  }
  const feed = (filter: Record<string, string>) => async (db: Db) => {
    const feeds = createFeedsService({
      prisma: db as never,
      now,
      site: { name: 'Test', url: 'https://news.example.com' } as never,
    })
    await feeds.render('rss', filter, {} as never).catch(() => {})
  }
  const source = {
    id: v.article.id,
    section: v.article.section,
    tags: v.article.tags,
    writers: v.article.writers,
    query: v.article.query,
  }
  const related = { now: v.now, excludeIds: [], excludeSlugs: [], limit: 8 }
  const month = new Date(Date.UTC(v.now.getUTCFullYear() - 5, 2, 1))
  const statements = [
    ...(await one('article by slug', (db) =>
      selectArticles(db, EVERY_DATA_FIELD, [
        articleRefSql(v.article.slug),
        readableSql(anonymous, v.now),
      ]),
    )),
    ...(await one('article by id', (db) =>
      selectArticles(db, EVERY_DATA_FIELD, [
        articleRefSql(v.article.id),
        readableSql(anonymous, v.now),
      ]),
    )),
    ...(await one('list', list({ limit: '20' }))),
    ...(await one('list by section', list({ limit: '20', section: v.section }))),
    ...(await one('list by common tag', list({ limit: '20', tag: v.commonTag }))),
    ...(await one('list by rare tag', list({ limit: '20', tag: v.rareTag }))),
    ...(await one('list by byline', list({ limit: '20', byline: v.byline }))),
    ...(await one(
      'deep page of common tag',
      list({
        limit: '20',
        tag: v.commonTag,
        cursor: encodeCursor({ key: v.deepCursor.sortAt.toISOString(), id: v.deepCursor.id }),
      }),
    )),
    ...(await one('search common word', list({ limit: '20', q: v.commonWord }))),
    ...(await one('search rare word', list({ limit: '20', q: v.rareWord }))),
    ...(await one('feed', feed({}))),
    ...(await one('feed by tag', feed({ tag: v.commonTag }))),
    ...(await one('recommendations (stored ranking)', (db) =>
      findRecommendationContext(db, v.article.slug, {
        visibleAt: v.now,
        now: v.now,
        excludeSlugs: [],
        excludeIds: [],
        spare: 0,
      }),
    )),
    ...(await one('recommendations (ranking from scratch)', (db) =>
      rankRelatedArticles(db, source, related),
    )),
    ...(await one('recommendations (store ranking)', (db) => storeRanking(db, source, v.now))),
    { name: 'sitemap index', sql: monthSummariesSql(v.now) },
    ...(await one('import: the articles a batch updates', (db) =>
      findTargets(db, [
        { sourceId: 'wordpress:1', id: v.article.id },
        { sourceId: 'wordpress:2', id: null },
      ]),
    )),
    {
      name: 'monthly sitemap',
      sql: storiesPublishedInSql(v.now, {
        from: month,
        to: new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + 1, 1)),
        offset: 0,
        limit: 1000,
      }),
    },
    ...(await one('news sitemap', (db) =>
      storiesPublishedAfter(db, v.now, new Date(v.now.getTime() - 2 * 86_400_000), 1000),
    )),
  ]
  return statements
}

/** EXPLAIN of `sql`, with its values inlined by the driver (a custom plan, as a first execution gets). */
export const explainSql = (sql: Prisma.Sql, options: string) => ({
  text: `EXPLAIN (${options}) ${sql.text}`,
  values: sql.values,
})
