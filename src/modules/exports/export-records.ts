import type { Db } from '../../db/client.js'
import { Prisma } from '../../db/generated/client.js'
import type { ArticleRow } from '../articles/store/article-mapper.js'
import { selectArticleRows } from '../articles/store/article-reads.sql.js'
import type { ArticleNote } from '../articles/notes/article-notes.schemas.js'
import type { ImportRecordInput } from '../imports/import-record.js'

/** Articles per read: a page's rows and bodies are all the memory an export holds. */
const PAGE = 500

/** What an article's row does not carry: where it came from, old slugs, tag names, a kill. */
interface Extras {
  id: string
  sourceId: string | null
  oldSlugs: string[]
  tags: { slug: string; name: string }[]
  kill: { reason: string; notice: string; killedAt: string } | null
}

function extrasOf(db: Db, ids: string[]): Promise<Extras[]> {
  return db.$queryRaw<Extras[]>`
    SELECT a.id,
      (SELECT s."sourceId" FROM "ArticleSource" s WHERE s."articleId" = a.id) AS "sourceId",
      ARRAY(SELECT r.slug FROM "ArticleSlugRedirect" r WHERE r."articleId" = a.id ORDER BY r.slug) AS "oldSlugs",
      (SELECT COALESCE(json_agg(json_build_object('slug', u.slug, 'name', COALESCE(t.name, u.slug)) ORDER BY u.n), '[]')
        FROM unnest(a.tags) WITH ORDINALITY AS u(slug, n) LEFT JOIN "Tag" t ON t.slug = u.slug) AS tags,
      (SELECT json_build_object('reason', k.reason, 'notice', k.notice, 'killedAt', k."killedAt")
        FROM "ArticleKill" k WHERE k."articleId" = a.id) AS kill
    FROM "Article" a WHERE a.id = ANY(${ids}::uuid[])`
}

const iso = (date: Date | null) => date?.toISOString() ?? null

/** An article as an import record: importing it into an empty database makes the same article. */
export function recordOf(row: ArticleRow, extras: Extras): ImportRecordInput {
  return {
    sourceId: extras.sourceId ?? row.id,
    id: row.id,
    slug: row.slug,
    headline: row.headline,
    dek: row.dek,
    body: row.body,
    section: row.section ? { slug: row.section, name: row.sectionName ?? row.section } : null,
    tags: extras.tags,
    language: row.language,
    heroImage: row.heroImage as ImportRecordInput['heroImage'],
    canonicalUrl: row.canonicalUrl,
    bylines: row.bylines.map(({ role, byline }) => ({
      slug: byline.slug,
      name: byline.name,
      kind: byline.kind,
      role,
    })),
    creditLine: row.creditLine,
    sponsorship: row.sponsorship as ImportRecordInput['sponsorship'],
    status: row.status,
    publishedAt: iso(row.publishedAt),
    embargoUntil: iso(row.embargoUntil),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    trashedAt: iso(row.trashedAt),
    displayedUpdatedAt: iso(row.displayedUpdatedAt),
    oldSlugs: extras.oldSlugs,
    notes: (row.notes as ArticleNote[]).map((note) => ({
      id: note.id,
      kind: note.kind,
      text: note.text,
      displayedAt: note.displayedAt,
      createdAt: note.createdAt,
      revision: note.revision,
    })),
    kill: extras.kill && { ...extras.kill, killedAt: new Date(extras.kill.killedAt).toISOString() },
  }
}

/**
 * Every article, in id order, as import records: read a page at a time after the last id
 * (keyset), so that memory stays the same whatever the size of the archive.
 */
export async function* exportRecords(db: Db): AsyncIterable<ImportRecordInput> {
  let after = '00000000-0000-0000-0000-000000000000'
  for (;;) {
    const rows = await selectArticleRows(db, [
      Prisma.sql`a.id IN (SELECT id FROM "Article" WHERE id > ${after}::uuid ORDER BY id LIMIT ${PAGE})`,
    ])
    if (rows.length === 0) return
    rows.sort((a, b) => (a.id < b.id ? -1 : 1))
    const extras = new Map(
      (
        await extrasOf(
          db,
          rows.map((r) => r.id),
        )
      ).map((e) => [e.id, e]),
    )
    for (const row of rows) {
      const more = extras.get(row.id)
      if (more) yield recordOf(row, more)
    }
    after = (rows.at(-1) as ArticleRow).id
  }
}

/** The export as NDJSON lines. */
export async function* exportNdjson(db: Db): AsyncIterable<string> {
  for await (const record of exportRecords(db)) yield `${JSON.stringify(record)}\n`
}
