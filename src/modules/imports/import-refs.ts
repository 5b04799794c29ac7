import type { Db } from '../../db/client.js'
import type { BylineKind } from '../../db/generated/client.js'
import { Prisma } from '../../db/generated/client.js'
import { taxonomySlug } from '../../lib/slug.js'
import { uuidv7 } from '../../lib/uuid.js'
import type { ImportRecord, TaxonomyRef } from './import-record.js'

export interface BylineRow {
  id: string
  slug: string
  name: string
  kind: BylineKind
}

/** Where a taxonomy lives: its table and the table of its old slugs. */
const TAXONOMIES = {
  section: { table: '"Section"', redirects: '"SectionSlugRedirect"', fk: '"sectionId"' },
  tag: { table: '"Tag"', redirects: '"TagSlugRedirect"', fk: '"tagId"' },
} as const
type Taxonomy = keyof typeof TAXONOMIES

/** The cache key of a reference: a name or slug as written, or an exact {slug, name}. */
const keyOf = (ref: TaxonomyRef) =>
  typeof ref === 'string' ? `s:${ref.trim().toLowerCase()}` : `o:${ref.slug}`

/**
 * Sections, tags and bylines an import names, resolved for a whole batch in a few statements and
 * remembered for the rest of the import; missing ones are created (unlike the API, which refuses
 * an unknown section). What a batch learns is kept only once its transaction commits (`commit`),
 * so that a rolled-back batch leaves no slug in the cache that the database does not have.
 */
export class ImportRefs {
  private readonly known = { section: new Map<string, string>(), tag: new Map<string, string>() }
  private readonly bylines = new Map<string, BylineRow>()
  private pending = {
    section: new Map<string, string>(),
    tag: new Map<string, string>(),
    bylines: new Map<string, BylineRow>(),
  }

  /** Resolves every reference of `records` (creating what is missing) within `tx`. */
  async resolve(tx: Db, records: readonly ImportRecord[]): Promise<void> {
    this.pending = { section: new Map(), tag: new Map(), bylines: new Map() }
    const sections = records.flatMap((r) => (r.section ? [r.section] : []))
    await this.resolveTaxonomy(tx, 'section', sections)
    await this.resolveTaxonomy(
      tx,
      'tag',
      records.flatMap((r) => r.tags),
    )
    await this.resolveBylines(
      tx,
      records.flatMap((r) => r.bylines),
    )
  }

  commit(): void {
    for (const [k, v] of this.pending.section) this.known.section.set(k, v)
    for (const [k, v] of this.pending.tag) this.known.tag.set(k, v)
    for (const [k, v] of this.pending.bylines) this.bylines.set(k, v)
  }

  slugOf(kind: Taxonomy, ref: TaxonomyRef): string {
    const key = keyOf(ref)
    const slug = this.pending[kind].get(key) ?? this.known[kind].get(key)
    if (slug === undefined) throw new Error(`${kind} ${key} was not resolved`)
    return slug
  }

  byline(slug: string): BylineRow {
    const row = this.pending.bylines.get(slug) ?? this.bylines.get(slug)
    if (!row) throw new Error(`byline ${slug} was not resolved`)
    return row
  }

  private async resolveTaxonomy(tx: Db, kind: Taxonomy, refs: TaxonomyRef[]) {
    const wanted = new Map<string, { slug: string; name?: string; byName: boolean }>()
    for (const ref of refs) {
      const key = keyOf(ref)
      if (this.known[kind].has(key) || wanted.has(key)) continue
      wanted.set(
        key,
        typeof ref === 'string'
          ? { slug: taxonomySlug(ref), name: ref.trim(), byName: true }
          : { slug: ref.slug, name: ref.name, byName: false },
      )
    }
    if (wanted.size === 0) return
    const { table, redirects, fk } = TAXONOMIES[kind]
    const list = [...wanted.values()]
    const slugs = list.map((w) => w.slug)
    const names = list.filter((w) => w.byName).map((w) => (w.name ?? '').toLowerCase())
    const found = await tx.$queryRaw<{ via: string; key: string; slug: string }[]>(Prisma.sql`
      SELECT 'slug' AS via, t.slug AS key, t.slug FROM ${Prisma.raw(table)} t WHERE t.slug = ANY(${slugs}::text[])
      UNION ALL SELECT 'slug', r.slug, t.slug FROM ${Prisma.raw(redirects)} r JOIN ${Prisma.raw(table)} t ON t.id = r.${Prisma.raw(fk)} WHERE r.slug = ANY(${slugs}::text[])
      UNION ALL SELECT 'name', lower(t.name), t.slug FROM ${Prisma.raw(table)} t WHERE lower(t.name) = ANY(${names}::text[])`)
    const bySlug = new Map(found.filter((f) => f.via === 'slug').map((f) => [f.key, f.slug]))
    const byName = new Map(found.filter((f) => f.via === 'name').map((f) => [f.key, f.slug]))
    const missing = new Map<string, string>()
    for (const [key, w] of wanted) {
      const slug =
        bySlug.get(w.slug) ?? (w.byName ? byName.get((w.name ?? '').toLowerCase()) : undefined)
      this.pending[kind].set(key, slug ?? w.slug)
      if (slug === undefined) missing.set(w.slug, w.name ?? w.slug)
    }
    if (missing.size === 0) return
    await tx.$executeRaw(Prisma.sql`
      INSERT INTO ${Prisma.raw(table)} (id, slug, name)
      SELECT * FROM unnest(${[...missing.keys()].map(() => uuidv7())}::uuid[], ${[...missing.keys()]}::text[], ${[...missing.values()]}::text[])
      ON CONFLICT (slug) DO NOTHING`)
  }

  private async resolveBylines(tx: Db, refs: ImportRecord['bylines']) {
    const wanted = new Map<string, { name: string; kind: BylineKind }>()
    for (const ref of refs) {
      if (this.bylines.has(ref.slug) || wanted.has(ref.slug)) continue
      wanted.set(ref.slug, { name: ref.name ?? nameFromSlug(ref.slug), kind: ref.kind ?? 'staff' })
    }
    if (wanted.size === 0) return
    const slugs = [...wanted.keys()]
    const values = [...wanted.values()]
    // Created when missing; an existing byline keeps its name and kind.
    await tx.$executeRaw(Prisma.sql`
      INSERT INTO "Byline" (id, slug, name, kind)
      SELECT id, slug, name, kind::"BylineKind" FROM unnest(${slugs.map(() => uuidv7())}::uuid[], ${slugs}::text[],
        ${values.map((v) => v.name)}::text[], ${values.map((v) => v.kind)}::text[]) AS b(id, slug, name, kind)
      ON CONFLICT (slug) DO NOTHING`)
    const rows = await tx.$queryRaw<BylineRow[]>(Prisma.sql`
      SELECT id, slug, name, kind::text AS kind FROM "Byline" WHERE slug = ANY(${slugs}::text[])`)
    for (const row of rows) this.pending.bylines.set(row.slug, row)
  }
}

/** "ana-ruiz" → "Ana Ruiz": the name of a byline created from a slug alone. */
function nameFromSlug(slug: string): string {
  return slug
    .split('-')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ')
}
