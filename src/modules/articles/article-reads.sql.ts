import type { Db } from '../../db/client.js'
import { Prisma } from '../../db/generated/client.js'
import type { ArticleDisplayStatus, ArticleDataField, ListArticlesQuery } from './articles.schemas.js'
import type { PartialArticleRow } from './articles.mapper.js'
import type { Viewer } from './article-visibility.js'

// The reads of articles and pages of articles are raw SQL, one statement each with the credits:
// Prisma loads a relation with a statement per table (or, with relationJoins, a JSON join that
// costs about as much to map), and spends about twice the CPU of the same raw query besides.

/** Published stories whose time has come, not in the trash, over the alias `a`. */
const liveSql = (now: Date) => Prisma.sql`a.status = 'published' AND a."publishedAt" <= ${now}::timestamptz AND a."trashedAt" IS NULL`

/**
 * What a viewer may list, over the alias `a`: anonymous readers only live stories; keys the
 * stories with this display status, and without one everything but the trash.
 */
export function listableSql(viewer: Viewer, status: ArticleDisplayStatus | undefined, now: Date): Prisma.Sql {
  if (!viewer.keyed) return liveSql(now)
  switch (status) {
    case undefined:
      return Prisma.sql`a."trashedAt" IS NULL`
    case 'trashed':
      return Prisma.sql`a."trashedAt" IS NOT NULL`
    case 'scheduled':
      return Prisma.sql`a.status = 'published' AND a."publishedAt" > ${now}::timestamptz AND a."trashedAt" IS NULL`
    case 'published':
      return liveSql(now)
    default:
      return Prisma.sql`a.status::text = ${status} AND a."trashedAt" IS NULL`
  }
}

/** What a viewer may read by id or slug: keys every story, the trashed ones included. */
export const readableSql = (viewer: Viewer, now: Date) => (viewer.keyed ? Prisma.sql`TRUE` : liveSql(now))

/** The `section`, `tag` and `byline` filters of a list, over the alias `a`. */
export function listFiltersSql({ section, tag, byline }: Pick<ListArticlesQuery, 'section' | 'tag' | 'byline'>): Prisma.Sql[] {
  return [
    section ? Prisma.sql`a.section = ${section}` : null,
    tag ? Prisma.sql`a.tags @> ARRAY[${tag}]::text[]` : null,
    byline
      ? Prisma.sql`EXISTS (SELECT 1 FROM "ArticleByline" ab JOIN "Byline" b ON b.id = ab."bylineId"
                    WHERE ab."articleId" = a.id AND b.slug = ${byline})`
      : null,
  ].filter((f): f is Prisma.Sql => f !== null)
}

/** The credits of `a` in credit order, shaped as articleInclude reads them. */
const CREDITS = Prisma.sql`COALESCE((
  SELECT json_agg(json_build_object('role', ab.role, 'byline', json_build_object('id', b.id, 'name', b.name, 'slug', b.slug, 'kind', b.kind))
    ORDER BY ab.position)
  FROM "ArticleByline" ab JOIN "Byline" b ON b.id = ab."bylineId" WHERE ab."articleId" = a.id), '[]') AS bylines`

const COLUMNS = Prisma.raw(
  `a.id, a.slug, a.headline, a.dek, a.section, a.tags, a.language, a."heroImage", a."canonicalUrl", a."creditLine",
   a.status::text AS status, a."publishedAt", a."sortAt", a."wordCount", a."readingTimeMinutes", a.version, a."createdAt",
   a."updatedAt", a."trashedAt"`,
)

/**
 * The articles matching every condition of `where`, then `rest` (order, limit), with the columns
 * `fields` are built from: the body columns and the credits only when they are needed.
 */
export function selectArticles(db: Db, fields: ReadonlySet<ArticleDataField>, where: Prisma.Sql[], rest = Prisma.empty) {
  const columns = [
    COLUMNS,
    ...(fields.has('body') ? [Prisma.sql`a.body`] : []),
    ...(fields.has('bodyHtml') ? [Prisma.sql`a."bodyHtml"`] : []),
    ...(fields.has('bylines') || fields.has('bylineText') ? [CREDITS] : []),
  ]
  return db.$queryRaw<PartialArticleRow[]>`SELECT ${Prisma.join(columns)} FROM "Article" a WHERE ${Prisma.join(where, ' AND ')} ${rest}`
}
