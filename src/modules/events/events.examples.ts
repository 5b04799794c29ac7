// The OpenAPI example of an event: the correction of the demo flagship (articles.examples.ts) as
// toEvent announces it, checked by tests/unit/modules/openapi-examples.test.ts.

const SLUG = 'serava-basin-states-sign-water-sharing-accord-geneva'
const ARTICLE_ID = '3f6c2a9e-5b1d-4e8a-9c47-1d2e3f4a5b6c'

export const EVENT_EXAMPLE = {
  id: '01976b2e-4c1a-7d3e-8f2a-5b6c7d8e9f01',
  type: 'article.updated' as const,
  occurredAt: '2026-06-12T06:02:47.000Z',
  resource: { type: 'article' as const, id: ARTICLE_ID, slug: SLUG, version: 3 },
  previousSlug: null,
  urls: [`https://news.example.com/articles/${SLUG}`],
  paths: [`/v1/articles/${SLUG}`],
  tags: [`article:${ARTICLE_ID}`, 'articles'],
}

export const EVENT_LIST_EXAMPLE = {
  items: [EVENT_EXAMPLE],
  // encodeEventCursor of the event above (number 128, recorded when it occurred).
  page: { limit: 100, nextCursor: 'MTI4LjE3ODEyNDQxNjcwMDA' },
}
