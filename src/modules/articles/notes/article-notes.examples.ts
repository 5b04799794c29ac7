// The OpenAPI examples of notes: a correction to the demo flagship (see articles.examples.ts),
// checked against the schemas and the Markdown renderer by tests/unit/modules/openapi-examples.test.ts.

const CORRECTION = 'An earlier version of this story said the talks lasted 12 days. They lasted 11.'

/** A correction as the API returns it, added while version 2 (the published story) was live. */
export const ARTICLE_NOTE_EXAMPLE = {
  id: '0f9e8d7c-6b5a-4c3d-9e2f-1a0b9c8d7e6f',
  kind: 'correction' as const,
  text: CORRECTION,
  textHtml: `<p>${CORRECTION}</p>\n`,
  displayedAt: '2026-06-12T06:02:47.000Z',
  revision: 2,
  createdAt: '2026-06-12T06:02:47.000Z',
}

/** What "Try it out" sends to add a note. */
export const CREATE_NOTE_EXAMPLE = { kind: 'correction' as const, text: CORRECTION }

/** What "Try it out" sends to reword a note (possible only while the article is not public). */
export const UPDATE_NOTE_EXAMPLE = {
  text: 'An earlier version of this story said the talks lasted 12 days; they lasted 11.',
}
