import { describe, expect, it } from 'vitest'
import { createArticle } from '../../helpers/factories.js'
import { paths, problem, useTestApp } from '../../helpers/test-app.js'
import { at, HOUR } from '../../helpers/time.js'

const ctx = useTestApp()

const PAID = { kind: 'sponsored', sponsor: 'Delta Line', url: 'https://delta.example.com/' }
const PAID_VIEW = {
  kind: 'sponsored',
  sponsor: 'Delta Line',
  url: 'https://delta.example.com/',
  disclosure: 'Sponsored by Delta Line',
  rel: 'sponsored noopener',
}

const story = (slug: string, fields: Record<string, unknown> = {}) =>
  createArticle(ctx, {
    slug,
    headline: `Story ${slug}`,
    dek: 'A dek.',
    status: 'published',
    publishedAt: at(-HOUR),
    ...fields,
  })

describe('sponsored and partner articles', () => {
  it('stores a sponsorship on create and shows its disclosure in the article and in lists', async () => {
    const created = await story('cruise', { sponsorship: PAID })
    expect(created.sponsorship).toEqual(PAID_VIEW)
    await story('plain')
    const read = await ctx.api.get('/v1/articles/cruise')
    expect(read.body.sponsorship).toEqual(PAID_VIEW)
    const list = await ctx.api.get('/v1/articles')
    const bySlug = Object.fromEntries(
      (list.body.items as { slug: string; sponsorship: unknown }[]).map((i) => [i.slug, i]),
    )
    expect(bySlug.cruise?.sponsorship).toEqual(PAID_VIEW)
    expect(bySlug.plain?.sponsorship).toBeNull()
    const chosen = await ctx.api.get('/v1/articles?fields=sponsorship')
    expect(chosen.body.items[1]).toEqual({ id: created.id, sponsorship: PAID_VIEW })
  })

  it('labels partner content apart from paid content, and PATCH changes or clears it', async () => {
    const a = await story('river-guide')
    const patch = (body: Record<string, unknown>, version: number) =>
      ctx.api
        .patch('/v1/articles/river-guide')
        .set('authorization', ctx.auth.editor)
        .set('if-match', `"${version}"`)
        .send(body)
    const partner = await patch({ sponsorship: { kind: 'partner', sponsor: 'River Trust' } }, 1)
    expect(partner.status).toBe(200)
    expect(partner.body.sponsorship).toEqual({
      kind: 'partner',
      sponsor: 'River Trust',
      url: null,
      disclosure: 'In partnership with River Trust',
      rel: 'sponsored noopener',
    })
    const cleared = await patch({ sponsorship: null }, 2)
    expect(cleared.body.sponsorship).toBeNull()
    expect(a.sponsorship).toBeNull()
    // A restored version brings its sponsorship back.
    const restored = await ctx.api
      .post('/v1/articles/river-guide/revisions/2/restore')
      .set('authorization', ctx.auth.editor)
    expect(restored.status).toBe(200)
    expect(restored.body.sponsorship?.disclosure).toBe('In partnership with River Trust')
  })

  it('refuses an invalid sponsorship with 400 naming the field, creating nothing', async () => {
    const post = (sponsorship: unknown) =>
      ctx.api
        .post('/v1/articles')
        .set('authorization', ctx.auth.editor)
        .send({ headline: 'Paid', sponsorship })
    const cases: [unknown, string][] = [
      [{ kind: 'advert', sponsor: 'X' }, 'sponsorship.kind'],
      [{ kind: 'sponsored', sponsor: '  ' }, 'sponsorship.sponsor'],
      [{ kind: 'sponsored' }, 'sponsorship.sponsor'],
      [{ kind: 'sponsored', sponsor: 'X', url: 'javascript:alert(1)' }, 'sponsorship.url'],
      [{ kind: 'sponsored', sponsor: 'X', url: 'http://127.0.0.1/' }, 'sponsorship.url'],
      [{ kind: 'sponsored', sponsor: 'X', extra: 1 }, 'sponsorship.extra'],
      ['Delta', 'sponsorship'],
    ]
    for (const [sponsorship, path] of cases) {
      expect(paths(problem(await post(sponsorship), 400))).toContain(path)
    }
    expect(await ctx.db.prisma.article.count()).toBe(0)
  })

  it('carries the disclosure in JSON-LD: sponsor, backstory, and AdvertiserContentArticle when paid', async () => {
    await story('cruise', { sponsorship: PAID })
    await story('guide', { sponsorship: { kind: 'partner', sponsor: 'River Trust' } })
    await story('plain')
    const ld = async (slug: string) => (await ctx.api.get(`/v1/articles/${slug}`)).body.jsonLd
    expect(await ld('cruise')).toMatchObject({
      '@type': ['NewsArticle', 'AdvertiserContentArticle'],
      sponsor: { '@type': 'Organization', name: 'Delta Line', url: 'https://delta.example.com/' },
      backstory: 'Sponsored by Delta Line',
    })
    expect(await ld('guide')).toMatchObject({
      '@type': 'NewsArticle',
      sponsor: { '@type': 'Organization', name: 'River Trust' },
      backstory: 'In partnership with River Trust',
    })
    const plain = await ld('plain')
    expect(plain['@type']).toBe('NewsArticle')
    expect(plain).not.toHaveProperty('sponsor')
    expect(plain).not.toHaveProperty('backstory')
  })

  it('carries the disclosure in ninjs', async () => {
    await story('cruise', { sponsorship: PAID })
    const ninjs = await ctx.api.get('/v1/articles/cruise/ninjs')
    expect(ninjs.body.descriptions).toEqual([
      { role: 'summary', value: 'A dek.' },
      { role: 'disclosure', value: 'Sponsored by Delta Line' },
    ])
  })

  it('carries the disclosure in every feed format: summary, content and a category', async () => {
    await story('cruise', { sponsorship: { ...PAID, sponsor: 'Delta <Line> & Co' } })
    await story('plain', { publishedAt: at(-2 * HOUR) })
    const json = await ctx.api.get('/v1/feeds/json')
    const [paid, plain] = JSON.parse(json.text).items
    expect(paid.summary).toBe('Sponsored by Delta <Line> & Co. A dek.')
    expect(paid.content_html).toMatch(
      /^<p><strong>Sponsored by Delta &lt;Line&gt; &amp; Co<\/strong><\/p>/,
    )
    expect(paid.tags).toContain('Sponsored by Delta <Line> & Co')
    expect(plain.summary).toBe('A dek.')
    expect(plain.content_html).not.toMatch(/Sponsored/)

    const rss = (await ctx.api.get('/v1/feeds/rss')).text
    expect(rss).toContain(
      '<category domain="urn:newsroom-cms:sponsorship">Sponsored by Delta &lt;Line&gt; &amp; Co</category>',
    )
    expect(rss).toMatch(
      /<description><!\[CDATA\[Sponsored by Delta &lt;Line&gt; &amp; Co\. A dek\.\]\]><\/description>/,
    )
    const atom = (await ctx.api.get('/v1/feeds/atom')).text
    expect(atom).toMatch(
      /<category label="Sponsored by Delta[^"<]*" scheme="urn:newsroom-cms:sponsorship" term="sponsored"\/>/,
    )
    expect(atom).toContain('Sponsored by Delta &lt;Line&gt; &amp; Co. A dek.')
    expect(atom).toContain('label="Sponsored by Delta ‹Line› &amp; Co"')
  })
})
