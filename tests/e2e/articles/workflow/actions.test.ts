import { describe, expect, it } from 'vitest'
import { type Action, articleWorkflow, base } from '../../../helpers/article-workflow.js'
import { createArticle } from '../../../helpers/factories.js'
import { paths, problem, useTestApp } from '../../../helpers/test-app.js'
import { NOW, MINUTE, HOUR } from '../../../helpers/time.js'

const ctx = useTestApp()
const { act, get, lint, listedIds, created, unchanged, auditOf, publishableDraft } =
  articleWorkflow(ctx)

describe('unpublish and archive', () => {
  it('unpublishing takes a published story back to draft: anonymous readers get 404 and the list no longer has it', async () => {
    const article = await createArticle(ctx, { slug: 'live', status: 'published' })
    expect((await get('live', null)).status).toBe(200)

    const res = await act(article.id, 'unpublish')
    expect(res.status).toBe(200)
    expect(res.headers.etag).toBe('"2"')
    expect(res.body).toMatchObject({ status: 'draft', version: 2 })
    problem(await get('live', null), 404)
    expect(await listedIds()).toEqual([])
    expect((await get('live')).body.status).toBe('draft')
  })

  it('republishing an unpublished story keeps its first publication time', async () => {
    const article = await createArticle(ctx, { status: 'published' })
    await act(article.id, 'unpublish')
    ctx.clock.advance(HOUR)
    const res = await act(article.id, 'publish')
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ status: 'published', publishedAt: NOW, version: 3 })
  })

  it('archiving sets the status to archived and hides the story from anonymous readers', async () => {
    const article = await createArticle(ctx, { slug: 'old-news', status: 'published' })
    const res = await act(article.id, 'archive')
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ status: 'archived', version: 2 })
    problem(await get('old-news', null), 404)
    expect(await listedIds()).toEqual([])
    expect(await listedIds('?status=archived', ctx.auth.editor)).toEqual([article.id])
  })
})

describe('If-Match on the publishing actions', () => {
  it('publish with a stale ETag is a 412 reporting the current version, and changes nothing', async () => {
    const draft = await publishableDraft()
    await ctx.api
      .patch(base(draft.id))
      .set('authorization', ctx.auth.editor)
      .set('if-match', '"1"')
      .send({ dek: 'New dek' })
    const res = await unchanged(draft.id, () => act(draft.id, 'publish', { ifMatch: '"1"' }))
    expect((problem(res, 412) as { currentVersion?: number }).currentVersion).toBe(2)
  })

  it('publish with a malformed If-Match is a 400 naming headers.if-match, and changes nothing', async () => {
    const draft = await publishableDraft()
    for (const ifMatch of ['1', 'W/"1"', '"one"']) {
      const res = await unchanged(draft.id, () => act(draft.id, 'publish', { ifMatch }))
      expect(paths(problem(res, 400))).toEqual(['headers.if-match'])
    }
  })

  it('publish with the current ETag, or with *, succeeds', async () => {
    const draft = await publishableDraft()
    expect((await act(draft.id, 'publish', { ifMatch: '"1"' })).status).toBe(200)
    expect((await act(draft.id, 'unpublish', { ifMatch: '*' })).status).toBe(200)
  })

  it('unpublish, archive and restore refuse a stale ETag with 412 too', async () => {
    const article = await createArticle(ctx, { status: 'published' })
    problem(
      await unchanged(article.id, () => act(article.id, 'unpublish', { ifMatch: '"7"' })),
      412,
    )
    problem(await unchanged(article.id, () => act(article.id, 'archive', { ifMatch: '"7"' })), 412)
    expect(
      (
        await ctx.api
          .delete(base(article.id))
          .set('authorization', ctx.auth.editor)
          .set('if-match', '"1"')
      ).status,
    ).toBe(204)
    problem(await unchanged(article.id, () => act(article.id, 'restore', { ifMatch: '"1"' })), 412)
  })
})

describe('every action is one versioned, audited change', () => {
  it('publish, unpublish, archive and restore each bump the version by one and record a revision and an audit entry with the key and request id', async () => {
    const draft = await publishableDraft()
    const steps: { action: Action; auth: string; keyName: string; status: string }[] = [
      { action: 'publish', auth: ctx.auth.editor, keyName: 'test editor', status: 'published' },
      { action: 'unpublish', auth: ctx.auth.admin, keyName: 'test admin', status: 'draft' },
      { action: 'archive', auth: ctx.auth.editor, keyName: 'test editor', status: 'archived' },
      { action: 'publish', auth: ctx.auth.admin, keyName: 'test admin', status: 'published' },
    ]
    const requestIds: string[] = []
    let version = 1
    for (const step of steps) {
      ctx.clock.advance(MINUTE)
      const res = await act(draft.id, step.action, { auth: step.auth })
      expect(res.status).toBe(200)
      version += 1
      expect(res.body).toMatchObject({ version, status: step.status })
      const rev = await ctx.api
        .get(`${base(draft.id)}/revisions/${version}`)
        .set('authorization', ctx.auth.editor)
      expect(rev.body).toMatchObject({
        version,
        keyName: step.keyName,
        article: { status: step.status },
      })
      requestIds.push(String(res.headers['x-request-id']))
    }

    const entries = await auditOf(draft.id)
    expect(entries.map((e) => [e.action, e.keyName, e.requestId])).toEqual([
      ['article.create', 'test editor', expect.any(String)],
      ['article.publish', 'test editor', requestIds[0]],
      ['article.unpublish', 'test admin', requestIds[1]],
      ['article.archive', 'test editor', requestIds[2]],
      ['article.publish', 'test admin', requestIds[3]],
    ])
    expect(new Set(requestIds).size).toBe(4)
    expect(await ctx.db.prisma.articleRevision.count({ where: { articleId: draft.id } })).toBe(5)
  })

  it('a refused publish writes neither a revision nor an audit entry', async () => {
    const draft = await created({ body: '' })
    problem(await act(draft.id, 'publish'), 422)
    expect((await auditOf(draft.id)).map((e) => e.action)).toEqual(['article.create'])
    expect(await ctx.db.prisma.articleRevision.count({ where: { articleId: draft.id } })).toBe(1)
  })
})

describe('restoring from the trash', () => {
  it('DELETE moves a published story to the trash and POST …/restore brings it back, published as before', async () => {
    const article = await createArticle(ctx, { slug: 'binned', status: 'published' })
    const deleted = await ctx.api
      .delete(base(article.id))
      .set('authorization', ctx.auth.editor)
      .set('if-match', '"1"')
    expect(deleted.status).toBe(204)
    problem(await get('binned', null), 404)
    expect((await get('binned')).body).toMatchObject({ status: 'trashed', version: 2 })

    ctx.clock.advance(MINUTE)
    const res = await act(article.id, 'restore', { ifMatch: '"2"' })
    expect(res.status).toBe(200)
    expect(res.headers.etag).toBe('"3"')
    expect(res.body).toMatchObject({
      status: 'published',
      trashedAt: null,
      publishedAt: NOW,
      version: 3,
    })
    expect((await get('binned', null)).status).toBe(200)
    expect(await listedIds()).toEqual([article.id])

    const entries = await auditOf(article.id)
    expect(entries.map((e) => e.action)).toEqual([
      'article.create',
      'article.trash',
      'article.restore',
    ])
    expect(entries.at(-1)?.requestId).toBe(res.headers['x-request-id'])
  })

  it('a draft restored from the trash is a draft again', async () => {
    const article = await createArticle(ctx, { slug: 'draft-binned' })
    await ctx.api
      .delete(base(article.id))
      .set('authorization', ctx.auth.editor)
      .set('if-match', '"1"')
    const res = await act(article.id, 'restore')
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ status: 'draft', trashedAt: null, version: 3 })
    problem(await get('draft-binned', null), 404)
  })

  it('restoring an article that is not in the trash is a 409 that changes nothing', async () => {
    const article = await createArticle(ctx, { status: 'published' })
    problem(await unchanged(article.id, () => act(article.id, 'restore')), 409)
  })
})

describe('who may use the publishing actions', () => {
  it('without a key every action and the lint answer 401, before the body or If-Match is looked at, and nothing changes', async () => {
    const article = await createArticle(ctx, { body: '' })
    for (const action of ['publish', 'unpublish', 'archive', 'restore'] as const) {
      const res = await unchanged(article.id, () =>
        act(article.id, action, { auth: null, ifMatch: 'garbage', body: { nope: 1 } }),
      )
      problem(res, 401)
      expect(res.headers['www-authenticate']).toBe('Bearer')
    }
    problem(await lint(article.id, null), 401)
  })

  it('admin keys may use them as well as editor keys', async () => {
    const draft = await publishableDraft()
    expect((await act(draft.id, 'publish', { auth: ctx.auth.admin })).status).toBe(200)
    expect((await lint(draft.id, ctx.auth.admin)).status).toBe(200)
  })
})

describe('workflow actions on a trashed article', () => {
  it('refuses to publish, unpublish or archive an article in the trash with 409, changing nothing', async () => {
    const article = await createArticle(ctx, { bylines: [], creditLine: 'Desk', body: 'Text.' })
    const trashed = await ctx.api
      .delete(`/v1/articles/${article.id}`)
      .set('authorization', ctx.auth.editor)
      .set('if-match', `"${article.version}"`)
    expect(trashed.status).toBe(204)
    for (const action of ['publish', 'unpublish', 'archive']) {
      const res = await ctx.api
        .post(`/v1/articles/${article.id}/${action}`)
        .set('authorization', ctx.auth.editor)
      expect(problem(res, 409).detail).toContain('trash')
    }
    const after = await ctx.api
      .get(`/v1/articles/${article.id}`)
      .set('authorization', ctx.auth.editor)
    expect(after.body).toMatchObject({ status: 'trashed', version: article.version + 1 })
  })
})
