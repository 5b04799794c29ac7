import pg from 'pg'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { fillArchive } from '../../helpers/bulk-archive.js'
import {
  HEADLINE_QUERY_SQL,
  type HotStatement,
  hotStatements,
} from '../../helpers/hot-statements.js'
import { openTestDatabase, type TestDatabase } from '../../helpers/test-database.js'
import { explainNodes, type PlanNode } from '../../helpers/query-plans.js'

// The hot statements, as the code builds them, on an archive large enough that the planner
// chooses as it does for a large one: none reads the whole Article table, and each reads the
// index it was written for. Checked for the plan of a first execution (custom, for the values)
// and for the generic plan a pooled connection keeps after a few (see raw-reads.ts). PostgreSQL
// only: PGlite plans a single-process database, and the app's large archives live on a server.
// Search is planned for each execution's words, so its plan is checked for a common and a rare one.

const templateUrl = inject('templateUrl')

/**
 * Per statement (by the name hotStatements gives it), the indexes its plan must read; `a|b`: one
 * of them (search is planned per execution from sampled statistics, and either plan is bounded).
 */
const EXPECTED: Record<string, string[]> = {
  'article by slug': ['Article_slug_key'],
  'article by id': ['Article_pkey'],
  list: ['Article_status_sortAt_id_idx'],
  'list by section': ['Article_section_sortAt_id_idx'],
  'list by common tag': ['ArticleFacet_pkey'],
  'list by rare tag': ['ArticleFacet_pkey'],
  'list by byline': ['ArticleFacet_pkey'],
  'deep page of common tag': ['ArticleFacet_pkey'],
  // A word of most stories: the newest are read in order until enough match, or the index's
  // matches AND the latest window's stories.
  'search common word': [
    'Article_sortAt_id_idx|Article_status_sortAt_id_idx|Article_searchVector_idx',
  ],
  'search rare word': ['Article_searchVector_idx'],
  feed: ['Article_status_sortAt_id_idx'],
  'feed by tag': ['ArticleFacet_pkey'],
  'recommendations (stored ranking)': [
    'Article_slug_key',
    'RelatedList_pkey',
    'Article_relatedChangedAt_idx',
  ],
  'recommendations (ranking from scratch)': ['ArticleFacet_pkey'],
  'recommendations (store ranking)': ['ArticleFacet_pkey'],
  'import: the articles a batch updates': ['Article_pkey'],
  'sitemap index': ['Article_status_publishedAt_trashedAt_updatedAt_idx'],
  'monthly sitemap': ['Article_status_publishedAt_trashedAt_updatedAt_idx'],
  'news sitemap': ['Article_status_publishedAt_trashedAt_updatedAt_idx'],
}

const readsWholeArticleTable = (nodes: PlanNode[]) =>
  nodes.filter((n) => n['Node Type'] === 'Seq Scan' && n['Relation Name'] === 'Article')

describe.skipIf(!templateUrl)('the hot statements on a 30,000-story archive', () => {
  let db: TestDatabase
  let client: pg.Client
  let statements: HotStatement[]

  beforeAll(async () => {
    db = await openTestDatabase()
    client = new pg.Client({ connectionString: db.url! })
    await client.connect()
    await fillArchive(client, { articles: 30_000, sections: 30, tags: 2_000, bylines: 300 })
    const now = new Date()
    const one = async <T>(text: string, values: unknown[] = []) =>
      (await client.query(text, values)).rows[0] as T
    const article = await one<{
      id: string
      slug: string
      section: string
      tags: string[]
      query: string | null
    }>(
      `SELECT id, slug, section, tags, ${HEADLINE_QUERY_SQL} AS query FROM "Article" WHERE status = 'published' AND cardinality(tags) > 1
       ORDER BY "sortAt" DESC LIMIT 1 OFFSET 100`,
    )
    const writers = await client.query<{ bylineId: string }>(
      `SELECT "bylineId" FROM "ArticleByline" WHERE "articleId" = $1`,
      [article.id],
    )
    const deep = await one<{ sortAt: Date; id: string }>(
      `SELECT "sortAt", id FROM "Article" WHERE status = 'published' AND tags @> ARRAY['tag-1']
       ORDER BY "sortAt" DESC, id DESC OFFSET 2000 LIMIT 1`,
    )
    statements = await hotStatements({
      now,
      article: { ...article, writers: writers.rows.map((r) => r.bylineId) },
      commonTag: 'tag-1',
      rareTag: 'tag-1500',
      section: 'section-1',
      byline: 'byline-1',
      deepCursor: deep,
      commonWord: 'word1',
      rareWord: 'word2900',
    })
    // Stored rankings, as a site that has been read for a while has them.
    await client.query(
      `INSERT INTO "RelatedList" ("sourceId", "computedAt") SELECT id, now() FROM "Article"; ANALYZE "RelatedList"`,
    )
  }, 120_000)

  afterAll(async () => {
    await client?.end()
    await db?.close()
  })

  it('covers every hot statement', () => {
    const names = new Set(statements.map((s) => s.name.replace(/ #\d+$/, '')))
    expect([...names].sort()).toEqual(Object.keys(EXPECTED).sort())
  })

  for (const [name, indexes] of Object.entries(EXPECTED)) {
    // Statements planned per execution never get a generic plan (see plannedPerExecution).
    const modes = name.startsWith('search')
      ? (['custom'] as const)
      : (['custom', 'generic'] as const)
    for (const mode of modes) {
      it(`${name}: ${mode} plan reads ${indexes.join(', ')} and never the whole Article table`, async () => {
        const own = statements.filter((s) => s.name.replace(/ #\d+$/, '') === name)
        const nodes = (await Promise.all(own.map((s) => explainNodes(client, s.sql, mode)))).flat()
        expect(readsWholeArticleTable(nodes)).toEqual([])
        const used = new Set(nodes.map((n) => n['Index Name']).filter(Boolean))
        for (const index of indexes)
          expect(
            index.split('|').filter((name) => used.has(name)),
            `${index} in ${[...used]}`,
          ).not.toEqual([])
      })
    }
  }
})
