import { describe, expect, it } from 'vitest'
import { articleRevisions, type RevisionList } from '../../../helpers/article-revisions.js'
import { createArticle, createByline } from '../../../helpers/factories.js'
import { problem, useTestApp } from '../../../helpers/test-app.js'
import { MINUTE, at, UNKNOWN_ID } from '../../../helpers/time.js'
import type { ArticleBody } from '../../../helpers/types.js'

const ctx = useTestApp()
const {
  listRevisions,
  diff,
  restore,
  getArticle,
  edit,
  revision,
  fullSnapshot,
  articleWithTwoEdits,
} = articleRevisions(ctx)

/** The fields a restore brings back, as the article endpoints return them. */
const editable = (a: ArticleBody) => ({
  headline: a.headline,
  slug: a.slug,
  dek: a.dek,
  body: a.body,
  bodyHtml: a.bodyHtml,
  section: a.section,
  tags: a.tags,
  language: a.language,
  heroImage: a.heroImage,
  canonicalUrl: a.canonicalUrl,
  bylines: a.bylines,
  creditLine: a.creditLine,
  status: a.status,
  publishedAt: a.publishedAt,
})

describe('restoring a revision', () => {
  it('restoring version 1 after two edits answers 200 with version 4 whose fields equal version 1, and leaves versions 2 and 3 as they were', async () => {
    const { v1, v3 } = await articleWithTwoEdits()
    const two = await revision(v1.id, 2)
    const three = await revision(v1.id, 3)
    ctx.clock.advance(MINUTE)

    const res = await restore(v1.id, 1, { 'if-match': `"${v3.version}"` })
    expect(res.status).toBe(200)
    expect(res.headers.etag).toBe('"4"')
    const restored = res.body as ArticleBody
    expect(restored.version).toBe(4)
    expect(editable(restored)).toEqual(editable(v1))
    expect(restored.updatedAt).toBe(at(3 * MINUTE))
    // The response goes to a key: it carries the editorial lint like every other editor response.
    expect(restored.warnings).toEqual([])

    // A fresh read agrees with the response.
    expect(editable((await getArticle(v1.id)).body as ArticleBody)).toEqual(editable(v1))

    // The history grew by one; nothing in it was rewritten.
    const list = (await listRevisions(v1.id)).body as RevisionList
    expect(list.items.map((i) => [i.version, i.keyName, i.headline])).toEqual([
      [4, 'test editor', 'Harbour reopens after storm'],
      [3, 'test admin', 'Harbour reopens at last'],
      [2, 'test editor', 'Harbour reopens at last'],
      [1, 'test editor', 'Harbour reopens after storm'],
    ])
    expect(await revision(v1.id, 2)).toEqual(two)
    expect(await revision(v1.id, 3)).toEqual(three)
    const four = await revision(v1.id, 4)
    expect(four.article).toEqual((await revision(v1.id, 1)).article)
    expect(four).toMatchObject({ keyName: 'test editor', createdAt: at(3 * MINUTE) })
  })

  it('restoring brings back the credits in their order and roles, and the slug', async () => {
    const ana = await createByline(ctx, { name: 'Ana Ruiz' })
    const li = await createByline(ctx, { name: 'Li Wei' })
    const v1 = await createArticle(ctx, {
      slug: 'first-slug',
      bylines: [
        { byline: li.slug, role: 'photographer' },
        { byline: ana.slug, role: 'author' },
      ],
    })
    await edit(v1.id, 1, { slug: 'second-slug', bylines: [{ byline: ana.slug, role: 'editor' }] })

    const res = await restore(v1.id, 1)
    expect(res.status).toBe(200)
    const restored = res.body as ArticleBody
    expect(restored.slug).toBe('first-slug')
    expect(restored.bylines.map((b) => [b.id, b.role])).toEqual([
      [li.id, 'photographer'],
      [ana.id, 'author'],
    ])
    expect((await getArticle('first-slug')).status).toBe(200)
    problem(await getArticle('second-slug'), 404) // a draft leaves no redirect behind
  })

  it('restoring the old slug of a published story takes it back: it resolves again, and the slug it leaves redirects to it', async () => {
    const v1 = await createArticle(ctx, { slug: 'old-name', status: 'published' })
    await edit(v1.id, 1, { slug: 'new-name' })
    expect((await getArticle('old-name', null)).status).toBe(308)

    expect((await restore(v1.id, 1)).status).toBe(200)

    const current = await getArticle('old-name', null)
    expect(current.status).toBe(200)
    expect(current.body.id).toBe(v1.id)
    const moved = await getArticle('new-name', null)
    expect(moved.status).toBe(308)
    expect(moved.headers.location).toBe('/v1/articles/old-name')
  })

  it('restoring records who did it in the audit trail, with the request id of the response', async () => {
    const article = await createArticle(ctx)
    await edit(article.id, 1, { headline: 'Edited' })
    const res = await restore(article.id, 1, {}, ctx.auth.admin)
    expect(res.status).toBe(200)
    const entries = await ctx.db.prisma.auditEntry.findMany({
      where: { resourceId: article.id, action: 'article.restore-revision' },
    })
    expect(entries).toHaveLength(1)
    expect(entries[0]).toMatchObject({
      keyName: 'test admin',
      resourceType: 'article',
      requestId: res.headers['x-request-id'],
    })
    expect((await revision(article.id, 3)).keyName).toBe('test admin')
  })

  it('restore honours If-Match: a stale ETag is a 412 that changes nothing', async () => {
    const article = await createArticle(ctx, { headline: 'Original' })
    await edit(article.id, 1, { headline: 'Edited' })
    const before = await fullSnapshot()

    const body = problem(await restore(article.id, 1, { 'if-match': '"1"' }), 412) as {
      currentVersion?: number
    }
    expect(body.currentVersion).toBe(2)
    expect(await fullSnapshot()).toEqual(before)
    expect((await getArticle(article.id)).body).toMatchObject({ headline: 'Edited', version: 2 })
  })

  it('a malformed If-Match on restore is a 400 naming headers.if-match, and changes nothing', async () => {
    const article = await createArticle(ctx)
    await edit(article.id, 1, { headline: 'Edited' })
    const before = await fullSnapshot()
    const body = problem(await restore(article.id, 1, { 'if-match': '2' }), 400)
    expect(body.errors?.map((e) => e.path)).toEqual(['headers.if-match'])
    expect(await fullSnapshot()).toEqual(before)
  })

  it('restoring a version the article never had is a 404 that changes nothing', async () => {
    const article = await createArticle(ctx)
    const before = await fullSnapshot()
    problem(await restore(article.id, 2), 404)
    problem(await restore(UNKNOWN_ID, 1), 404)
    expect(await fullSnapshot()).toEqual(before)
  })

  it('restoring a version whose slug another article has taken since is a 409 that changes nothing', async () => {
    const article = await createArticle(ctx, { slug: 'wanted-slug' })
    await edit(article.id, 1, { slug: 'interim-slug' })
    await createArticle(ctx, { slug: 'wanted-slug', headline: 'Someone else' })
    const before = await fullSnapshot()
    problem(await restore(article.id, 1), 409)
    expect(await fullSnapshot()).toEqual(before)
    expect((await getArticle(article.id)).body).toMatchObject({ slug: 'interim-slug', version: 2 })
  })

  it('restoring a version that credits a byline deleted since is a 422 naming the credit, and changes nothing', async () => {
    const gone = await createByline(ctx, { name: 'Gone Soon' })
    const article = await createArticle(ctx, { bylines: [{ byline: gone.slug }] })
    await edit(article.id, 1, { bylines: [] })
    const deleted = await ctx.api
      .delete(`/v1/bylines/${gone.id}`)
      .set('authorization', ctx.auth.editor)
    expect(deleted.status).toBe(204)
    const before = await fullSnapshot()

    const body = problem(await restore(article.id, 1), 422)
    expect(body.errors?.map((e) => e.path)).toEqual(['bylines.0.byline'])
    expect(await fullSnapshot()).toEqual(before)
  })

  it('restoring the current version still makes a new version, identical in content', async () => {
    const article = await createArticle(ctx, { headline: 'Same' })
    const res = await restore(article.id, 1, { 'if-match': '"1"' })
    expect(res.status).toBe(200)
    expect(res.body.version).toBe(2)
    expect((await diff(article.id, 2, 1)).body.changes).toEqual([])
  })
})
