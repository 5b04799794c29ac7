import { PGlite } from '@electric-sql/pglite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readMigrations } from '../../../src/db/migration-engine.js'
import { taxonomySlug } from '../../../src/lib/slug.js'

// The migration that made sections and tags resources, run on data written before it: every
// distinct section and tag string becomes a row, and the articles point at them, losing nothing.
const MIGRATION = 'sections_and_tags'

let pg: PGlite
beforeAll(async () => {
  pg = new PGlite()
  const dirs = (await readMigrations()).migrationDirectories
  const at = dirs.findIndex((d) => d.path.endsWith(MIGRATION))
  expect(at).toBeGreaterThan(0)
  const sql = (d: (typeof dirs)[number]) =>
    d.migrationFile.content.tag === 'ok' ? d.migrationFile.content.value : ''
  for (const dir of dirs.slice(0, at)) await pg.exec(sql(dir))
  await pg.exec(`
    INSERT INTO "Article" (id, slug, headline, section, tags) VALUES
      (gen_random_uuid(), 'a', 'A', 'world', '{climate change,water,東京}'),
      (gen_random_uuid(), 'b', 'B', 'world', '{climate-change,café}'),
      (gen_random_uuid(), 'c', 'C', 'science-and-tech', '{}'),
      (gen_random_uuid(), 'd', 'D', NULL, '{water}')`)
  const migration = dirs[at]
  if (!migration) throw new Error('no migration')
  await pg.exec(sql(migration))
})
afterAll(() => pg?.close())

const rows = async <T>(query: string) => (await pg.query<T>(query)).rows

describe(`the ${MIGRATION} migration`, () => {
  it('makes a section of every distinct section string, named from it', async () => {
    expect(await rows('SELECT slug, name FROM "Section" ORDER BY slug')).toEqual([
      { slug: 'science-and-tech', name: 'Science And Tech' },
      { slug: 'world', name: 'World' },
    ])
    expect(await rows('SELECT slug, section FROM "Article" ORDER BY slug')).toEqual([
      { slug: 'a', section: 'world' },
      { slug: 'b', section: 'world' },
      { slug: 'c', section: 'science-and-tech' },
      { slug: 'd', section: null },
    ])
  })

  it('makes a tag of every distinct tag, slugged as the app slugs new ones, and points articles at them', async () => {
    const tags = await rows<{ slug: string; name: string }>(
      'SELECT slug, name FROM "Tag" ORDER BY slug',
    )
    expect(tags).toEqual([
      { slug: 'cafe', name: 'café' },
      { slug: 'climate-change', name: 'climate change' },
      { slug: 'water', name: 'water' },
      { slug: '東京', name: '東京' },
    ])
    for (const tag of tags) expect(taxonomySlug(tag.name)).toBe(tag.slug)
    expect(await rows('SELECT slug, tags FROM "Article" ORDER BY slug')).toEqual([
      { slug: 'a', tags: ['climate-change', 'water', '東京'] },
      { slug: 'b', tags: ['climate-change', 'cafe'] },
      { slug: 'c', tags: [] },
      { slug: 'd', tags: ['water'] },
    ])
  })

  it('then refuses an article naming no existing section', async () => {
    await expect(
      pg.exec(
        `INSERT INTO "Article" (id, slug, headline, section) VALUES (gen_random_uuid(), 'e', 'E', 'nowhere')`,
      ),
    ).rejects.toThrow(/foreign key/)
  })
})
