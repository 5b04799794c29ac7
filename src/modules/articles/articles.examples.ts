// The OpenAPI examples of articles: the demo content's flagship story (src/boot/demo-content.ts,
// checked by tests/unit/modules/openapi-examples.test.ts), so /docs shows what the API really
// returns and "Try it out" sends something a newsroom would write.
import { ARTICLE_NOTE_EXAMPLE } from './notes/article-notes.examples.js'

const HEADLINE =
  'Ministers hail “a new chapter” as Serava basin states sign water-sharing accord in Geneva'
const SLUG = 'serava-basin-states-sign-water-sharing-accord-geneva'
const DEK =
  'After 11 days of talks, the seven countries that share the drought-stricken Serava river agreed guaranteed dry-season flows, real-time dam data and a joint commission to settle disputes.'
const LEAD =
  'GENEVA – Ministers from the seven countries that share the Serava river signed an accord on Friday guaranteeing minimum dry-season flows to downstream states, ending more than a decade of acrimony over dams, irrigation and a delta that has been shrinking by several kilometres a year.'
const SECOND =
  'The Geneva Accord on the Shared Waters of the Serava Basin, agreed shortly before dawn after negotiators worked through the night, commits upstream states to release agreed volumes between June and September and to publish the operating data of every large dam on the river in real time.'
const HERO_IMAGE = {
  url: 'https://images.example.com/2025/serava-accord-signing.jpg',
  alt: 'Seven ministers stand behind a long table holding signed copies of the Serava accord, with a lake visible through tall windows behind them.',
  caption:
    'Ministers from the seven Serava basin states after signing the accord in Geneva on Friday.',
  credit: 'AMPE',
}
const PUBLISHED_AT = '2026-06-12T05:40:00.000Z'
/** Version 3: created, published, then corrected (ARTICLE_NOTE_EXAMPLE), which readers are shown. */
const CORRECTED_AT = ARTICLE_NOTE_EXAMPLE.createdAt

/** The article's own fields, as a list item shows them (no body). */
const listItem = {
  id: '3f6c2a9e-5b1d-4e8a-9c47-1d2e3f4a5b6c',
  slug: SLUG,
  headline: HEADLINE,
  dek: DEK,
  section: { slug: 'world', name: 'World' },
  tags: ['diplomacy', 'water', 'climate', 'treaties', 'geneva'],
  language: 'en',
  heroImage: HERO_IMAGE,
  canonicalUrl: null,
  bylines: [
    {
      id: '8b1e4d2c-7a3f-4c6e-b5d9-0e1f2a3b4c5d',
      name: 'AMPE',
      slug: 'ampe',
      kind: 'agency',
      role: 'author',
    },
  ],
  bylineText: 'AMPE',
  creditLine: 'AMPE – with reporting from Geneva',
  sponsorship: null,
  status: 'published',
  publishedAt: PUBLISHED_AT,
  trashedAt: null,
  embargoUntil: null,
  createdAt: '2026-06-12T04:55:12.000Z',
  updatedAt: CORRECTED_AT,
  displayedUpdatedAt: CORRECTED_AT,
  notes: [ARTICLE_NOTE_EXAMPLE],
  version: 3,
  wordCount: 612,
  readingTimeMinutes: 3,
}

export const ARTICLE_LIST_ITEM_EXAMPLE = listItem

export const ARTICLE_EXAMPLE = {
  ...listItem,
  body: `${LEAD}\n\n${SECOND}`,
  bodyHtml: `<p>${LEAD}</p>\n<p>${SECOND}</p>\n`,
  jsonLd: {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: HEADLINE,
    description: DEK,
    datePublished: PUBLISHED_AT,
    dateModified: CORRECTED_AT,
    author: [{ '@type': 'Organization', name: 'AMPE' }],
    publisher: { '@type': 'Organization', name: 'Newsroom', url: 'https://news.example.com' },
    image: [HERO_IMAGE.url],
    articleSection: 'World',
    keywords: ['diplomacy', 'water', 'climate', 'treaties', 'geneva'],
    inLanguage: 'en',
    mainEntityOfPage: { '@type': 'WebPage', '@id': `https://news.example.com/articles/${SLUG}` },
    url: `https://news.example.com/articles/${SLUG}`,
    correction: [
      {
        '@type': 'CorrectionComment',
        text: ARTICLE_NOTE_EXAMPLE.text,
        datePublished: ARTICLE_NOTE_EXAMPLE.displayedAt,
      },
    ],
  },
}

/**
 * What "Try it out" sends to create an article: a draft follow-up to the flagship, credited to a
 * demo byline, that an editor can look at, change or trash like any other.
 */
export const CREATE_ARTICLE_EXAMPLE = {
  headline: 'Serava Basin Commission picks Port Amaran harbour office for its secretariat',
  dek: 'The new commission will open its first office in the delta port within weeks of the Geneva accord.',
  body: 'PORT AMARAN – The commission created by the Geneva accord will rent two floors of the old harbour office.\n\nIts first meeting is planned for the autumn.',
  section: 'world',
  tags: ['water', 'diplomacy'],
  language: 'en',
  bylines: [{ byline: 'zoe-ndlovu', role: 'author' }],
}

export const UPDATE_ARTICLE_EXAMPLE = {
  dek: 'Seven states agree how to share the Serava in dry years, with guaranteed flows and a joint commission.',
}
