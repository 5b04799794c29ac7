import type pg from 'pg'

// An archive of many stories made in SQL (generate_series), for tests of query plans: what a
// plan looks like depends on how many rows there are and how their values spread, so these
// follow a newsroom's archive — twenty years of stories, Zipf-like tag, byline and word
// popularity, most stories cold — with short bodies to keep it fast.

export interface ArchiveShape {
  articles: number
  sections: number
  tags: number
  bylines: number
}

/** Sections `section-N`, tags `tag-N` (tag-1 the most used), bylines `byline-N`, stories `story-N-…`. */
export async function fillArchive(client: pg.Client, shape: ArchiveShape): Promise<void> {
  const { articles, sections, tags, bylines } = shape
  await client.query('BEGIN')
  // The same archive every run, and so the same plans.
  await client.query('SELECT setseed(0.25)')
  await client.query(`
    INSERT INTO "Section" (id, slug, name, position)
      SELECT gen_random_uuid(), 'section-' || s, 'Section ' || s, s FROM generate_series(1, ${sections}) s;
    INSERT INTO "Tag" (id, slug, name)
      SELECT gen_random_uuid(), 'tag-' || t, 'Tag ' || t FROM generate_series(1, ${tags}) t;
    INSERT INTO "Byline" (id, slug, name)
      SELECT gen_random_uuid(), 'byline-' || b, 'Writer ' || b FROM generate_series(1, ${bylines}) b;`)
  // Words: 'word1' is the most common; a body is 60 of them, a headline 8.
  await client.query(`
    CREATE TEMPORARY TABLE words ON COMMIT DROP AS
      SELECT n, 'word' || n AS w FROM generate_series(1, 3000) n;
    CREATE TEMPORARY TABLE paragraphs ON COMMIT DROP AS
      SELECT p, array_to_string(ARRAY(
        SELECT w FROM (SELECT 1 + floor(3000 * random() ^ 2.5 + p * 0)::int AS n FROM generate_series(1, 60)) x
        JOIN words USING (n)), ' ') AS text
      FROM generate_series(0, 999) p;`)
  await client.query(`
    INSERT INTO "Article" (id, slug, headline, dek, body, "bodyHtml", section, tags, status, "publishedAt", "sortAt",
      "createdAt", "updatedAt")
    SELECT gen_random_uuid(), 'story-' || x.g, substr(h.text, 1, 60), substr(h.text, 61, 80), b.text, '<p>' || b.text || '</p>',
      'section-' || (1 + floor(${sections} * x.r3 ^ 1.5))::int, x.tags,
      (CASE WHEN x.r2 < 0.98 THEN 'published' ELSE 'draft' END)::"ArticleStatus",
      CASE WHEN x.r2 < 0.98 THEN x.created END, x.created, x.created, x.created
    FROM (
      SELECT g, random() AS r2, random() AS r3,
        date_trunc('milliseconds', now() - interval '20 years' * (random() ^ 1.3)) AS created,
        ARRAY(SELECT DISTINCT 'tag-' || least(${tags}, floor(exp(random() * ln(${tags} + 1))))::int
              FROM generate_series(1, 1 + g % 3)) AS tags
      FROM generate_series(1, ${articles}) g
    ) x
    JOIN paragraphs h ON h.p = (x.g * 13) % 1000
    JOIN paragraphs b ON b.p = (x.g * 7919) % 1000`)
  // One or two writers each, the first ones far more often than the last.
  await client.query(`
    INSERT INTO "ArticleByline" ("articleId", position, "bylineId", role)
    SELECT a.id, c.position, b.id, 'author'
    FROM (SELECT id, (1 + floor(${bylines} * random() ^ 2))::int AS first, random() < 0.3 AS two FROM "Article") a
    CROSS JOIN LATERAL (SELECT 0 AS position, a.first AS n UNION ALL SELECT 1, a.first % ${bylines} + 1 WHERE a.two) c
    JOIN "Byline" b ON b.slug = 'byline-' || c.n`)
  // The credits' trigger stamped every story as changed just now (see the related_lists
  // migration); in an archive most stories last changed long ago.
  await client.query(`UPDATE "Article" SET "relatedChangedAt" = "createdAt"`)
  await client.query('COMMIT')
  await client.query('ANALYZE')
}
