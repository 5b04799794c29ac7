// The OpenAPI examples of staged edits: the next version of the demo flagship (see
// articles.examples.ts), checked against the schemas by tests/unit/modules/openapi-examples.test.ts.
import { ARTICLE_EXAMPLE } from '../articles.examples.js'

const NEXT_DEK =
  'Seven states agree guaranteed dry-season flows, live dam data and a joint commission; the first releases are due in June.'

/** What "Try it out" sends to prepare the next version: PATCH fields, marked significant. */
export const PUT_PENDING_EXAMPLE = { dek: NEXT_DEK, significant: true }

/** What "Try it out" sends to schedule the publication of the pending version. */
export const PUBLISH_PENDING_EXAMPLE = { at: '2026-06-12T09:00:00.000Z' }

const SAVED_AT = '2026-06-12T07:15:00.000Z'

/** The pending version as GET …/pending returns it: prepared on version 3, the live one. */
export const PENDING_EXAMPLE = {
  // As it will read once published: significant, so its "Updated" date moves.
  article: {
    ...ARTICLE_EXAMPLE,
    dek: NEXT_DEK,
    version: 4,
    updatedAt: SAVED_AT,
    displayedUpdatedAt: SAVED_AT,
    jsonLd: { ...ARTICLE_EXAMPLE.jsonLd, description: NEXT_DEK, dateModified: SAVED_AT },
  },
  changes: [{ field: 'dek', live: ARTICLE_EXAMPLE.dek, pending: NEXT_DEK }],
  basedOnVersion: 3,
  liveVersion: 3,
  significant: true,
  publishAt: null,
  keyName: 'Night desk',
  createdAt: SAVED_AT,
  updatedAt: SAVED_AT,
}
