import { describe, expect, it } from 'vitest'
import { articleRevisions, type DiffBody } from '../../../helpers/article-revisions.js'
import { createArticle } from '../../../helpers/factories.js'
import { problem, useTestApp } from '../../../helpers/test-app.js'

const ctx = useTestApp()
const { diff, restore, articleWithTwoEdits } = articleRevisions(ctx)

const byField = (changes: DiffBody['changes']) =>
  [...changes].sort((a, b) => a.field.localeCompare(b.field))

describe('diffs between versions', () => {
  it('lists exactly the fields that changed, with the value before and after', async () => {
    const { v1 } = await articleWithTwoEdits()
    const res = await diff(v1.id, 2, 1)
    expect(res.status).toBe(200)
    const body = res.body as DiffBody
    expect({ version: body.version, against: body.against }).toEqual({ version: 2, against: 1 })
    // The order of the fields is not part of the contract.
    expect(byField(body.changes)).toEqual([
      { field: 'headline', from: 'Harbour reopens after storm', to: 'Harbour reopens at last' },
      { field: 'tags', from: ['harbour', 'weather'], to: ['harbour', 'ferries'] },
    ])
  })

  it('shows changed credits, slug and cleared fields, and works in either direction', async () => {
    const { ana, li, v1 } = await articleWithTwoEdits()
    const forward = (await diff(v1.id, 3, 2)).body as DiffBody
    const fields = forward.changes.map((c) => c.field).sort()
    expect(fields).toEqual([
      'body',
      'bylines',
      'canonicalUrl',
      'creditLine',
      'dek',
      'heroImage',
      'language',
      'section',
      'slug',
    ])
    expect(forward.changes.find((c) => c.field === 'bylines')).toEqual({
      field: 'bylines',
      from: [{ bylineId: ana.id, role: 'author' }],
      to: [{ bylineId: li.id, role: 'photographer' }],
    })
    expect(forward.changes.find((c) => c.field === 'dek')).toEqual({
      field: 'dek',
      from: 'Ferries run again.',
      to: null,
    })
    expect(forward.changes.find((c) => c.field === 'slug')).toEqual({
      field: 'slug',
      from: 'harbour-reopens',
      to: 'harbour-open-again',
    })

    const backward = (await diff(v1.id, 2, 3)).body as DiffBody
    expect(backward.changes.find((c) => c.field === 'slug')).toEqual({
      field: 'slug',
      from: 'harbour-open-again',
      to: 'harbour-reopens',
    })
  })

  it('after restoring version 1, the new version differs from version 1 in nothing and from version 3 in everything version 3 changed', async () => {
    const { v1 } = await articleWithTwoEdits()
    expect((await restore(v1.id, 1)).status).toBe(200)

    const same = await diff(v1.id, 4, 1)
    expect(same.status).toBe(200)
    expect(same.body).toEqual({ version: 4, against: 1, changes: [] })

    const changed = ((await diff(v1.id, 4, 3)).body as DiffBody).changes.map((c) => c.field).sort()
    expect(changed).toEqual(
      [
        'body',
        'bylines',
        'canonicalUrl',
        'creditLine',
        'dek',
        'headline',
        'heroImage',
        'language',
        'section',
        'slug',
        'tags',
      ].sort(),
    )
  })

  it('a version compared with itself has no changes', async () => {
    const article = await createArticle(ctx)
    expect((await diff(article.id, 1, 1)).body).toEqual({ version: 1, against: 1, changes: [] })
  })

  it('a diff against a version the article never had is a 404, as is a diff of one', async () => {
    const article = await createArticle(ctx)
    problem(await diff(article.id, 1, 2), 404)
    problem(await diff(article.id, 2, 1), 404)
  })

  it('against=abc, or no against at all, is a 400 naming query.against', async () => {
    const article = await createArticle(ctx)
    for (const against of ['abc', '0', undefined]) {
      const body = problem(await diff(article.id, 1, against), 400)
      expect(body.errors?.map((e) => e.path)).toEqual(['query.against'])
    }
  })
})
