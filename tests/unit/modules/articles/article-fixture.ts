import type { Article } from '../../../../src/modules/articles/articles.schemas.js'

/** A published article as the API returns it, for the pure mapping functions. */
export function articleFixture(overrides: Partial<Article> = {}): Article {
  return {
    id: '0190a3b2-1111-7000-8000-000000000001',
    slug: 'river-talks',
    headline: 'Ministers hail “a new chapter” in river talks',
    dek: 'Seven states agree how to share the Serava.',
    body: 'The agreement was signed in *Geneva*.',
    bodyHtml: '<p>The agreement was signed in <em>Geneva</em>.</p>\n',
    section: { slug: 'world', name: 'World' },
    tags: ['water', 'diplomacy'],
    language: 'en',
    heroImage: {
      url: 'https://img.example/river.jpg',
      alt: 'The Serava at dusk',
      caption: 'The river in May',
      credit: 'Photo: AMPE',
    },
    canonicalUrl: null,
    sponsorship: null,
    bylines: [
      {
        id: '0190a3b2-2222-7000-8000-000000000001',
        name: 'Ana Ruiz',
        slug: 'ana-ruiz',
        kind: 'staff',
        role: 'author',
      },
      {
        id: '0190a3b2-2222-7000-8000-000000000002',
        name: 'Li Wei',
        slug: 'li-wei',
        kind: 'contributor',
        role: 'author',
      },
      {
        id: '0190a3b2-2222-7000-8000-000000000003',
        name: 'AMPE',
        slug: 'ampe',
        kind: 'agency',
        role: 'photographer',
      },
    ],
    bylineText: 'By Ana Ruiz and Li Wei',
    creditLine: null,
    status: 'published',
    publishedAt: '2026-05-01T08:00:00.000Z',
    trashedAt: null,
    embargoUntil: null,
    createdAt: '2026-04-30T17:00:00.000Z',
    updatedAt: '2026-05-02T09:30:00.000Z',
    displayedUpdatedAt: '2026-05-02T09:30:00.000Z',
    notes: [],
    version: 4,
    wordCount: 6,
    readingTimeMinutes: 1,
    ...overrides,
  }
}
