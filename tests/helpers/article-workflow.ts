import { expect } from 'vitest'
import { articleLists } from './article-lists.js'
import { createByline, ensureSections } from './factories.js'
import type { TestContext } from './test-app.js'
import type { ArticleBody } from './types.js'

export interface Warning {
  code: string
  field: string
  message: string
}

export type Action = 'publish' | 'unpublish' | 'archive' | 'restore'

export const base = (ref: string) => `/v1/articles/${encodeURIComponent(ref)}`

export const codes = (warnings: Warning[] | undefined) => (warnings ?? []).map((w) => w.code)

/**
 * Requests to the publishing actions and the lint of /v1/articles/{ref}, as the test app's editor
 * unless `auth` says otherwise (null: anonymous), and the checks the workflow tests share.
 */
export function articleWorkflow(ctx: TestContext) {
  const { list } = articleLists(ctx)

  /** POST /v1/articles/{ref}/{action}. */
  function act(
    ref: string,
    action: Action,
    {
      body,
      ifMatch,
      auth = ctx.auth.editor,
    }: { body?: unknown; ifMatch?: string; auth?: string | null } = {},
  ) {
    const req = ctx.api.post(`${base(ref)}/${action}`)
    if (auth !== null) req.set('authorization', auth)
    if (ifMatch !== undefined) req.set('if-match', ifMatch)
    return body === undefined ? req : req.send(body as object)
  }

  const get = (ref: string, auth: string | null = ctx.auth.editor) => {
    const req = ctx.api.get(base(ref))
    return auth === null ? req : req.set('authorization', auth)
  }
  const lint = (ref: string, auth: string | null = ctx.auth.editor) => {
    const req = ctx.api.get(`${base(ref)}/lint`)
    return auth === null ? req : req.set('authorization', auth)
  }

  const listedIds = async (query = '', auth: string | null = null) =>
    (await list(query, auth)).items.map((i) => i.id)

  /** POST /v1/articles as the editor; returns the raw response so warnings can be read. */
  const post = (fields: Record<string, unknown>) =>
    ctx.api
      .post('/v1/articles')
      .set('authorization', ctx.auth.editor)
      .send({ headline: 'Harbour reopens', ...fields })

  async function created(fields: Record<string, unknown>): Promise<ArticleBody> {
    if (typeof fields.section === 'string') await ensureSections(ctx, fields.section)
    const res = await post(fields)
    if (res.status !== 201)
      throw new Error(`POST /v1/articles: ${res.status} ${JSON.stringify(res.body)}`)
    return res.body as ArticleBody
  }

  /** Row counts, version sums, revisions and the audit trail. */
  async function fullSnapshot() {
    return {
      ...(await ctx.snapshot()),
      revisions: await ctx.db.prisma.articleRevision.count(),
      audit: await ctx.db.prisma.auditEntry.count(),
    }
  }

  /** Runs a request that must be refused and asserts that nothing changed, the article included. */
  async function unchanged<T>(articleId: string, run: () => Promise<T>): Promise<T> {
    const before = await fullSnapshot()
    const article = (await get(articleId)).body as ArticleBody
    const result = await run()
    expect(await fullSnapshot()).toEqual(before)
    expect((await get(articleId)).body).toEqual(article)
    return result
  }

  const auditOf = (articleId: string) =>
    ctx.db.prisma.auditEntry.findMany({
      where: { resourceType: 'article', resourceId: articleId },
      orderBy: { id: 'asc' },
    })

  /** A draft that can be published: a body and a byline. */
  async function publishableDraft(fields: Record<string, unknown> = {}) {
    const ana = await createByline(ctx, { name: 'Ana Ruiz' })
    return created({
      body: 'The harbour reopened on Monday.',
      bylines: [{ byline: ana.slug }],
      ...fields,
    })
  }

  return {
    act,
    get,
    lint,
    list,
    listedIds,
    post,
    created,
    fullSnapshot,
    unchanged,
    auditOf,
    publishableDraft,
  }
}
