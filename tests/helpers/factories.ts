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

/** Creates a section through the API (as admin) and returns its body. */
export async function createSection(ctx: TestContext, fields: Record<string, unknown> = {}) {
  const res = await ctx.api
    .post('/v1/sections')
    .set('authorization', ctx.auth.admin)
    .send({ name: 'World', ...fields })
  if (res.status !== 201)
    throw new Error(`createSection: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body as { id: string; slug: string; name: string; version: number }
}

/** The name tests give a section they need by slug: "local" → "Local", "world-news" → "World news". */
export const sectionNameOf = (slug: string) =>
  slug.charAt(0).toUpperCase() + slug.slice(1).replaceAll('-', ' ')

/** Makes sure these sections exist (by slug, named by sectionNameOf), for articles filed under them. */
export async function ensureSections(ctx: TestContext, ...slugs: string[]) {
  for (const slug of slugs) {
    // A name ("World News") names a section the test made itself.
    if (!/^[a-z0-9-]+$/.test(slug)) continue
    if (await ctx.db.prisma.section.findUnique({ where: { slug } })) continue
    const res = await ctx.api
      .post('/v1/sections')
      .set('authorization', ctx.auth.admin)
      .send({ slug, name: sectionNameOf(slug) })
    // 409: a concurrent caller made it first.
    if (res.status !== 201 && res.status !== 409)
      throw new Error(`ensureSections: ${res.status} ${JSON.stringify(res.body)}`)
  }
}

/**
 * Creates an article through the API and returns its body. Publishing needs someone to credit:
 * a published article given neither bylines nor a credit line gets the credit line "Test desk".
 */
export async function createArticle(ctx: TestContext, fields: Record<string, unknown> = {}) {
  const uncredited =
    fields.status === 'published' && !fields.bylines && fields.creditLine === undefined
  // Articles name an existing section: the ones tests file stories under are made on first use.
  if (typeof fields.section === 'string') await ensureSections(ctx, fields.section)
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
