import { expect } from 'vitest'
import { ensureSections } from './factories.js'
import type { TestContext } from './test-app.js'
import type { ArticleBody } from './types.js'

/** What publishing needs besides a headline: a body and someone to credit. */
export const PUBLISHABLE = { body: 'The harbour reopened on Monday.', creditLine: 'Staff reporter' }

/** The If-Match header of a client that read `article` (from any response carrying it). */
export const ifMatch = (article: { version: number }) => ({ 'if-match': `"${article.version}"` })

/**
 * Requests to POST, PATCH and DELETE /v1/articles as the test app's editor (or `auth`; null for
 * none), and the checks the tests of those writes share.
 */
export function articleWrites(ctx: TestContext) {
  const post = (body: unknown, auth: string | null = ctx.auth.editor) => {
    const req = ctx.api.post('/v1/articles')
    if (auth !== null) req.set('authorization', auth)
    return req.send(body as object)
  }
  const patch = (
    ref: string,
    body: unknown,
    headers: Record<string, string> = {},
    auth: string | null = ctx.auth.editor,
  ) => {
    const req = ctx.api.patch(`/v1/articles/${encodeURIComponent(ref)}`)
    if (auth !== null) req.set('authorization', auth)
    for (const [name, value] of Object.entries(headers)) req.set(name, value)
    return req.send(body as object)
  }
  const del = (
    ref: string,
    headers: Record<string, string> = {},
    auth: string | null = ctx.auth.editor,
    query = '',
  ) => {
    const req = ctx.api.delete(`/v1/articles/${encodeURIComponent(ref)}${query}`)
    if (auth !== null) req.set('authorization', auth)
    for (const [name, value] of Object.entries(headers)) req.set(name, value)
    return req
  }
  /** A keyed read, so drafts are visible too. */
  const get = (ref: string) =>
    ctx.api.get(`/v1/articles/${encodeURIComponent(ref)}`).set('authorization', ctx.auth.editor)

  async function created(fields: Record<string, unknown>): Promise<ArticleBody> {
    if (typeof (fields as { section?: unknown }).section === 'string')
      await ensureSections(ctx, (fields as { section: string }).section)
    const res = await post(fields)
    if (res.status !== 201)
      throw new Error(`POST /v1/articles: ${res.status} ${JSON.stringify(res.body)}`)
    return res.body as ArticleBody
  }

  /** Row counts, version sums, and what a write records besides: revisions, old slugs, audit entries. */
  async function state() {
    const prisma = ctx.db.prisma
    const [base, revisions, redirects, audit] = await Promise.all([
      ctx.snapshot(),
      prisma.articleRevision.count(),
      prisma.articleSlugRedirect.count(),
      prisma.auditEntry.count(),
    ])
    return { ...base, revisions, redirects, audit }
  }

  /** Runs a request that must be rejected and asserts that the database is exactly as before. */
  async function unchanged<T>(run: () => Promise<T>, articleRef?: string): Promise<T> {
    const before = await state()
    const articleBefore = articleRef ? (await get(articleRef)).body : undefined
    const result = await run()
    expect(await state()).toEqual(before)
    if (articleRef) expect((await get(articleRef)).body).toEqual(articleBefore)
    return result
  }

  /** Raw JSON text sent with an explicit content type, bypassing supertest's serialisation. */
  const raw = (
    method: 'post' | 'patch',
    url: string,
    text: string,
    type = 'application/json',
    auth: string | null = ctx.auth.editor,
    headers: Record<string, string> = {},
  ) => {
    const req = ctx.api[method](url).set('content-type', type)
    if (auth !== null) req.set('authorization', auth)
    for (const [name, value] of Object.entries(headers)) req.set(name, value)
    return req.send(text)
  }

  return { post, patch, del, get, created, unchanged, raw }
}
