import { describe, expect, it } from 'vitest'
import { articleWorkflow } from '../../../helpers/article-workflow.js'
import { createArticle } from '../../../helpers/factories.js'
import { paths, problem, useTestApp } from '../../../helpers/test-app.js'
import { NOW, MINUTE, HOUR, at, UNKNOWN_ID } from '../../../helpers/time.js'
import type { ArticleBody } from '../../../helpers/types.js'

const ctx = useTestApp()
const { act, get, listedIds, created, fullSnapshot, unchanged, publishableDraft } =
  articleWorkflow(ctx)

describe('POST /v1/articles/{id}/publish', () => {
  it('publishes a draft with a body and a byline now: 200, status published, publishedAt is the clock time, version +1', async () => {
    const draft = await publishableDraft({ slug: 'to-publish' })
    problem(await get('to-publish', null), 404)
    ctx.clock.advance(MINUTE)

    const res = await act(draft.id, 'publish')
    expect(res.status).toBe(200)
    expect(res.headers.etag).toBe('"2"')
    const body = res.body as ArticleBody
    expect(body).toMatchObject({
      status: 'published',
      publishedAt: at(MINUTE),
      updatedAt: at(MINUTE),
      version: 2,
    })

    const anonymous = await get('to-publish', null)
    expect(anonymous.status).toBe(200)
    expect(anonymous.body.status).toBe('published')
    expect(await listedIds()).toEqual([draft.id])
  })

  it('publishes when sent an empty JSON object as the body', async () => {
    const draft = await publishableDraft()
    const res = await act(draft.id, 'publish', { body: {} })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ status: 'published', publishedAt: NOW })
  })

  it('a draft credited only with a credit line can be published', async () => {
    const draft = await created({ body: 'Agency copy.', creditLine: 'Reuters' })
    const res = await act(draft.id, 'publish')
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ status: 'published', creditLine: 'Reuters', bylines: [] })
  })

  it('without a body and without anyone to credit it is a 422 naming body and bylines, and the article stays as it was', async () => {
    const draft = await created({ headline: 'Empty draft', body: '' })
    const res = await unchanged(draft.id, () => act(draft.id, 'publish'))
    const body = problem(res, 422)
    expect(paths(body).sort()).toEqual(['body', 'bylines'])
    const after = (await get(draft.id)).body as ArticleBody
    expect(after).toMatchObject({ version: 1, status: 'draft', publishedAt: null })
  })

  it('a body of only whitespace counts as missing, and a credit alone is not enough', async () => {
    const draft = await created({ body: '  \n\n  ', creditLine: 'Staff' })
    const body = problem(await unchanged(draft.id, () => act(draft.id, 'publish')), 422)
    expect(paths(body)).toEqual(['body'])
  })

  it('a body alone is not enough either: nobody to credit is a 422 naming bylines', async () => {
    const draft = await created({ body: 'Some text.', creditLine: '   ' })
    const body = problem(await unchanged(draft.id, () => act(draft.id, 'publish')), 422)
    expect(paths(body)).toEqual(['bylines'])
  })

  it('publishing an article that is already published keeps its first publication time', async () => {
    const draft = await publishableDraft()
    expect((await act(draft.id, 'publish')).status).toBe(200)
    ctx.clock.advance(HOUR)
    const again = await act(draft.id, 'publish')
    expect(again.status).toBe(200)
    expect(again.body).toMatchObject({ status: 'published', publishedAt: NOW, version: 3 })
  })

  it('an unknown article is a 404', async () => {
    problem(await act(UNKNOWN_ID, 'publish'), 404)
    problem(await act('no-such-story', 'publish'), 404)
  })

  it('an invalid publishedAt or an unknown field is a 400 naming it, and changes nothing', async () => {
    const draft = await publishableDraft()
    const invalid = problem(
      await unchanged(draft.id, () =>
        act(draft.id, 'publish', { body: { publishedAt: 'tomorrow' } }),
      ),
      400,
    )
    expect(paths(invalid)).toEqual(['publishedAt'])
    const unknown = problem(
      await unchanged(draft.id, () => act(draft.id, 'publish', { body: { status: 'archived' } })),
      400,
    )
    expect(paths(unknown)).toEqual(['status'])
  })

  it('a publishedAt outside the years 0001–9999 is a 400 naming publishedAt, as on create', async () => {
    const draft = await publishableDraft()
    for (const publishedAt of ['0000-06-01T00:00:00Z', '0001-01-01T00:00:00+01:00']) {
      const res = await unchanged(draft.id, () =>
        act(draft.id, 'publish', { body: { publishedAt } }),
      )
      expect(paths(problem(res, 400))).toEqual(['publishedAt'])
    }
  })
})

describe('scheduling with publishedAt in the future', () => {
  it('a scheduled story is hidden from anonymous readers until the clock reaches its time, then visible without any write', async () => {
    const other = await createArticle(ctx, {
      slug: 'already-out',
      status: 'published',
      publishedAt: at(-HOUR),
    })
    const draft = await publishableDraft({ slug: 'embargoed' })

    const res = await act(draft.id, 'publish', { body: { publishedAt: at(HOUR) } })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ status: 'scheduled', publishedAt: at(HOUR), version: 2 })

    // Editors see it as scheduled; readers do not see it at all.
    expect((await get('embargoed')).body.status).toBe('scheduled')
    expect(await listedIds('?status=scheduled', ctx.auth.editor)).toEqual([draft.id])
    problem(await get('embargoed', null), 404)
    problem(await get(draft.id, null), 404)
    expect(await listedIds()).toEqual([other.id])

    const before = await fullSnapshot()
    ctx.clock.advance(HOUR - 1)
    problem(await get('embargoed', null), 404)
    expect(await listedIds()).toEqual([other.id])

    ctx.clock.advance(1) // exactly its publishedAt
    const visible = await get('embargoed', null)
    expect(visible.status).toBe(200)
    expect(visible.body).toMatchObject({
      id: draft.id,
      status: 'published',
      publishedAt: at(HOUR),
      version: 2,
    })
    expect(await listedIds()).toEqual([draft.id, other.id])
    expect((await get('embargoed')).body.status).toBe('published')
    expect(await listedIds('?status=scheduled', ctx.auth.editor)).toEqual([])

    // Nothing was written in between: visibility is decided when the story is read.
    expect(await fullSnapshot()).toEqual(before)
  })

  it('publishing a scheduled story without a time publishes it now', async () => {
    const draft = await publishableDraft({ slug: 'early' })
    await act(draft.id, 'publish', { body: { publishedAt: at(HOUR) } })
    ctx.clock.advance(MINUTE)
    const res = await act(draft.id, 'publish')
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ status: 'published', publishedAt: at(MINUTE), version: 3 })
    expect((await get('early', null)).status).toBe(200)
  })

  it('unpublishing a scheduled story keeps it hidden after its time has come', async () => {
    const draft = await publishableDraft({ slug: 'pulled' })
    await act(draft.id, 'publish', { body: { publishedAt: at(HOUR) } })
    const res = await act(draft.id, 'unpublish')
    expect(res.status).toBe(200)
    expect(res.body.status).toBe('draft')
    ctx.clock.advance(2 * HOUR)
    problem(await get('pulled', null), 404)
    expect(await listedIds()).toEqual([])
  })

  it('a publishedAt in the past publishes at once with that time', async () => {
    const draft = await publishableDraft({ slug: 'backdated' })
    const res = await act(draft.id, 'publish', { body: { publishedAt: at(-HOUR) } })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ status: 'published', publishedAt: at(-HOUR) })
    expect((await get('backdated', null)).status).toBe(200)
  })
})
