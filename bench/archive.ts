// The bench's archive as the product's importer reads it: NDJSON, one article per line in the
// API's create shape plus the fields an import needs (sourceId, id, status, dates), bylines by
// slug with their names, section and tags by slug with their names.
import { once } from 'node:events'
import { createWriteStream } from 'node:fs'
import type { SeedArticle, SeedByline } from './data.js'

const titleOf = (slug: string) => {
  const words = slug.replace(/-/g, ' ')
  return `${words.charAt(0).toUpperCase()}${words.slice(1)}`
}

/** One line of the archive (without its newline). */
export function importLine(article: SeedArticle, bylines: ReadonlyMap<string, SeedByline>): string {
  return JSON.stringify({
    sourceId: `bench:${article.id}`,
    id: article.id,
    slug: article.slug,
    headline: article.headline,
    dek: article.dek,
    body: article.body,
    section: { slug: article.section, name: titleOf(article.section) },
    tags: article.tags.map((slug) => ({ slug, name: titleOf(slug) })),
    heroImage: article.heroImage,
    creditLine: article.creditLine,
    status: article.status,
    publishedAt: article.publishedAt?.toISOString() ?? null,
    createdAt: article.createdAt.toISOString(),
    updatedAt: article.createdAt.toISOString(),
    bylines: article.credits.map((credit) => {
      const byline = bylines.get(credit.bylineId)
      if (!byline) throw new Error(`credit of an unknown byline ${credit.bylineId}`)
      return { slug: byline.slug, name: byline.name, kind: byline.kind, role: credit.role }
    }),
  })
}

/** Writes `articles` to `path` as NDJSON, streaming (a million do not fit in memory as text). */
export async function writeArchive(
  path: string,
  articles: Iterable<SeedArticle>,
  bylines: SeedByline[],
): Promise<{ articles: number; bytes: number; bodyBytes: number }> {
  const byId = new Map(bylines.map((b) => [b.id, b]))
  const out = createWriteStream(path)
  let count = 0
  let bytes = 0
  let bodyBytes = 0
  for (const article of articles) {
    bodyBytes += Buffer.byteLength(article.body)
    const line = `${importLine(article, byId)}\n`
    bytes += Buffer.byteLength(line)
    count++
    if (!out.write(line)) await once(out, 'drain')
  }
  out.end()
  await once(out, 'finish')
  return { articles: count, bytes, bodyBytes }
}
