import type { Db } from '../../../db/client.js'
import { readRows } from '../../../db/raw-reads.js'
import { Prisma } from '../../../db/generated/client.js'
import { creditsOf, limitTo } from '../../../db/sql-fragments.js'
import type {
  ArticleDisplayStatus,
  ArticleDataField,
  ListArticlesQuery,
} from '../articles.schemas.js'
import { byIdOrSlug } from '../../../lib/id-or-slug.js'
import {
  ARTICLE_COLUMNS,
  type ArticleRow,
  EVERY_DATA_FIELD,
  type PartialArticleRow,
} from './article-mapper.js'
import type { Viewer } from '../workflow/article-visibility.js'

// The reads of articles and pages of articles are raw SQL, one statement each with the credits:
// Prisma loads a relation with a statement per table (or, with relationJoins, a JSON join that
// costs about as much to map), and spends about twice the CPU of the same raw query besides.

/**
 * Published stories whose time has come, not in the trash, over the alias `a`. The time is behind
 * a sub-select, which the planner treats as unknown also when planning for given values: nearly
 * every story has come, and a plan that does not depend on the time is one PostgreSQL keeps for
 * every execution instead of planning each afresh (a third of a list's time in PostgreSQL).
 */
const liveSql = (now: Date) =>
  Prisma.sql`a.status = 'published' AND a."publishedAt" <= (SELECT ${now}::timestamptz) AND a."trashedAt" IS NULL`

/**
 * What a viewer may list, over the alias `a`: anonymous readers only live stories; keys the
 * stories with this display status, and without one everything but the trash.
 */
export function listableSql(
  viewer: Viewer,
  status: ArticleDisplayStatus | undefined,
  now: Date,
): Prisma.Sql {
  if (!viewer.keyed) return publicSql(viewer, now)
  const byStatus = statusSql(status, now)
  return viewer.ownKeyId
    ? Prisma.sql`${byStatus} AND ${liveOrOwnSql(viewer.ownKeyId, now)}`
    : byStatus
}

/** Live stories, and for syndication keys also those under embargo, in their sections when limited. */
function publicSql(viewer: Viewer, now: Date): Prisma.Sql {
  const visible = viewer.embargoed
    ? Prisma.sql`((${liveSql(now)}) OR (a.status = 'published' AND a."embargoUntil" > ${now}::timestamptz AND a."trashedAt" IS NULL))`
    : liveSql(now)
  return viewer.sections
    ? Prisma.sql`${visible} AND a.section = ANY(${[...viewer.sections]}::text[])`
    : visible
}

/** Live, or created by this key: the key that wrote an article's first revision created it. */
const liveOrOwnSql = (keyId: string, now: Date) =>
  Prisma.sql`(${liveSql(now)} OR EXISTS (SELECT 1 FROM "ArticleRevision" r
    WHERE r."articleId" = a.id AND r.version = 1 AND r."keyId" = ${keyId}::uuid))`

function statusSql(status: ArticleDisplayStatus | undefined, now: Date): Prisma.Sql {
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

/**
 * The latest sort time of the stories a viewer may list, when it is now: a published story's
 * sortAt is its publishedAt, so the live ones are sorted up to now. A list reads its index from
 * there, skipping the stories scheduled for later instead of reading past every one of them.
 */
export function listedUntil(
  viewer: Viewer,
  status: ArticleDisplayStatus | undefined,
  now: Date,
): Date | undefined {
  const liveOnly = viewer.keyed ? status === 'published' : !viewer.embargoed
  return liveOnly ? now : undefined
}

/** What a viewer may read by id or slug: keys every story, the trashed ones included. */
export function readableSql(viewer: Viewer, now: Date): Prisma.Sql {
  if (!viewer.keyed) return publicSql(viewer, now)
  return viewer.ownKeyId ? liveOrOwnSql(viewer.ownKeyId, now) : Prisma.sql`TRUE`
}

/** The filters of a list, over the alias `a`. */
export function listFiltersSql({
  section,
  tag,
  byline,
  language,
  updatedSince,
  publishedAfter,
  publishedBefore,
}: Pick<
  ListArticlesQuery,
  'section' | 'tag' | 'byline' | 'language' | 'updatedSince' | 'publishedAfter' | 'publishedBefore'
>): Prisma.Sql[] {
  return [
    section ? Prisma.sql`a.section = ${section}` : null,
    tag ? Prisma.sql`a.tags @> ARRAY[${tag}]::text[]` : null,
    language ? Prisma.sql`a.language = ${language}` : null,
    updatedSince ? Prisma.sql`a."updatedAt" >= ${new Date(updatedSince)}::timestamptz` : null,
    publishedAfter ? Prisma.sql`a."publishedAt" >= ${new Date(publishedAfter)}::timestamptz` : null,
    publishedBefore
      ? Prisma.sql`a."publishedAt" < ${new Date(publishedBefore)}::timestamptz`
      : null,
    byline
      ? Prisma.sql`EXISTS (SELECT 1 FROM "ArticleByline" ab JOIN "Byline" b ON b.id = ab."bylineId"
                    WHERE ab."articleId" = a.id AND b.slug = ${byline})`
      : null,
  ].filter((f): f is Prisma.Sql => f !== null)
}

/** A credit as ArticleCredit has it. */
const CREDIT = Prisma.sql`json_build_object('role', ab.role, 'byline', json_build_object('id', b.id, 'name', b.name, 'slug', b.slug, 'kind', b.kind))`

/** The columns of ARTICLE_COLUMNS over the alias `a` (enums as their text); the body columns only when needed. */
const column = ([name, type]: [string, string]) =>
  type.startsWith('"') ? `a."${name}"::text AS "${name}"` : `a."${name}"`
const BODY_COLUMNS: ReadonlySet<string> = new Set(['body', 'bodyHtml'] satisfies ArticleDataField[])
const COLUMNS = Prisma.raw(
  Object.entries(ARTICLE_COLUMNS)
    .filter(([name]) => !BODY_COLUMNS.has(name))
    .map(column)
    .join(', '),
)

/** The name of the article's section, looked up by its slug (unique) for the rows returned only. */
const SECTION_NAME = Prisma.sql`(SELECT s.name FROM "Section" s WHERE s.slug = a.section) AS "sectionName"`

/** The article `ref` (an id or a slug) names, over the alias `a`. */
export function articleRefSql(ref: string): Prisma.Sql {
  const key = byIdOrSlug(ref)
  return 'id' in key ? Prisma.sql`a.id = ${key.id}::uuid` : Prisma.sql`a.slug = ${key.slug}`
}

/** Where the rows of a page come from: every article, or the stories of one facet (see listSourceSql). */
interface PageSource {
  from: Prisma.Sql
  /** The page's order over `alias` (a, or the page's CTE). */
  order: (alias: string) => Prisma.Sql
}

const EVERY_ARTICLE: PageSource = {
  from: Prisma.sql`"Article" a`,
  order: (alias) => Prisma.raw(`ORDER BY ${alias}."sortAt" DESC, ${alias}.id DESC`),
}

/**
 * The articles matching every condition of `where` (with `newest`, the first ones newest first),
 * with the columns `fields` are built from: the body columns and the credits only when needed.
 */
export function selectArticles(
  db: Db,
  fields: ReadonlySet<ArticleDataField>,
  where: Prisma.Sql[],
  newest?: number,
  source: PageSource = EVERY_ARTICLE,
) {
  const columns = [
    COLUMNS,
    ...(fields.has('section') ? [SECTION_NAME] : []),
    ...(fields.has('body') ? [Prisma.raw(column(['body', ARTICLE_COLUMNS.body]))] : []),
    ...(fields.has('bodyHtml') ? [Prisma.raw(column(['bodyHtml', ARTICLE_COLUMNS.bodyHtml]))] : []),
  ]
  const page = Prisma.sql`SELECT ${Prisma.join(columns)} FROM ${source.from} WHERE ${Prisma.join(where, ' AND ')}
    ${newest === undefined ? Prisma.empty : Prisma.sql`${source.order('a')} ${limitTo(newest)}`}`
  if (!fields.has('bylines') && !fields.has('bylineText'))
    return readRows<PartialArticleRow>(db, page)
  return readRows<PartialArticleRow>(
    db,
    Prisma.sql`
    WITH page AS (${page})
    SELECT page.*, COALESCE(credited.credits, '[]') AS bylines
    FROM page LEFT JOIN ${creditsOf(Prisma.sql`(SELECT id FROM page)`, CREDIT)} credited ON credited."articleId" = page.id
    ${newest === undefined ? Prisma.empty : EVERY_ARTICLE.order('page')}`,
  )
}

type ListFilters = Parameters<typeof listFiltersSql>[0]

/** The facet (see ArticleFacet) of a list's tag, else of its byline: null without either. */
function facetSql({ tag, byline }: ListFilters): Prisma.Sql | null {
  if (tag) return Prisma.sql`${`tag:${tag}`}`
  if (byline)
    return Prisma.sql`('byline:' || (SELECT b.id FROM "Byline" b WHERE b.slug = ${byline}))`
  return null
}

/**
 * A page of the articles `visible` selects that pass the list's filters, newest first after
 * `after`. A list of a tag or a byline walks that facet's stories in order (see ArticleFacet), so
 * that its cost does not depend on how many stories the facet has, nor on how deep the page is.
 */
export function selectListPage(
  db: Db,
  fields: ReadonlySet<ArticleDataField>,
  visible: Prisma.Sql,
  filters: ListFilters,
  page: { after?: { at: Date; id: string } | undefined; until?: Date | undefined; limit: number },
) {
  const facet = facetSql(filters)
  // The order's columns: the facet's copies when a facet is read, for its index to give the order.
  const [at, id] = facet ? ['f."sortAt"', 'f."articleId"'] : ['a."sortAt"', 'a.id']
  const bounds = [
    ...(page.until ? [Prisma.sql`${Prisma.raw(at)} <= (SELECT ${page.until}::timestamptz)`] : []),
    ...(page.after
      ? [
          Prisma.sql`(${Prisma.raw(at)}, ${Prisma.raw(id)}) < (${page.after.at}::timestamptz, ${page.after.id}::uuid)`,
        ]
      : []),
  ]
  if (!facet)
    return selectArticles(db, fields, [visible, ...listFiltersSql(filters), ...bounds], page.limit)
  // The facet stands for its filter; the other filters are checked on the stories it gives.
  const rest = listFiltersSql({
    ...filters,
    ...(filters.tag ? { tag: undefined } : { byline: undefined }),
  })
  return selectArticles(
    db,
    fields,
    [Prisma.sql`f.facet = ${facet}`, visible, ...rest, ...bounds],
    page.limit,
    {
      from: Prisma.sql`"ArticleFacet" f JOIN "Article" a ON a.id = f."articleId"`,
      order: (alias) =>
        alias === 'a'
          ? Prisma.raw('ORDER BY f."sortAt" DESC, f."articleId" DESC')
          : EVERY_ARTICLE.order(alias),
    },
  )
}

/**
 * Whole articles (every column, the credits) matching every condition of `where`, with `newest`
 * the first ones newest first: the one way an ArticleRow is read.
 */
export function selectArticleRows(
  db: Db,
  where: Prisma.Sql[],
  newest?: number,
): Promise<ArticleRow[]> {
  return selectArticles(db, EVERY_DATA_FIELD, where, newest) as Promise<ArticleRow[]>
}
