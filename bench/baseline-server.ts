// The raw baseline the benchmark compares the app with: Fastify + pg + hand-written SQL over the
// same tables, answering with the same JSON shape as the app. No cache, no validation library,
// no ORM; one pool of DATABASE_POOL_SIZE connections kept as long as the app keeps its own (the
// bench pauses each server while it measures the others). Run standalone with
//   DATABASE_URL=postgresql://… PORT=3100 tsx bench/baseline-server.ts
import { createHash } from 'node:crypto'
import Fastify from 'fastify'
import MarkdownIt from 'markdown-it'
import pg from 'pg'
import { POOL_IDLE_TIMEOUT_MS } from './product.js'

const url = process.env.DATABASE_URL
if (!url) throw new Error('DATABASE_URL is required')
const pool = new pg.Pool({
  connectionString: url,
  max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
  idleTimeoutMillis: POOL_IDLE_TIMEOUT_MS,
})
pool.on('error', () => {})
const md = new MarkdownIt({ html: false, linkify: true, typographer: false })

type Kind = 'staff' | 'contributor' | 'agency'
interface Credit {
  id: string
  name: string
  slug: string
  kind: Kind
  role: string
}

function joinNames(names: string[]): string {
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`
}

/** "By A, B and C" for the authors; the agency name alone for agency copy; null for nobody. */
function bylineText(credits: Pick<Credit, 'name' | 'kind' | 'role'>[]): string | null {
  const authors = credits.filter((c) => c.role === 'author')
  const credited = authors.length > 0 ? authors : credits.filter((c) => c.kind === 'agency')
  const names = [...new Set(credited.map((c) => c.name.trim()).filter(Boolean))]
  if (names.length === 0) return null
  return credited.every((c) => c.kind === 'agency') ? joinNames(names) : `By ${joinNames(names)}`
}

const WORD = /[\p{L}\p{N}]+(?:['’.-][\p{L}\p{N}]+)*/gu
function wordCount(html: string): number {
  return (
    html
      .replace(/<[^>]*>/g, ' ')
      .replace(/&[a-z]+;|&#\d+;/gi, ' ')
      .match(WORD)?.length ?? 0
  )
}

const VISIBLE = `a.status = 'published' AND a."publishedAt" <= now() AND a."trashedAt" IS NULL`
const CREDITS = `COALESCE((SELECT json_agg(json_build_object('id', b.id, 'name', b.name, 'slug', b.slug, 'kind', b.kind,
    'role', ab.role) ORDER BY ab.position)
  FROM "ArticleByline" ab JOIN "Byline" b ON b.id = ab."bylineId" WHERE ab."articleId" = a.id), '[]') AS bylines`
const COLUMNS = `a.id, a.slug, a.headline, a.dek, a.section, a.tags, a.language, a."heroImage", a."canonicalUrl",
  a."creditLine", a.status, a."publishedAt", a."trashedAt", a."createdAt", a."updatedAt", a.version, a."wordCount",
  a."readingTimeMinutes", a."sortAt", ${CREDITS}`

interface HeroImage {
  url: string
  alt: string
  caption?: string | null
  credit?: string | null
}

interface Row {
  id: string
  slug: string
  headline: string
  dek: string | null
  body?: string
  bodyHtml?: string
  section: string | null
  tags: string[]
  language: string
  heroImage: HeroImage | null
  canonicalUrl: string | null
  creditLine: string | null
  status: string
  publishedAt: Date | null
  trashedAt: Date | null
  createdAt: Date
  updatedAt: Date
  sortAt: Date
  version: number
  wordCount: number
  readingTimeMinutes: number
  bylines: Credit[]
}

function displayStatus(row: Row): string {
  if (row.trashedAt) return 'trashed'
  if (row.status === 'published' && row.publishedAt && row.publishedAt.getTime() > Date.now())
    return 'scheduled'
  return row.status
}

const site = {
  url: (process.env.PUBLIC_SITE_URL ?? 'http://localhost:3000').replace(/\/+$/, ''),
  name: process.env.PUBLIC_SITE_NAME ?? 'Newsroom',
}

/** The schema.org NewsArticle the app sends with a single article. */
function jsonLd(article: ReturnType<typeof toJson>) {
  const url = `${site.url}/articles/${encodeURIComponent(article.slug)}`
  const authors = article.bylines.filter((c) => c.role === 'author')
  const credited = (
    authors.length > 0 ? authors : article.bylines.filter((c) => c.kind === 'agency')
  ).filter((c, i, all) => all.findIndex((o) => o.id === c.id) === i)
  const { publishedAt, updatedAt } = article
  return {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: article.headline,
    ...(article.dek ? { description: article.dek } : {}),
    ...(publishedAt ? { datePublished: publishedAt } : {}),
    dateModified:
      publishedAt && Date.parse(publishedAt) > Date.parse(updatedAt) ? publishedAt : updatedAt,
    ...(credited.length > 0
      ? {
          author: credited.map((c) => ({
            '@type': c.kind === 'agency' ? 'Organization' : 'Person',
            name: c.name,
          })),
        }
      : {}),
    publisher: { '@type': 'Organization', name: site.name, url: site.url },
    ...(article.heroImage ? { image: [article.heroImage.url] } : {}),
    ...(article.section ? { articleSection: article.section } : {}),
    ...(article.tags.length > 0 ? { keywords: article.tags } : {}),
    inLanguage: article.language,
    mainEntityOfPage: { '@type': 'WebPage', '@id': url },
    url,
  }
}

/** A single article as the app sends it: with its structured data. */
function withJsonLd(article: ReturnType<typeof toJson>) {
  return { ...article, jsonLd: jsonLd(article) }
}

/** The app's Article JSON, field for field. */
function toJson(row: Row, withBody: boolean) {
  const bylines = row.bylines.map(({ id, name, slug, kind, role }) => ({
    id,
    name,
    slug,
    kind,
    role,
  }))
  return {
    id: row.id,
    slug: row.slug,
    headline: row.headline,
    dek: row.dek,
    ...(withBody ? { body: row.body, bodyHtml: row.bodyHtml } : {}),
    section: row.section,
    tags: row.tags,
    language: row.language,
    heroImage: row.heroImage ? { caption: null, credit: null, ...row.heroImage } : null,
    canonicalUrl: row.canonicalUrl,
    bylines,
    bylineText: bylineText(bylines),
    creditLine: row.creditLine,
    status: displayStatus(row),
    publishedAt: row.publishedAt?.toISOString() ?? null,
    trashedAt: row.trashedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
    wordCount: row.wordCount,
    readingTimeMinutes: row.readingTimeMinutes,
  }
}

const notFound = (slug: string) => ({
  type: 'urn:newsroom-cms:problem:not-found',
  title: 'Not found',
  status: 404,
  detail: `No article "${slug}".`,
})

const app = Fastify({ logger: false })

app.get('/healthz', async () => ({ status: 'ok' }))
app.get('/readyz', async () => {
  await pool.query('SELECT 1')
  return { status: 'ok' }
})

app.get<{ Params: { slug: string } }>('/v1/articles/:slug', async (request, reply) => {
  const { rows } = await pool.query<Row>(
    `SELECT ${COLUMNS}, a.body, a."bodyHtml" FROM "Article" a WHERE a.slug = $1 AND ${VISIBLE}`,
    [request.params.slug],
  )
  const row = rows[0]
  if (!row)
    return reply.code(404).type('application/problem+json').send(notFound(request.params.slug))
  return reply.header('etag', `"${row.version}"`).send(withJsonLd(toJson(row, true)))
})

app.get<{
  Querystring: {
    limit?: string
    cursor?: string
    q?: string
    section?: string
    tag?: string
    byline?: string
  }
}>('/v1/articles', async (request) => {
  const { limit: rawLimit, cursor, q, section, tag, byline } = request.query
  const limit = Math.min(100, Math.max(1, Number(rawLimit ?? 20) || 20))
  const where = [VISIBLE]
  const params: unknown[] = []
  const param = (value: unknown) => `$${params.push(value)}`
  if (section) where.push(`a.section = ${param(section)}`)
  if (tag) where.push(`a.tags @> ARRAY[${param(tag)}]::text[]`)
  if (byline)
    where.push(`EXISTS (SELECT 1 FROM "ArticleByline" ab JOIN "Byline" b ON b.id = ab."bylineId"
      WHERE ab."articleId" = a.id AND b.slug = ${param(byline)})`)
  // Search as the app ranks it (ts_rank_cd, then newest), without snippets or rank cursors.
  const tsquery = q ? `websearch_to_tsquery('english', ${param(q)})` : ''
  if (q) where.push(`a."searchVector" @@ ${tsquery}`)
  if (cursor && !q) {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [
      string,
      string,
    ]
    where.push(`(a."sortAt", a.id) < (${param(at)}::timestamptz, ${param(id)}::uuid)`)
  }
  const { rows } = await pool.query<Row>(
    `SELECT ${COLUMNS} FROM "Article" a WHERE ${where.join(' AND ')}
       ORDER BY ${q ? `ts_rank_cd(a."searchVector", ${tsquery}) DESC, ` : ''}a."sortAt" DESC, a.id DESC LIMIT ${param(limit + 1)}`,
    params,
  )
  const items = rows.slice(0, limit)
  const last = items.at(-1)
  const nextCursor =
    rows.length > limit && last
      ? Buffer.from(JSON.stringify([last.sortAt.toISOString(), last.id])).toString('base64url')
      : null
  return { items: items.map((r) => toJson(r, false)), page: { limit, nextCursor } }
})

interface SlotRow {
  key: string
  label: string
  capacity: number
  allowSponsored: boolean
  links: { url: string; title: string | null; imageUrl: string | null; sponsor: string }[]
}
interface CardRow {
  slug: string
  headline: string
  dek: string | null
  heroImage: HeroImage | null
  section: string | null
  publishedAt: Date
  shared: number
  credits: Pick<Credit, 'name' | 'kind' | 'role'>[]
}

/** Approximation of the app's recommendations: site-wide sponsored links, then articles by shared tags. */
app.get<{ Params: { slug: string } }>(
  '/v1/articles/:slug/recommendations',
  async (request, reply) => {
    const source = await pool.query<{ id: string; tags: string[] }>(
      `SELECT a.id, a.tags FROM "Article" a WHERE a.slug = $1 AND ${VISIBLE}`,
      [request.params.slug],
    )
    const src = source.rows[0]
    if (!src)
      return reply.code(404).type('application/problem+json').send(notFound(request.params.slug))
    const slots = await pool.query<SlotRow>(
      `SELECT s.key, s.label, s.capacity, s."allowSponsored",
       COALESCE((SELECT json_agg(json_build_object('url', i.url, 'title', COALESCE(i.title, i.url), 'imageUrl', i."imageUrl",
         'sponsor', i.sponsor) ORDER BY i.position)
         FROM "SlotItem" i WHERE i."slotId" = s.id AND i."articleId" IS NULL AND i.url IS NOT NULL AND i.sponsor IS NOT NULL
           AND (i."startsAt" IS NULL OR i."startsAt" <= now()) AND (i."endsAt" IS NULL OR now() < i."endsAt")), '[]') AS links
     FROM "RecommendationSlot" s ORDER BY s.position, s.key`,
    )
    const demand = slots.rows.reduce((n, s) => n + s.capacity, 0)
    const ranked = await pool.query<CardRow>(
      `SELECT a.slug, a.headline, a.dek, a."heroImage", a.section, a."publishedAt",
       cardinality(ARRAY(SELECT unnest(a.tags) INTERSECT SELECT unnest($2::text[]))) AS shared,
       COALESCE((SELECT json_agg(json_build_object('name', b.name, 'kind', b.kind, 'role', ab.role) ORDER BY ab.position)
         FROM "ArticleByline" ab JOIN "Byline" b ON b.id = ab."bylineId" WHERE ab."articleId" = a.id), '[]') AS credits
     FROM "Article" a
     WHERE a.tags && $2::text[] AND a.id <> $1::uuid AND ${VISIBLE}
     ORDER BY shared DESC, a."publishedAt" DESC, a.id DESC LIMIT $3`,
      [src.id, src.tags, demand],
    )
    const cards = ranked.rows
    return {
      slots: slots.rows.map((slot) => {
        const links = slot.allowSponsored ? slot.links.slice(0, slot.capacity) : []
        return {
          key: slot.key,
          label: slot.label,
          items: [
            ...links.map((l) => ({
              type: 'external',
              ...l,
              sponsored: true,
              rel: 'sponsored noopener',
              reason: 'curated',
            })),
            ...cards.splice(0, slot.capacity - links.length).map((c) => ({
              type: 'article',
              slug: c.slug,
              headline: c.headline,
              dek: c.dek,
              heroImage: c.heroImage ? { caption: null, credit: null, ...c.heroImage } : null,
              section: c.section,
              publishedAt: c.publishedAt.toISOString(),
              bylineText: bylineText(c.credits),
              reason: c.shared > 0 ? 'shared-tags' : 'recent',
            })),
          ],
        }
      }),
    }
  },
)

interface CreateBody {
  headline: string
  dek?: string | null
  body?: string
  section?: string | null
  tags?: string[]
  bylines?: { byline: string; role?: string }[]
  status?: 'draft' | 'published'
}

function slugOf(text: string): string {
  return (
    text
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 120) || 'story'
  )
}

/** Key check, then one transaction: resolve the bylines, insert the article and its credits, read it back. */
app.post<{ Body: CreateBody }>('/v1/articles', async (request, reply) => {
  const key = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1]
  const hash = key ? createHash('sha256').update(key).digest('hex') : ''
  const auth = await pool.query(`SELECT role FROM "ApiKey" WHERE hash = $1`, [hash])
  if (auth.rowCount === 0) return reply.code(401).send({ status: 401, title: 'Unauthorized' })
  const input = request.body
  if (typeof input?.headline !== 'string' || !input.headline.trim())
    return reply.code(400).send({ status: 400, title: 'Invalid request' })
  const body = input.body ?? ''
  const bodyHtml = md.render(body)
  const words = wordCount(bodyHtml)
  const credits = input.bylines ?? []
  const client = await pool.connect()
  try {
    await client.query('BEGIN')
    const found = await client.query<{ id: string; slug: string }>(
      `SELECT id, slug FROM "Byline" WHERE slug = ANY($1::text[])`,
      [credits.map((c) => c.byline)],
    )
    const idBySlug = new Map(found.rows.map((r) => [r.slug, r.id]))
    if (credits.some((c) => !idBySlug.has(c.byline))) {
      await client.query('ROLLBACK')
      return reply.code(422).send({ status: 422, title: 'Unknown byline' })
    }
    const inserted = await client.query<{ id: string }>(
      `INSERT INTO "Article" (id, slug, headline, dek, body, "bodyHtml", section, tags, status, "publishedAt", "sortAt",
         "wordCount", "readingTimeMinutes")
       VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7, $8::"ArticleStatus", CASE WHEN $8 = 'published' THEN now() END,
         now(), $9, $10)
       ON CONFLICT (slug) DO NOTHING RETURNING id`,
      [
        slugOf(input.headline),
        input.headline,
        input.dek ?? null,
        body,
        bodyHtml,
        input.section ?? null,
        input.tags ?? [],
        input.status ?? 'draft',
        words,
        Math.ceil(words / 230),
      ],
    )
    const id = inserted.rows[0]?.id
    if (!id) {
      await client.query('ROLLBACK')
      return reply.code(409).send({ status: 409, title: 'Slug taken' })
    }
    await client.query(
      `INSERT INTO "ArticleByline" ("articleId", position, "bylineId", role)
       SELECT $1, t.position - 1, t.byline, t.role::"BylineRole" FROM unnest($2::uuid[], $3::text[]) WITH ORDINALITY AS t(byline, role, position)`,
      [id, credits.map((c) => idBySlug.get(c.byline)), credits.map((c) => c.role ?? 'author')],
    )
    const { rows } = await client.query<Row>(
      `SELECT ${COLUMNS}, a.body, a."bodyHtml" FROM "Article" a WHERE a.id = $1`,
      [id],
    )
    await client.query('COMMIT')
    const row = rows[0]!
    return reply
      .code(201)
      .header('etag', `"${row.version}"`)
      .send(withJsonLd(toJson(row, true)))
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {})
    throw err
  } finally {
    client.release()
  }
})

const close = async () => {
  await app.close()
  await pool.end()
  process.exit(0)
}
process.once('SIGTERM', close)
process.once('SIGINT', close)

await app.listen({ port: Number(process.env.PORT ?? 3100), host: process.env.HOST ?? '127.0.0.1' })
