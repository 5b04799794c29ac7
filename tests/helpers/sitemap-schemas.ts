import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { validateXML } from 'xmllint-wasm'

// Validation by libxml2 compiled to WebAssembly (xmllint-wasm): the same checks as the xmllint
// command, with nothing to install beside npm ci.

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../fixtures/sitemaps')
const schemaFile = (fileName: string, path: string) => ({
  fileName,
  contents: readFileSync(path, 'utf8'),
})

/** The official sitemaps.org sitemap.xsd, as the `sitemap` package ships it. */
const SITEMAP_XSD = schemaFile(
  'sitemap.xsd',
  join(
    dirname(createRequire(import.meta.url).resolve('sitemap/package.json')),
    'schema/sitemap.xsd',
  ),
)
const fixture = (name: string) => schemaFile(name, join(FIXTURES, name))

const SCHEMAS = {
  /** A sitemap index. */
  index: { schema: fixture('siteindex.xsd'), preload: [SITEMAP_XSD] },
  /** A sitemap of pages. */
  urlset: { schema: SITEMAP_XSD, preload: [] },
  /** A sitemap with Google News tags. */
  news: {
    schema: fixture('news-sitemap.xsd'),
    preload: [SITEMAP_XSD, fixture('sitemap-news.xsd')],
  },
}

/** The schema errors of a sitemap document (none: valid). */
export async function sitemapErrors(xml: string, kind: keyof typeof SCHEMAS): Promise<string[]> {
  const { schema, preload } = SCHEMAS[kind]
  const result = await validateXML({
    xml: [{ fileName: 'sitemap.xml', contents: xml }],
    schema,
    preload,
  })
  return result.errors.map((e) => e.rawMessage)
}
