import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { describe, expect, it } from 'vitest'
import { createArticle, createByline } from '../../helpers/factories.js'
import { problem, type TestContext, useTestApp } from '../../helpers/test-app.js'
import { MINUTE, HOUR, at } from '../../helpers/time.js'

const ctx = useTestApp()

// The clock is reset to this instant before every test.
const SITE = 'http://localhost:3000'

// biome-ignore lint/suspicious/noExplicitAny: parsed XML of any shape
type Xml = Record<string, any>

const REPEATED = new Set(['item', 'entry', 'category', 'author', 'dc:creator'])
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  isArray: (name) => REPEATED.has(name),
})

/** GETs a feed and returns the response with its body as text, whatever the media type. */
async function getFeed(path: string) {
  return ctx.api
    .get(path)
    .buffer(true)
    .parse((res, done) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (text += chunk))
      res.on('end', () => done(null, text))
    })
}

/** Fetches an XML feed, checks that it is well-formed and returns it parsed. */
async function xmlFeed(path: string): Promise<Xml> {
  const res = await getFeed(path)
  expect(res.status, String(res.body)).toBe(200)
  expect(XMLValidator.validate(res.body as string)).toBe(true)
  return parser.parse(res.body as string) as Xml
}

async function jsonFeed(path: string): Promise<Xml> {
  const res = await getFeed(path)
  expect(res.status, String(res.body)).toBe(200)
  return JSON.parse(res.body as string) as Xml
}

const rssItems = async (query = '') =>
  ((await xmlFeed(`/v1/feeds/rss${query}`)).rss.channel.item ?? []) as Xml[]
const rssLinks = async (query = '') => (await rssItems(query)).map((i) => i.link as string)
const linkOf = (slug: string) => `${SITE}/articles/${slug}`

/**
 * Two visible stories (one by a reporter, one agency copy) and one each of the kinds a feed
 * must leave out: a draft, a story scheduled for later, a trashed one and an archived one.
 */
async function newsroom(c: TestContext) {
  const ana = await createByline(c, { name: 'Ana Ruiz', slug: 'ana-ruiz' })
  const li = await createByline(c, { name: 'Li Wei', slug: 'li-wei' })
  const agency = await createByline(c, { name: 'AMPE', slug: 'ampe', kind: 'agency' })
  const river = await createArticle(c, {
    slug: 'river-talks',
    headline: 'Ministers hail “a new chapter” in river talks',
    dek: 'Seven states agree how to share the Serava.',
    body: 'The agreement was signed in *Geneva*.',
    section: 'world',
    tags: ['water', 'diplomacy'],
    bylines: [
      { byline: ana.slug, role: 'author' },
      { byline: li.slug, role: 'author' },
      { byline: agency.slug, role: 'photographer' },
    ],
    status: 'published',
    publishedAt: at(-2 * HOUR),
  })
  const cup = await createArticle(c, {
    slug: 'cup-final',
    headline: 'Late goal settles the cup final',
    body: 'A header in stoppage time.',
    section: 'sport',
    tags: ['football'],
    language: 'es',
    bylines: [{ byline: agency.slug, role: 'author' }],
    status: 'published',
    publishedAt: at(-HOUR),
  })
  await createArticle(c, { slug: 'a-draft', section: 'world', tags: ['water'] })
  await createArticle(c, {
    slug: 'not-yet',
    section: 'world',
    tags: ['water'],
    status: 'published',
    publishedAt: at(HOUR),
  })
  await createArticle(c, {
    slug: 'archived',
    section: 'world',
    status: 'archived',
    publishedAt: at(-3 * HOUR),
  })
  const trashed = await createArticle(c, {
    slug: 'trashed',
    section: 'world',
    tags: ['water'],
    status: 'published',
    publishedAt: at(-MINUTE),
  })
  const del = await c.api
    .delete('/v1/articles/trashed')
    .set('authorization', c.auth.editor)
    .set('if-match', `"${trashed.version}"`)
  expect(del.status).toBe(204)
  return { river, cup }
}

describe('GET /v1/feeds/rss', () => {
  it('is an RSS 2.0 document of the visible stories, newest first, cacheable for a minute', async () => {
    const { river, cup } = await newsroom(ctx)
    const res = await getFeed('/v1/feeds/rss')
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toBe('application/rss+xml; charset=utf-8')
    expect(res.headers['cache-control']).toBe(
      'public, max-age=10, s-maxage=60, stale-while-revalidate=300',
    )
    expect(XMLValidator.validate(res.body as string)).toBe(true)

    const { rss } = parser.parse(res.body as string) as Xml
    expect(rss['@_version']).toBe('2.0')
    expect(rss.channel.title).toBe('Newsroom')
    expect(rss.channel.link).toBe(`${SITE}/`)
    expect(rss.channel.description).toBe('The latest stories from Newsroom')
    expect(rss.channel['atom:link']['@_rel']).toBe('self')
    expect(rss.channel['atom:link']['@_href']).toBe('http://localhost:3000/v1/feeds/rss')
    expect(new Date(rss.channel.lastBuildDate).toISOString()).toBe(cup.displayedUpdatedAt)

    const items = rss.channel.item as Xml[]
    expect(items.map((i) => i.link)).toEqual([linkOf('cup-final'), linkOf('river-talks')])
    const [first, second] = items as [Xml, Xml]
    expect(first.guid).toEqual({ '#text': `urn:uuid:${cup.id}`, '@_isPermaLink': 'false' })
    expect(first.pubDate).toBe(new Date(cup.publishedAt as string).toUTCString())
    expect(first['dc:creator']).toEqual(['AMPE'])
    expect(first.description).toBeUndefined()

    expect(second.title).toBe('Ministers hail “a new chapter” in river talks')
    expect(second.guid['#text']).toBe(`urn:uuid:${river.id}`)
    expect(second.pubDate).toBe(new Date(river.publishedAt as string).toUTCString())
    expect(second.description).toBe('Seven states agree how to share the Serava.')
    expect(second['content:encoded']).toBe(river.bodyHtml)
    expect(second['content:encoded']).toContain('<em>Geneva</em>')
    // Authors only: the agency is credited as photographer here.
    expect(second['dc:creator']).toEqual(['Ana Ruiz', 'Li Wei'])
    expect(second.author).toBeUndefined()
    expect(second.category).toEqual([
      { '#text': 'World', '@_domain': 'urn:newsroom-cms:section' },
      { '#text': 'water', '@_domain': 'urn:newsroom-cms:tag' },
      { '#text': 'diplomacy', '@_domain': 'urn:newsroom-cms:tag' },
    ])
  })

  it('is a valid, empty feed when there is nothing to show', async () => {
    const { rss } = await xmlFeed('/v1/feeds/rss')
    expect(rss.channel.title).toBe('Newsroom')
    expect(rss.channel.item).toBeUndefined()
  })

  it('stays well-formed whatever the text holds, and keeps headlines as plain text', async () => {
    await createArticle(ctx, {
      slug: 'tricky',
      headline: 'Q&A: why <b> and ]]> \u0001break feeds',
      dek: 'Less than < and more than >, "quoted" & ]]> ended',
      body: 'A `<script>` in code & ]]> here',
      status: 'published',
    })
    const [rssItem] = await rssItems()
    expect(rssItem?.title).toBe('Q&A: why <b> and ]]> break feeds')
    expect(rssItem?.description).toBe(
      'Less than &lt; and more than &gt;, "quoted" &amp; ]]&gt; ended',
    )

    const { feed } = await xmlFeed('/v1/feeds/atom')
    // type="html": the entity-escaped markup reads back as the literal headline.
    expect(feed.entry[0].title['#text']).toBe('Q&amp;A: why &lt;b&gt; and ]]&gt; break feeds')
    expect(feed.entry[0].title['@_type']).toBe('html')
  })
})

describe('GET /v1/feeds/atom', () => {
  it('is an Atom 1.0 feed with ids, links, dates, authors and categories', async () => {
    const { river, cup } = await newsroom(ctx)
    const res = await getFeed('/v1/feeds/atom')
    expect(res.headers['content-type']).toBe('application/atom+xml; charset=utf-8')
    expect(res.headers['cache-control']).toBe(
      'public, max-age=10, s-maxage=60, stale-while-revalidate=300',
    )
    expect(XMLValidator.validate(res.body as string)).toBe(true)

    const { feed } = parser.parse(res.body as string) as Xml
    expect(feed['@_xmlns']).toBe('http://www.w3.org/2005/Atom')
    expect(feed.title).toBe('Newsroom')
    expect(feed.id).toMatch(/\/v1\/feeds\/atom$/)
    expect(feed.updated).toBe(cup.displayedUpdatedAt)
    expect(feed.author).toEqual([{ name: 'Newsroom', uri: `${SITE}/` }])
    expect(feed.link.map((l: Xml) => l['@_rel'])).toEqual(['alternate', 'self'])

    const entries = feed.entry as Xml[]
    expect(entries).toHaveLength(2)
    expect(entries.map((e) => e.id)).toEqual([`urn:uuid:${cup.id}`, `urn:uuid:${river.id}`])
    expect(entries.map((e) => e.link['@_href'])).toEqual([
      linkOf('cup-final'),
      linkOf('river-talks'),
    ])
    const entry = entries[1] as Xml
    expect(entry.published).toBe(river.publishedAt)
    expect(entry.updated).toBe(river.displayedUpdatedAt)
    expect(entry.summary['#text']).toBe('Seven states agree how to share the Serava.')
    expect(entry.content['#text']).toBe(river.bodyHtml)
    expect(entry.author).toEqual([{ name: 'Ana Ruiz' }, { name: 'Li Wei' }])
    expect(entry.category.map((c: Xml) => [c['@_term'], c['@_scheme']])).toEqual([
      ['world', 'urn:newsroom-cms:section'],
      ['water', 'urn:newsroom-cms:tag'],
      ['diplomacy', 'urn:newsroom-cms:tag'],
    ])
  })

  it('dates an entry scheduled after its last edit by its publication', async () => {
    const story = await createArticle(ctx, {
      slug: 'timed',
      status: 'published',
      publishedAt: at(30 * MINUTE),
    })
    ctx.clock.advance(HOUR)
    const { feed } = await xmlFeed('/v1/feeds/atom')
    expect(feed.entry[0].updated).toBe(story.publishedAt)
    expect(feed.entry[0].published).toBe(story.publishedAt)
    expect(feed.updated).toBe(story.publishedAt)
  })
})

describe('GET /v1/feeds/json', () => {
  it('is a JSON Feed 1.1 with authors and languages', async () => {
    const { river, cup } = await newsroom(ctx)
    const res = await getFeed('/v1/feeds/json')
    expect(res.headers['content-type']).toBe('application/feed+json; charset=utf-8')
    expect(res.headers['cache-control']).toBe(
      'public, max-age=10, s-maxage=60, stale-while-revalidate=300',
    )

    const feed = JSON.parse(res.body as string) as Xml
    expect(feed.version).toBe('https://jsonfeed.org/version/1.1')
    expect(feed.title).toBe('Newsroom')
    expect(feed.home_page_url).toBe(`${SITE}/`)
    expect(feed.feed_url).toMatch(/\/v1\/feeds\/json$/)
    expect(feed.authors).toEqual([{ name: 'Newsroom', url: `${SITE}/` }])
    expect(feed.author).toBeUndefined()
    expect(feed.language).toBeUndefined() // the stories are in two languages

    expect(feed.items).toEqual([
      {
        id: `urn:uuid:${cup.id}`,
        url: linkOf('cup-final'),
        title: 'Late goal settles the cup final',
        content_html: cup.bodyHtml,
        date_published: cup.publishedAt,
        date_modified: cup.displayedUpdatedAt,
        authors: [{ name: 'AMPE' }],
        tags: ['Sport', 'football'],
        language: 'es',
      },
      {
        id: `urn:uuid:${river.id}`,
        url: linkOf('river-talks'),
        title: 'Ministers hail “a new chapter” in river talks',
        summary: 'Seven states agree how to share the Serava.',
        content_html: river.bodyHtml,
        date_published: river.publishedAt,
        date_modified: river.displayedUpdatedAt,
        authors: [{ name: 'Ana Ruiz' }, { name: 'Li Wei' }],
        tags: ['World', 'water', 'diplomacy'],
        language: 'en',
      },
    ])
  })

  it('gives the hero image and, when every story shares one, the language', async () => {
    await createArticle(ctx, {
      slug: 'pictured',
      status: 'published',
      heroImage: { url: 'https://img.example/harbour.jpg', alt: 'The harbour at dawn' },
    })
    const feed = await jsonFeed('/v1/feeds/json')
    expect(feed.language).toBe('en')
    expect(feed.items[0].image).toBe('https://img.example/harbour.jpg')
    expect(feed.items[0].authors).toBeUndefined() // credited by a credit line only
  })
})

describe('feed filters', () => {
  it('narrows a feed to a section, a tag or both, in every format', async () => {
    await newsroom(ctx)
    await createArticle(ctx, {
      slug: 'world-no-water',
      section: 'world',
      tags: ['energy'],
      status: 'published',
      publishedAt: at(-30 * MINUTE),
    })
    await createArticle(ctx, {
      slug: 'water-elsewhere',
      section: 'science',
      tags: ['water'],
      status: 'published',
      publishedAt: at(-20 * MINUTE),
    })

    expect(await rssLinks('?section=world')).toEqual([
      linkOf('world-no-water'),
      linkOf('river-talks'),
    ])
    expect(await rssLinks('?tag=water')).toEqual([linkOf('water-elsewhere'), linkOf('river-talks')])
    expect(await rssLinks('?tag=%20WATER%20')).toEqual([
      linkOf('water-elsewhere'),
      linkOf('river-talks'),
    ])
    expect(await rssLinks('?section=world&tag=water')).toEqual([linkOf('river-talks')])
    expect(await rssLinks('?section=nowhere')).toEqual([])

    const { feed } = await xmlFeed('/v1/feeds/atom?section=world')
    expect(feed.title).toBe('Newsroom: world')
    expect(feed.entry.map((e: Xml) => e.link['@_href'])).toEqual([
      linkOf('world-no-water'),
      linkOf('river-talks'),
    ])
    expect(feed.id).toMatch(/\/v1\/feeds\/atom\?section=world$/)

    const json = await jsonFeed('/v1/feeds/json?section=world&tag=water')
    expect(json.title).toBe('Newsroom: world, water')
    expect(json.description).toBe(
      'The latest stories from Newsroom in section “world” and tagged “water”',
    )
    expect(json.feed_url).toMatch(/\/v1\/feeds\/json\?section=world&tag=water$/)
    expect(json.items.map((i: Xml) => i.url)).toEqual([linkOf('river-talks')])
  })

  it('leaves out drafts, archived and trashed stories, and scheduled ones until their time', async () => {
    await newsroom(ctx)
    const visible = [linkOf('cup-final'), linkOf('river-talks')]
    expect(await rssLinks()).toEqual(visible)
    expect(await rssLinks('?tag=water')).toEqual([linkOf('river-talks')])
    // A key changes nothing: feeds are public and cached as such.
    const keyed = await ctx.api.get('/v1/feeds/json').set('authorization', ctx.auth.editor)
    expect(JSON.parse(keyed.text).items.map((i: Xml) => i.url)).toEqual(visible)

    ctx.clock.advance(HOUR)
    expect(await rssLinks()).toEqual([linkOf('not-yet'), ...visible])
  })
})

describe('feed requests that are refused', () => {
  it('answers 400 for a format it does not serve', async () => {
    const body = problem(await ctx.api.get('/v1/feeds/xml'), 400)
    expect(body.errors).toEqual([expect.objectContaining({ path: 'path.format' })])
  })

  it('answers 400 for an over-long section or tag', async () => {
    const body = problem(
      await ctx.api.get(`/v1/feeds/rss?section=${'a'.repeat(61)}&tag=${'b'.repeat(61)}`),
      400,
    )
    expect(body.errors?.map((e) => e.path)).toEqual(['query.section', 'query.tag'])
  })

  it('answers 401 for a key that is not valid', async () => {
    problem(await ctx.api.get('/v1/feeds/rss').set('authorization', 'Bearer nope'), 401)
  })
})

describe('feed size and cost', () => {
  it('carries the 50 newest stories with a fixed number of SQL statements', async () => {
    const ana = await createByline(ctx, { name: 'Ana Ruiz' })
    const publish = (i: number) =>
      createArticle(ctx, {
        slug: `story-${i}`,
        section: 'world',
        tags: ['water', `t${i}`],
        bylines: [{ byline: ana.slug }],
        status: 'published',
        publishedAt: at(-i * MINUTE),
      })
    for (let i = 1; i <= 5; i++) await publish(i)
    const few = await ctx.countQueries(() => getFeed('/v1/feeds/rss'))

    for (let i = 6; i <= 55; i++) await publish(i)
    let links: string[] = []
    const many = await ctx.countQueries(async () => {
      links = await rssLinks()
    })
    expect(many).toBe(few)
    expect(many).toBeLessThanOrEqual(3)
    expect(links).toHaveLength(50)
    expect(links[0]).toBe(linkOf('story-1'))
    expect(links[49]).toBe(linkOf('story-50'))

    const json = await jsonFeed('/v1/feeds/json?section=world&tag=water')
    expect(json.items).toHaveLength(50)
    const { feed } = await xmlFeed('/v1/feeds/atom')
    expect(feed.entry).toHaveLength(50)
  })
})
