import supertest from 'supertest'
import { describe, expect, it } from 'vitest'
import { buildApp } from '../../../../src/app.js'
import { NinjsSchema } from '../../../../src/modules/articles/formats/article-ninjs.js'
import { createArticle, createByline } from '../../../helpers/factories.js'
import { problem, type TestContext, useTestApp } from '../../../helpers/test-app.js'
import { NOW, at } from '../../../helpers/time.js'

const ctx = useTestApp()

const HOUR = 60 * 60 * 1000

/** A published story by a reporter with agency pictures, and one credited to an agency alone. */
async function stories(c: TestContext) {
  const ana = await createByline(c, { name: 'Ana Ruiz', slug: 'ana-ruiz' })
  const agency = await createByline(c, { name: 'AMPE', slug: 'ampe', kind: 'agency' })
  const reported = await createArticle(c, {
    slug: 'river-talks',
    headline: 'Ministers hail “a new chapter” in river talks',
    dek: 'Seven states agree how to share the Serava.',
    body: 'The agreement was signed in *Geneva*.',
    section: 'world',
    tags: ['water', 'diplomacy'],
    heroImage: { url: 'https://img.example/river.jpg', alt: 'The Serava at dusk', credit: 'AMPE' },
    bylines: [
      { byline: ana.slug, role: 'author' },
      { byline: agency.slug, role: 'photographer' },
    ],
    status: 'published',
    publishedAt: at(-HOUR),
  })
  const wire = await createArticle(c, {
    slug: 'cup-final',
    headline: 'Late goal settles the cup final',
    body: 'A header in stoppage time.',
    language: 'es',
    bylines: [{ byline: agency.slug, role: 'author' }],
    status: 'published',
    publishedAt: at(-HOUR),
  })
  return { reported, wire }
}

describe('jsonLd on article responses', () => {
  it('describes the story as a schema.org NewsArticle with Person and Organization authors', async () => {
    const { reported } = await stories(ctx)
    const res = await ctx.api.get('/v1/articles/river-talks')
    expect(res.status).toBe(200)
    expect(res.body.jsonLd).toEqual({
      '@context': 'https://schema.org',
      '@type': 'NewsArticle',
      headline: 'Ministers hail “a new chapter” in river talks',
      description: 'Seven states agree how to share the Serava.',
      datePublished: reported.publishedAt,
      dateModified: reported.displayedUpdatedAt,
      author: [{ '@type': 'Person', name: 'Ana Ruiz' }],
      publisher: { '@type': 'Organization', name: 'Newsroom', url: 'http://localhost:3000' },
      image: ['https://img.example/river.jpg'],
      articleSection: 'World',
      keywords: ['water', 'diplomacy'],
      inLanguage: 'en',
      mainEntityOfPage: { '@type': 'WebPage', '@id': 'http://localhost:3000/articles/river-talks' },
      url: 'http://localhost:3000/articles/river-talks',
    })

    const wire = await ctx.api.get('/v1/articles/cup-final')
    expect(wire.body.jsonLd.author).toEqual([{ '@type': 'Organization', name: 'AMPE' }])
    expect(wire.body.jsonLd.inLanguage).toBe('es')
    for (const key of ['description', 'image', 'articleSection', 'keywords'])
      expect(wire.body.jsonLd, key).not.toHaveProperty(key)
  })

  it('comes with every single-article response, drafts included, but not with list items', async () => {
    const created = await ctx.api
      .post('/v1/articles')
      .set('authorization', ctx.auth.editor)
      .send({ headline: 'Draft on the harbour', slug: 'harbour-draft', body: 'Text.' })
    expect(created.status).toBe(201)
    expect(created.body.jsonLd).toMatchObject({
      '@type': 'NewsArticle',
      headline: 'Draft on the harbour',
    })
    expect(created.body.jsonLd).not.toHaveProperty('datePublished')

    const patched = await ctx.api
      .patch('/v1/articles/harbour-draft')
      .set('authorization', ctx.auth.editor)
      .set('if-match', `"${created.body.version}"`)
      .send({ headline: 'Harbour reopens', status: 'published', creditLine: 'Staff' })
    expect(patched.status).toBe(200)
    expect(patched.body.jsonLd).toMatchObject({ headline: 'Harbour reopens', datePublished: NOW })

    const keyed = await ctx.api
      .get('/v1/articles/harbour-draft')
      .set('authorization', ctx.auth.editor)
    expect(keyed.body.jsonLd.headline).toBe('Harbour reopens')

    const list = await ctx.api.get('/v1/articles')
    expect(list.body.items).toHaveLength(1)
    expect(list.body.items[0]).not.toHaveProperty('jsonLd')
  })

  it('links to the public site given to buildApp', async () => {
    await stories(ctx)
    const app = await buildApp({
      prisma: ctx.db.prisma,
      clock: ctx.clock.now,
      publicSiteUrl: 'https://news.example/en/',
      publicSiteName: 'The Daily Example',
    })
    try {
      await app.ready()
      const api = supertest(app.server)
      const { body } = await api.get('/v1/articles/river-talks')
      expect(body.jsonLd.url).toBe('https://news.example/en/articles/river-talks')
      expect(body.jsonLd.publisher).toEqual({
        '@type': 'Organization',
        name: 'The Daily Example',
        url: 'https://news.example/en',
      })

      const feed = JSON.parse((await api.get('/v1/feeds/json')).text)
      expect(feed.title).toBe('The Daily Example')
      expect(feed.items.map((i: { url: string }) => i.url)).toEqual([
        'https://news.example/en/articles/cup-final',
        'https://news.example/en/articles/river-talks',
      ])
    } finally {
      await app.close()
    }
  })
})

describe('GET /v1/articles/{idOrSlug}/ninjs', () => {
  it('exports a published story as IPTC ninjs 2.1, by slug or id', async () => {
    const { reported } = await stories(ctx)
    const res = await ctx.api.get('/v1/articles/river-talks/ninjs')
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toMatch(/^application\/json/)
    expect(NinjsSchema.strict().safeParse(res.body).success).toBe(true)
    expect(res.body).toMatchObject({
      standard: { name: 'ninjs', version: '2.1' },
      uri: `urn:uuid:${reported.id}`,
      type: 'text',
      representationtype: 'full',
      version: '1',
      firstcreated: reported.publishedAt,
      versioncreated: reported.displayedUpdatedAt,
      contentcreated: reported.createdAt,
      pubstatus: 'usable',
      language: 'en',
      slugline: 'river-talks',
      headlines: [{ role: 'main', value: 'Ministers hail “a new chapter” in river talks' }],
      descriptions: [{ role: 'summary', value: 'Seven states agree how to share the Serava.' }],
      bodies: [{ role: 'main', contenttype: 'text/html', value: reported.bodyHtml }],
      by: 'By Ana Ruiz',
      infosources: [{ name: 'AMPE', literal: 'ampe' }],
      subjects: [
        { name: 'World', rel: 'section' },
        { name: 'water', rel: 'tag' },
        { name: 'diplomacy', rel: 'tag' },
      ],
      renditions: [
        {
          name: 'web',
          href: 'http://localhost:3000/articles/river-talks',
          contenttype: 'text/html',
        },
      ],
      associations: [
        {
          name: 'featureimage',
          type: 'picture',
          uri: 'https://img.example/river.jpg',
          by: 'AMPE',
          descriptions: [{ role: 'alt', value: 'The Serava at dusk' }],
        },
      ],
    })

    const byId = await ctx.api.get(`/v1/articles/${reported.id}/ninjs`)
    expect(byId.body).toEqual(res.body)
    const wire = await ctx.api.get('/v1/articles/cup-final/ninjs')
    expect(wire.body).toMatchObject({ by: 'AMPE', language: 'es', infosources: [{ name: 'AMPE' }] })
  })

  it('answers 404 for drafts, scheduled and trashed stories, even with a key', async () => {
    await createArticle(ctx, { slug: 'a-draft' })
    await createArticle(ctx, { slug: 'not-yet', status: 'published', publishedAt: at(HOUR) })
    const trashed = await createArticle(ctx, { slug: 'trashed', status: 'published' })
    await ctx.api
      .delete('/v1/articles/trashed')
      .set('authorization', ctx.auth.editor)
      .set('if-match', `"${trashed.version}"`)
    for (const slug of ['a-draft', 'not-yet', 'trashed', 'no-such-story']) {
      problem(await ctx.api.get(`/v1/articles/${slug}/ninjs`), 404)
      problem(
        await ctx.api.get(`/v1/articles/${slug}/ninjs`).set('authorization', ctx.auth.editor),
        404,
      )
    }
    ctx.clock.advance(2 * HOUR)
    expect((await ctx.api.get('/v1/articles/not-yet/ninjs')).status).toBe(200)
  })

  it('redirects an old slug to the current one', async () => {
    const story = await createArticle(ctx, { slug: 'old-slug', status: 'published' })
    const renamed = await ctx.api
      .patch('/v1/articles/old-slug')
      .set('authorization', ctx.auth.editor)
      .set('if-match', `"${story.version}"`)
      .send({ slug: 'new-slug' })
    expect(renamed.status).toBe(200)
    const res = await ctx.api.get('/v1/articles/old-slug/ninjs')
    expect(res.status).toBe(308)
    expect(res.headers.location).toBe('/v1/articles/new-slug/ninjs')
  })
})
