import type { Db } from '../../db/client.js'
import type { Changed } from '../../db/change-feed.js'
import { resourceKeys, surrogateKey } from '../../db/resource-keys.js'
import { Prisma } from '../../db/generated/client.js'
import { taxonomySlug } from '../../lib/slug.js'
import { uuidv7 } from '../../lib/uuid.js'

/** What a tag's change reports: the tag by id and slug, and every list of tags. */
export const tagKeys = (tag: { id: string; slug: string }) => [
  ...resourceKeys('tag', tag.id),
  surrogateKey('tag', tag.slug),
]

/**
 * The slugs of the tags an article names, in its order and without repeats: an existing tag's
 * slug, an old slug of one (renamed or merged), or its name in any case; any other name creates
 * the tag (its slug derived from the name), reported to `changed` with a `tag.created` event.
 */
export async function resolveTags(
  db: Db,
  names: readonly string[],
  changed: Changed,
): Promise<{ slugs: string[] }> {
  if (names.length === 0) return { slugs: [] }
  const wanted = names.map((name) => ({ name: name.trim(), slug: taxonomySlug(name) }))
  const slugs = wanted.map((w) => w.slug)
  const lowered = wanted.map((w) => w.name.toLowerCase())
  const found = await db.$queryRaw<
    { via: 'slug' | 'name'; key: string; slug: string }[]
  >(Prisma.sql`
    SELECT 'slug' AS via, t.slug AS key, t.slug FROM "Tag" t WHERE t.slug = ANY(${slugs}::text[])
    UNION ALL SELECT 'slug', r.slug, t.slug FROM "TagSlugRedirect" r JOIN "Tag" t ON t.id = r."tagId" WHERE r.slug = ANY(${slugs}::text[])
    UNION ALL SELECT 'name', lower(t.name), t.slug FROM "Tag" t WHERE lower(t.name) = ANY(${lowered}::text[])`)
  const bySlug = new Map(found.filter((f) => f.via === 'slug').map((f) => [f.key, f.slug]))
  const byName = new Map(found.filter((f) => f.via === 'name').map((f) => [f.key, f.slug]))
  const resolved = wanted.map((w) => ({
    ...w,
    existing: bySlug.get(w.slug) ?? byName.get(w.name.toLowerCase()),
  }))
  const missing = [
    ...new Map(resolved.filter((r) => r.existing === undefined).map((r) => [r.slug, r])).values(),
  ]
  if (missing.length > 0) {
    const created = await db.$queryRaw<{ id: string; slug: string; version: number }[]>(Prisma.sql`
      INSERT INTO "Tag" (id, slug, name)
      SELECT * FROM unnest(${missing.map(() => uuidv7())}::uuid[], ${missing.map((m) => m.slug)}::text[], ${missing.map((m) => m.name)}::text[])
      ON CONFLICT (slug) DO NOTHING
      RETURNING id::text, slug, version`)
    for (const tag of created) {
      changed(...tagKeys(tag))
      changed.event({
        type: 'tag.created',
        resource: { type: 'tag', ...tag },
        tags: tagKeys(tag),
      })
    }
  }
  return { slugs: [...new Set(resolved.map((r) => r.existing ?? r.slug))] }
}
