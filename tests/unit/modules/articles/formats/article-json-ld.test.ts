import { describe, expect, it } from 'vitest'
import { publicSite } from '../../../../../src/lib/public-site.js'
import { toNewsArticleJsonLd } from '../../../../../src/modules/articles/formats/article-json-ld.js'
import { articleFixture } from '../article-fixture.js'

const site = publicSite('https://news.example/', 'The Daily Example')

describe('toNewsArticleJsonLd', () => {
  it('describes a published story as a schema.org NewsArticle', () => {
    expect(toNewsArticleJsonLd(articleFixture(), site)).toEqual({
      '@context': 'https://schema.org',
      '@type': 'NewsArticle',
      headline: 'Ministers hail “a new chapter” in river talks',
      description: 'Seven states agree how to share the Serava.',
      datePublished: '2026-05-01T08:00:00.000Z',
      dateModified: '2026-05-02T09:30:00.000Z',
      author: [
        { '@type': 'Person', name: 'Ana Ruiz' },
        { '@type': 'Person', name: 'Li Wei' },
      ],
      publisher: {
        '@type': 'Organization',
        name: 'The Daily Example',
        url: 'https://news.example',
      },
      image: ['https://img.example/river.jpg'],
      articleSection: 'World',
      keywords: ['water', 'diplomacy'],
      inLanguage: 'en',
      mainEntityOfPage: { '@type': 'WebPage', '@id': 'https://news.example/articles/river-talks' },
      url: 'https://news.example/articles/river-talks',
    })
  })

  it('credits agency copy to the agency as an Organization', () => {
    const article = articleFixture({
      bylines: [
        {
          id: '0190a3b2-2222-7000-8000-000000000003',
          name: 'AMPE',
          slug: 'ampe',
          kind: 'agency',
          role: 'author',
        },
        {
          id: '0190a3b2-2222-7000-8000-000000000004',
          name: 'Reuters',
          slug: 'reuters',
          kind: 'agency',
          role: 'contributor',
        },
      ],
    })
    expect(toNewsArticleJsonLd(article, site).author).toEqual([
      { '@type': 'Organization', name: 'AMPE' },
    ])
  })

  it('falls back to the agencies when nobody is credited as author', () => {
    const article = articleFixture({
      bylines: [
        {
          id: '0190a3b2-2222-7000-8000-000000000001',
          name: 'Ana Ruiz',
          slug: 'ana-ruiz',
          kind: 'staff',
          role: 'editor',
        },
        {
          id: '0190a3b2-2222-7000-8000-000000000003',
          name: 'AMPE',
          slug: 'ampe',
          kind: 'agency',
          role: 'contributor',
        },
      ],
    })
    expect(toNewsArticleJsonLd(article, site).author).toEqual([
      { '@type': 'Organization', name: 'AMPE' },
    ])
  })

  it('leaves out what the article lacks instead of sending null', () => {
    const jsonLd = toNewsArticleJsonLd(
      articleFixture({
        dek: null,
        heroImage: null,
        section: null,
        tags: [],
        bylines: [],
        bylineText: null,
        creditLine: 'Staff',
        status: 'draft',
        publishedAt: null,
      }),
      site,
    )
    for (const key of [
      'description',
      'datePublished',
      'author',
      'image',
      'articleSection',
      'keywords',
    ]) {
      expect(jsonLd, key).not.toHaveProperty(key)
    }
    expect(Object.values(jsonLd)).not.toContain(null)
    expect(jsonLd.dateModified).toBe('2026-05-02T09:30:00.000Z')
  })

  it('dates the story by what readers were told changed, not by copy fixes', () => {
    const jsonLd = toNewsArticleJsonLd(
      articleFixture({
        publishedAt: '2026-05-01T08:00:00.000Z',
        displayedUpdatedAt: '2026-05-01T08:00:00.000Z',
        updatedAt: '2026-05-03T07:00:00.000Z',
      }),
      site,
    )
    expect(jsonLd.dateModified).toBe('2026-05-01T08:00:00.000Z')
    const draft = toNewsArticleJsonLd(
      articleFixture({ publishedAt: null, displayedUpdatedAt: null }),
      site,
    )
    expect(draft.dateModified).toBe(articleFixture().updatedAt)
  })

  it('links to the story under a site that lives in a sub-path', () => {
    const jsonLd = toNewsArticleJsonLd(
      articleFixture(),
      publicSite('https://example.org/news//', 'Example'),
    )
    expect(jsonLd.url).toBe('https://example.org/news/articles/river-talks')
    expect(jsonLd.publisher.url).toBe('https://example.org/news')
  })

  it('keeps text as it is: escaping for a <script> element is the embedding page’s job', () => {
    const jsonLd = toNewsArticleJsonLd(articleFixture({ headline: 'Why </script> matters' }), site)
    expect(jsonLd.headline).toBe('Why </script> matters')
  })
})
