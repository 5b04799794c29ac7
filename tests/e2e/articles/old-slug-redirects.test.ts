import { beforeEach, describe, expect, it } from 'vitest'
import { createArticle } from '../../helpers/factories.js'
import { createSlot } from '../../helpers/slots.js'
import { problem, useTestApp } from '../../helpers/test-app.js'

const ctx = useTestApp()

/** An article published as "old-name" and renamed to "new-name", with a slot to read. */
beforeEach(async () => {
  await createArticle(ctx, { slug: 'old-name', status: 'published', body: 'Text.' })
  const renamed = await ctx.api
    .patch('/v1/articles/old-name')
    .set('authorization', ctx.auth.editor)
    .set('if-match', '"1"')
    .send({ slug: 'new-name' })
  expect(renamed.status).toBe(200)
  await createSlot(ctx, { key: 'more', fill: 'automatic' })
})

function expectMoved(
  res: { status: number; headers: Record<string, string>; body: unknown },
  to: string,
) {
  expect(res.status, JSON.stringify(res.body)).toBe(308)
  expect(res.headers.location).toBe(to)
  expect(res.body).toEqual({ slug: 'new-name', location: to })
}

describe('old slugs on the sub-resources of an article', () => {
  it('answers 308 to anonymous reads of recommendations and ninjs, query string included', async () => {
    expectMoved(
      await ctx.api.get('/v1/articles/old-name/recommendations?slot=more'),
      '/v1/articles/new-name/recommendations?slot=more',
    )
    expectMoved(await ctx.api.get('/v1/articles/old-name/ninjs'), '/v1/articles/new-name/ninjs')
    expect((await ctx.api.get('/v1/articles/new-name/recommendations')).status).toBe(200)
  })

  it('answers 308 to every keyed read under the article', async () => {
    for (const path of [
      '/slots/more',
      '/revisions',
      '/revisions/1',
      '/revisions/2/diff?against=1',
      '/lint',
      '/notes',
    ]) {
      const res = await ctx.api
        .get(`/v1/articles/old-name${path}`)
        .set('authorization', ctx.auth.editor)
      expectMoved(res, `/v1/articles/new-name${path}`)
      const followed = await ctx.api
        .get(`/v1/articles/new-name${path}`)
        .set('authorization', ctx.auth.editor)
      expect(followed.status, path).toBe(200)
    }
  })

  it('answers 308 to writes too, keeping the method, and changes nothing', async () => {
    const before = await ctx.snapshot()
    const writes = [
      ctx.api.put('/v1/articles/old-name/slots/more').send({ items: [] }),
      ctx.api.post('/v1/articles/old-name/unpublish'),
      ctx.api.patch('/v1/articles/old-name').set('if-match', '"2"').send({ dek: 'x' }),
      ctx.api.post('/v1/articles/old-name/revisions/1/restore'),
    ]
    const paths = ['/slots/more', '/unpublish', '', '/revisions/1/restore']
    for (const [i, write] of writes.entries()) {
      expectMoved(
        await write.set('authorization', ctx.auth.editor),
        `/v1/articles/new-name${paths[i]}`,
      )
    }
    expect(await ctx.snapshot()).toEqual(before)
  })

  it('keeps 404 for unknown slugs, and for old slugs of stories readers cannot see', async () => {
    problem(await ctx.api.get('/v1/articles/no-such-story/recommendations'), 404)
    problem(
      await ctx.api
        .get('/v1/articles/no-such-story/revisions')
        .set('authorization', ctx.auth.editor),
      404,
    )
    // A revision that does not exist is not an old slug.
    problem(
      await ctx.api.get('/v1/articles/new-name/revisions/99').set('authorization', ctx.auth.editor),
      404,
    )
    const unpublished = await ctx.api
      .post('/v1/articles/new-name/unpublish')
      .set('authorization', ctx.auth.editor)
    expect(unpublished.status).toBe(200)
    problem(await ctx.api.get('/v1/articles/old-name/recommendations'), 404)
    // Keys still see the draft, so they still follow the old slug.
    expectMoved(
      await ctx.api
        .get('/v1/articles/old-name/recommendations')
        .set('authorization', ctx.auth.editor),
      '/v1/articles/new-name/recommendations',
    )
  })
})
