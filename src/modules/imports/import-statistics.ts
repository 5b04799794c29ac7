import type { Db } from '../../db/client.js'

/** The tables an import fills, whose statistics the triggers' statements are planned from. */
const TABLES = ['Article', 'ArticleByline', 'ArticleFacet', 'ArticleCredits', 'ArticleSource']

/**
 * Keeps the planner's idea of the tables an import fills current. The triggers' statements are
 * planned once per connection and kept until the tables' statistics change; planned while an
 * import's first batch goes into an empty database they join by scanning Article, and without
 * autovacuum (or before it wakes) they kept doing so: a batch's credits went from 70 to 400 ms
 * over 200,000 stories. An ANALYZE each time the stories have doubled since the last one
 * (about twenty for a million, none for a small import into a large archive) replans them.
 */
export class ImportStatistics {
  private analyzedRows: number

  private constructor(private rows: number) {
    this.analyzedRows = rows
  }

  static async load(db: Db): Promise<ImportStatistics> {
    const [row] = await db.$queryRaw<{ rows: number }[]>`
      SELECT greatest(reltuples, 0)::float8 AS rows FROM pg_class WHERE oid = '"Article"'::regclass`
    return new ImportStatistics(row?.rows ?? 0)
  }

  /** Counts stories written; analyzes in `tx` when they have doubled since the last time. */
  async written(tx: Db, stories: number): Promise<void> {
    this.rows += stories
    if (this.rows - this.analyzedRows < 1_000 || this.rows < 2 * this.analyzedRows) return
    this.analyzedRows = this.rows
    await tx.$executeRawUnsafe(`ANALYZE ${TABLES.map((t) => `"${t}"`).join(', ')}`)
  }
}
