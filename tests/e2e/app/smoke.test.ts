import { describe, expect, it } from 'vitest'
import { createArticle, createByline } from '../../helpers/factories.js'
import { problem, useTestApp } from '../../helpers/test-app.js'

const ctx = useTestApp()

describe('smoke', () => {
  it('creates and reads an article', async () => {
    const ana = await createByline(ctx, { name: 'Ana Ruiz' })
    const a = await createArticle(ctx, { bylines: [{ byline: ana.slug }], status: 'published' })
    expect(a.bylineText).toBe('By Ana Ruiz')
    const res = await ctx.api.get(`/v1/articles/${a.slug}`)
    expect(res.status).toBe(200)
    const list = await ctx.api.get('/v1/articles')
    expect(list.body.items).toHaveLength(1)
    problem(
      await ctx.api.post('/v1/articles').set('authorization', ctx.auth.editor).send({ bogus: 1 }),
      400,
    )
  })
})
