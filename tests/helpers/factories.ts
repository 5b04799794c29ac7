import type { TestContext } from './test-app.js'

/** Creates a byline through the API and returns its body. */
export async function createByline(ctx: TestContext, fields: Record<string, unknown> = {}) {
  const res = await ctx.api
    .post('/v1/bylines')
    .set('authorization', ctx.auth.editor)
    .send({ name: 'Ana Ruiz', ...fields })
  if (res.status !== 201) throw new Error(`createByline: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body as { id: string; slug: string; name: string; version: number }
}

/**
 * Creates an article through the API and returns its body. Publishing needs someone to credit:
 * a published article given neither bylines nor a credit line gets the credit line "Test desk".
 */
export async function createArticle(ctx: TestContext, fields: Record<string, unknown> = {}) {
  const uncredited =
    fields.status === 'published' && !fields.bylines && fields.creditLine === undefined
  const res = await ctx.api
    .post('/v1/articles')
    .set('authorization', ctx.auth.editor)
    .send({
      headline: 'Harbour reopens after storm',
      body: 'The harbour reopened on Monday.',
      ...(uncredited ? { creditLine: 'Test desk' } : {}),
      ...fields,
    })
  if (res.status !== 201)
    throw new Error(`createArticle: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body as Record<string, unknown> & { id: string; slug: string; version: number }
}
