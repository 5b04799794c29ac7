import { describe, expect, it } from 'vitest'
import { fieldChanges } from '../../../../../src/modules/articles/pending/article-pending-diff.js'
import { articleFixture } from '../article-fixture.js'

describe('fieldChanges', () => {
  it('lists the editable fields that differ, in article order, with both values', () => {
    const live = articleFixture()
    const pending = articleFixture({
      tags: ['water'],
      headline: 'Accord signed',
      // Derived and bookkeeping fields are not edits.
      version: live.version + 1,
      updatedAt: '2030-01-01T00:00:00.000Z',
      bodyHtml: '<p>x</p>\n',
    })
    expect(fieldChanges(live, pending)).toEqual([
      { field: 'headline', live: live.headline, pending: 'Accord signed' },
      { field: 'tags', live: ['water', 'diplomacy'], pending: ['water'] },
    ])
  })

  it('compares nested values by content, and a cleared field as null', () => {
    const live = articleFixture()
    expect(fieldChanges(live, articleFixture({ heroImage: { ...live.heroImage! } }))).toEqual([])
    expect(fieldChanges(live, articleFixture({ heroImage: null, dek: null }))).toEqual([
      { field: 'dek', live: live.dek, pending: null },
      { field: 'heroImage', live: live.heroImage, pending: null },
    ])
  })
})
