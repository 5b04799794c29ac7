import type { Db } from '../../db/client.js'
import { Prisma } from '../../db/generated/client.js'
import { renderMarkdown } from '../../lib/markdown.js'
import { uuidv7 } from '../../lib/uuid.js'
import type { Actor } from '../audit/audit-actor.js'
import { auditInsert } from '../audit/audit.service.js'
import type { ArticleRow } from '../articles/store/article-mapper.js'
import type { bodyFields } from '../articles/store/article-writes.js'
import { snapshotOf } from '../articles/store/article-writes.js'
import type { ImportRecord } from './import-record.js'
import type { ImportRefs } from './import-refs.js'
import { BatchSlugs, derivedBase } from './import-slugs.js'

/** A valid record of the file, with where it was, the hash of its content and its rendered body. */
export interface Prepared {
  at: string
  record: ImportRecord
  hash: string
  body: ReturnType<typeof bodyFields>
}
export interface Skip {
  at: string
  field: string
  message: string
}
export interface BatchResult {
  imported: number
  updated: number
  unchanged: number
  skips: Skip[]
}

/** An article a record updates: found by its sourceId, else by its id. */
interface Target {
  id: string
  version: number
  slug: string
  publishedAt: Date | null
  createdAt: Date
  sourceId: string | null
  recordHash: string | null
}

interface Write {
  item: Prepared
  target: Target | undefined
  row: ArticleRow
  redirects: string[]
}

/**
 * A batch's rows as one parameter, read with `jsonb_populate_recordset(…, ${rows}::jsonb)`. Sent
 * as bytes: the client serializes a raw query's parameters to JSON and parses them back, which for
 * a string of megabytes costs more than the statement's own Node time; bytes pass as base64.
 */
const json = (value: unknown) =>
  Prisma.sql`convert_from(${Buffer.from(JSON.stringify(value))}, 'UTF8')`

/** The articles a batch's records update: by source id, or by the id a record gives. */
export function findTargets(
  tx: Db,
  records: readonly { sourceId: string; id?: string | null }[],
): Promise<Target[]> {
  const sourceIds = records.map((r) => r.sourceId)
  const ids = records.flatMap((r) => (r.id ? [r.id] : []))
  // Two look-ups by index joined to Article: with `… OR a.id = ANY(…)` the generic plan the
  // prepared statement settles on after five batches scans Article, a cost growing with the archive.
  return tx.$queryRaw<Target[]>`
    WITH wanted AS (
      SELECT "articleId" AS id FROM "ArticleSource" WHERE "sourceId" = ANY(${sourceIds}::text[])
      UNION SELECT unnest(${ids}::uuid[]))
    SELECT a.id, a.version, a.slug, a."publishedAt", a."createdAt", s."sourceId", s."recordHash"
    FROM wanted JOIN "Article" a ON a.id = wanted.id
    LEFT JOIN "ArticleSource" s ON s."articleId" = a.id`
}

/** The row a record becomes: its own fields, its resolved references, version and dates. */
function rowOf(
  { record, body }: Prepared,
  id: string,
  slug: string,
  target: Target | undefined,
  refs: ImportRefs,
  now: Date,
): ArticleRow {
  const date = (value: string | null | undefined) => (value ? new Date(value) : null)
  const createdAt = date(record.createdAt) ?? target?.createdAt ?? date(record.publishedAt) ?? now
  const publishedAt = date(record.publishedAt) ?? (record.status === 'published' ? createdAt : null)
  const version = (target?.version ?? 0) + 1
  const notes = record.notes
    .map((note) => ({
      id: note.id ?? uuidv7(),
      kind: note.kind,
      text: note.text,
      textHtml: renderMarkdown(note.text),
      displayedAt: new Date(note.displayedAt).toISOString(),
      revision: note.revision ?? version,
      createdAt: new Date(note.createdAt ?? note.displayedAt).toISOString(),
    }))
    .sort((a, b) => b.displayedAt.localeCompare(a.displayedAt) || b.id.localeCompare(a.id))
  return {
    id,
    slug,
    headline: record.headline,
    dek: record.dek ?? null,
    ...body,
    section: record.section ? refs.slugOf('section', record.section) : null,
    tags: [...new Set(record.tags.map((tag) => refs.slugOf('tag', tag)))],
    language: record.language,
    heroImage: record.heroImage ?? null,
    canonicalUrl: record.canonicalUrl ?? null,
    creditLine: record.creditLine ?? null,
    sponsorship: record.sponsorship ?? null,
    status: record.status,
    publishedAt,
    sortAt: publishedAt ?? createdAt,
    version,
    createdAt,
    updatedAt: date(record.updatedAt) ?? (target ? now : createdAt),
    trashedAt: date(record.trashedAt),
    displayedUpdatedAt: date(record.displayedUpdatedAt),
    notes,
    embargoUntil: date(record.embargoUntil),
    bylines: record.bylines.map(({ slug, role }) => ({ role, byline: refs.byline(slug) })),
  }
}

/**
 * Writes one batch of valid records in the caller's transaction: new articles inserted, changed
 * ones updated (a new version), unchanged ones (same record hash) left alone, each written one
 * with its first or next revision; one statement per table, one audit entry for the batch. A
 * record whose slug or old slug belongs to another article is skipped whole.
 */
export async function writeBatch(
  tx: Db,
  items: readonly Prepared[],
  context: { refs: ImportRefs; actor: Actor; jobId: string; now: Date },
): Promise<BatchResult> {
  const { refs, now } = context
  const result: BatchResult = { imported: 0, updated: 0, unchanged: 0, skips: [] }
  const targets = await findTargets(
    tx,
    items.map((i) => i.record),
  )
  const bySource = new Map(targets.flatMap((t) => (t.sourceId ? [[t.sourceId, t] as const] : [])))
  const byId = new Map(targets.map((t) => [t.id, t]))

  const changed: { item: Prepared; target: Target | undefined; id: string }[] = []
  for (const item of items) {
    const { record } = item
    const target = bySource.get(record.sourceId) ?? (record.id ? byId.get(record.id) : undefined)
    if (target?.sourceId && target.sourceId !== record.sourceId) {
      result.skips.push({
        at: item.at,
        field: 'id',
        message: `This article was imported from another record (sourceId "${target.sourceId}")`,
      })
    } else if (target?.recordHash === item.hash) {
      result.unchanged++
    } else {
      changed.push({ item, target, id: target?.id ?? record.id ?? uuidv7() })
    }
  }
  if (changed.length === 0) return result

  const slugs = await BatchSlugs.load(
    tx,
    changed.flatMap(({ item: { record }, target }) => [
      record.slug ?? target?.slug ?? derivedBase(record.headline),
      ...record.oldSlugs,
    ]),
  )
  const placed: (Omit<Write, 'row'> & { id: string; slug: string })[] = []
  for (const { item, target, id } of changed) {
    const { record } = item
    const wanted = record.slug ?? target?.slug
    if (wanted !== undefined && !slugs.freeFor(wanted, id)) {
      result.skips.push({
        at: item.at,
        field: 'slug',
        message: `"${wanted}" belongs to another article`,
      })
      continue
    }
    const taken = record.oldSlugs.findIndex((old) => !slugs.freeFor(old, id))
    if (taken >= 0) {
      result.skips.push({
        at: item.at,
        field: `oldSlugs.${taken}`,
        message: `"${record.oldSlugs[taken]}" belongs to another article`,
      })
      continue
    }
    const slug = wanted ?? (await slugs.derive(record.headline, id))
    // As when an editor changes the slug: a published story's previous one keeps resolving.
    const moved = target && target.slug !== slug && target.publishedAt ? [target.slug] : []
    const redirects = [...new Set([...record.oldSlugs, ...moved])].filter((s) => s !== slug)
    slugs.claim([slug, ...redirects], id)
    placed.push({ item, target, id, slug, redirects })
  }
  if (placed.length === 0) return result
  // Only now, for the records that will be written: a skipped record creates no section, tag or byline.
  await refs.resolve(
    tx,
    placed.map((p) => p.item.record),
  )
  const writes = placed.map(({ item, target, id, slug, redirects }) => ({
    item,
    target,
    redirects,
    row: rowOf(item, id, slug, target, refs, now),
  }))
  await insertRows(tx, writes, context)
  for (const w of writes) w.target ? result.updated++ : result.imported++
  return result
}

async function insertRows(
  tx: Db,
  writes: Write[],
  { actor, jobId, now }: { actor: Actor; jobId: string; now: Date },
) {
  const rows = writes.map((w) => w.row)
  const updatedIds = writes.flatMap((w) => (w.target ? [w.row.id] : []))
  const { bylines: _credits, ...columns } = rows[0] as ArticleRow
  const names = Object.keys(columns).map((c) => `"${c}"`)
  await tx.$executeRaw(Prisma.sql`
    INSERT INTO "Article" (${Prisma.raw(names.join(', '))})
    SELECT ${Prisma.raw(names.join(', '))} FROM jsonb_populate_recordset(NULL::"Article", ${json(rows.map(({ bylines, ...row }) => row))}::jsonb)
    ON CONFLICT (id) DO UPDATE SET ${Prisma.raw(
      names
        .filter((n) => n !== '"id"')
        .map((n) => `${n} = EXCLUDED.${n}`)
        .join(', '),
    )}`)
  if (updatedIds.length > 0) {
    for (const table of ['ArticleByline', 'ArticleNote', 'ArticleKill'])
      await tx.$executeRaw(
        Prisma.sql`DELETE FROM ${Prisma.raw(`"${table}"`)} WHERE "articleId" = ANY(${updatedIds}::uuid[])`,
      )
  }
  const credits = rows.flatMap((r) =>
    r.bylines.map((c, position) => ({
      articleId: r.id,
      position,
      bylineId: c.byline.id,
      role: c.role,
    })),
  )
  await insertJson(tx, 'ArticleByline', credits)
  // A story taking back one of its own old slugs: it is no longer a redirect.
  await tx.$executeRaw`DELETE FROM "ArticleSlugRedirect" WHERE slug = ANY(${rows.map((r) => r.slug)}::text[])`
  await insertJson(
    tx,
    'ArticleSlugRedirect',
    writes.flatMap((w) =>
      w.redirects.map((slug) => ({ slug, articleId: w.row.id, createdAt: now })),
    ),
    'ON CONFLICT (slug) DO NOTHING',
  )
  const by = { keyId: actor.keyId, keyName: actor.keyName }
  await insertJson(
    tx,
    'ArticleNote',
    rows.flatMap((r) =>
      (r.notes as { id: string }[]).map((note) => ({ ...note, articleId: r.id, ...by })),
    ),
  )
  await insertJson(
    tx,
    'ArticleKill',
    writes.flatMap(({ item: { record }, row }) =>
      record.status === 'killed'
        ? [{ articleId: row.id, ...by, ...(record.kill ?? defaultKill(row.updatedAt)) }]
        : [],
    ),
  )
  await insertJson(
    tx,
    'ArticleSource',
    writes.map((w) => ({
      articleId: w.row.id,
      sourceId: w.item.record.sourceId,
      recordHash: w.item.hash,
      importedAt: now,
    })),
    'ON CONFLICT ("articleId") DO UPDATE SET "sourceId" = EXCLUDED."sourceId", "recordHash" = EXCLUDED."recordHash", "importedAt" = EXCLUDED."importedAt"',
  )
  // One revision per story written: the first one makes the importing key its creator (see
  // contributor-rules.ts); an update adds the next.
  await insertJson(
    tx,
    'ArticleRevision',
    rows.map((r) => ({
      articleId: r.id,
      version: r.version,
      snapshot: snapshotOf(r),
      ...by,
      createdAt: r.updatedAt,
    })),
  )
  await tx.$executeRaw(auditInsert(actor, 'import.batch', 'import', jobId))
}

/** A killed story needs why and what readers are told; an archive may not say. */
const defaultKill = (at: Date) => ({
  reason: 'Imported as killed',
  notice: 'This story has been removed.',
  killedAt: at.toISOString(),
})

/** Inserts rows given as JSON objects with the table's column names, in one statement. */
async function insertJson(tx: Db, table: string, rows: object[], onConflict = '') {
  if (rows.length === 0) return
  const names = Object.keys(rows[0] as object)
    .map((c) => `"${c}"`)
    .join(', ')
  await tx.$executeRaw(Prisma.sql`
    INSERT INTO ${Prisma.raw(`"${table}"`)} (${Prisma.raw(names)})
    SELECT ${Prisma.raw(names)} FROM jsonb_populate_recordset(NULL::${Prisma.raw(`"${table}"`)}, ${json(rows)}::jsonb)
    ${Prisma.raw(onConflict)}`)
}
