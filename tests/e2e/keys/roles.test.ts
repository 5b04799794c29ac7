// Newsroom roles through HTTP: contributors file and edit their own drafts only, chiefs configure
// slots and delete for good, syndication keys read what the public reads, and a 403 names the
// role needed.
import { beforeAll, describe, expect, it } from 'vitest'
import { createKey } from '../../../src/modules/keys/keys.service.js'
import type { ApiKeyRole } from '../../../src/schemas/api-key.js'
import { createArticle } from '../../helpers/factories.js'
import { problem, useTestApp } from '../../helpers/test-app.js'

const ctx = useTestApp()
const keys = {} as Record<ApiKeyRole, string>
const keyIds = {} as Record<ApiKeyRole, string>

beforeAll(async () => {
  for (const role of ['contributor', 'chief', 'syndication'] as const) {
    const key = await createKey(ctx.db.prisma, { name: `test ${role}`, role })
    keys[role] = `Bearer ${key.key}`
    keyIds[role] = key.id
  }
  keys.editor = ctx.auth.editor
  keys.admin = ctx.auth.admin
})

const draftAs = (role: ApiKeyRole, fields: Record<string, unknown> = {}) =>
  ctx.api
    .post('/v1/articles')
    .set('authorization', keys[role])
    .send({ headline: 'Council weighs night buses', body: 'A first draft.', ...fields })

const patchAs = (role: ApiKeyRole, article: { id: string; version: number }, body: object) =>
  ctx.api
    .patch(`/v1/articles/${article.id}`)
    .set('authorization', keys[role])
    .set('if-match', `"${article.version}"`)
    .send(body)

describe('contributor keys', () => {
  it('file drafts and edit their own drafts', async () => {
    const created = await draftAs('contributor')
    expect(created.status).toBe(201)
    expect(created.body.status).toBe('draft')
    const edited = await patchAs('contributor', created.body, { dek: 'Two routes on trial.' })
    expect(edited.status).toBe(200)
    expect(edited.body.dek).toBe('Two routes on trial.')
    // The revision names the contributor's key.
    const revisions = await ctx.api
      .get(`/v1/articles/${created.body.id}/revisions`)
      .set('authorization', keys.editor)
    expect(revisions.body.items.map((r: { keyName: string }) => r.keyName)).toEqual([
      'test contributor',
      'test contributor',
    ])
  })

  it('cannot publish, at creation or by PATCH, nor through the workflow routes', async () => {
    const published = await draftAs('contributor', { status: 'published', creditLine: 'Desk' })
    expect(problem(published, 403).detail).toMatch(/editor key/)
    const draft = (await draftAs('contributor')).body
    const patched = await patchAs('contributor', draft, { status: 'published' })
    expect(problem(patched, 403).detail).toMatch(/editor key/)
    const publish = await ctx.api
      .post(`/v1/articles/${draft.id}/publish`)
      .set('authorization', keys.contributor)
      .set('if-match', `"${draft.version}"`)
      .send({})
    expect(problem(publish, 403).detail).toMatch(/needs an editor key/)
    const stored = await ctx.db.prisma.article.findUniqueOrThrow({ where: { id: draft.id } })
    expect(stored.status).toBe('draft')
    expect(stored.version).toBe(1)
  })

  it("cannot change another person's story or one that is no longer a draft", async () => {
    const editors = await createArticle(ctx, { headline: 'Editor draft' })
    const other = await patchAs('contributor', editors, { dek: 'Hijacked' })
    expect(problem(other, 403).detail).toMatch(/another person's story needs an editor key/)
    const otherContributor = await createKey(ctx.db.prisma, {
      name: 'second contributor',
      role: 'contributor',
    })
    const theirs = await ctx.api
      .post('/v1/articles')
      .set('authorization', `Bearer ${otherContributor.key}`)
      .send({ headline: 'Their draft', body: 'x' })
    expect(problem(await patchAs('contributor', theirs.body, { dek: 'no' }), 403).status).toBe(403)

    const mine = (await draftAs('contributor', { creditLine: 'Desk' })).body
    const published = await ctx.api
      .post(`/v1/articles/${mine.id}/publish`)
      .set('authorization', keys.editor)
      .set('if-match', `"${mine.version}"`)
      .send({})
    expect(published.status, JSON.stringify(published.body)).toBe(200)
    const late = await patchAs('contributor', published.body, { dek: 'A late fix' })
    expect(problem(late, 403).detail).toMatch(/no longer a draft/)
    const stored = await ctx.db.prisma.article.findUniqueOrThrow({ where: { id: editors.id } })
    expect(stored.dek).toBeNull()
  })

  it("see their own drafts and published stories, never others' drafts", async () => {
    const mine = (await draftAs('contributor', { headline: 'My draft' })).body
    const editors = await createArticle(ctx, { headline: 'Editor scoop' })
    const live = await createArticle(ctx, { headline: 'Live story', status: 'published' })
    const list = await ctx.api.get('/v1/articles').set('authorization', keys.contributor)
    expect(list.status).toBe(200)
    expect(list.body.items.map((a: { id: string }) => a.id).sort()).toEqual(
      [mine.id, live.id].sort(),
    )
    const drafts = await ctx.api
      .get('/v1/articles?status=draft')
      .set('authorization', keys.contributor)
    expect(drafts.body.items.map((a: { id: string }) => a.id)).toEqual([mine.id])
    const own = await ctx.api.get(`/v1/articles/${mine.id}`).set('authorization', keys.contributor)
    expect(own.status).toBe(200)
    const scoop = await ctx.api
      .get(`/v1/articles/${editors.id}`)
      .set('authorization', keys.contributor)
    problem(scoop, 404)
    const searched = await ctx.api
      .get('/v1/articles?q=scoop')
      .set('authorization', keys.contributor)
    expect(searched.body.items).toEqual([])
  })

  it('cannot trash, create bylines, or touch slots', async () => {
    const mine = (await draftAs('contributor')).body
    const trash = await ctx.api
      .delete(`/v1/articles/${mine.id}`)
      .set('authorization', keys.contributor)
      .set('if-match', `"${mine.version}"`)
    expect(problem(trash, 403).detail).toMatch(/needs an editor key/)
    const byline = await ctx.api
      .post('/v1/bylines')
      .set('authorization', keys.contributor)
      .send({ name: 'Ana Ruiz' })
    problem(byline, 403)
  })
})

describe('chief keys', () => {
  it('configure slots, which editors may not', async () => {
    const slot = { key: 'most-read', label: 'Most read' }
    const byEditor = await ctx.api.post('/v1/slots').set('authorization', keys.editor).send(slot)
    expect(problem(byEditor, 403).detail).toMatch(/needs a chief key/)
    const byChief = await ctx.api.post('/v1/slots').set('authorization', keys.chief).send(slot)
    expect(byChief.status).toBe(201)
  })

  it('delete for good, which editors may not', async () => {
    const article = await createArticle(ctx)
    const byEditor = await ctx.api
      .delete(`/v1/articles/${article.id}?permanent=true`)
      .set('authorization', keys.editor)
      .set('if-match', `"${article.version}"`)
    expect(problem(byEditor, 403).detail).toMatch(/for good needs a chief key/)
    const byChief = await ctx.api
      .delete(`/v1/articles/${article.id}?permanent=true`)
      .set('authorization', keys.chief)
      .set('if-match', `"${article.version}"`)
    expect(byChief.status).toBe(204)
    expect(await ctx.db.prisma.article.count({ where: { id: article.id } })).toBe(0)
  })

  it('do everything an editor does, but not manage keys', async () => {
    const created = await ctx.api
      .post('/v1/articles')
      .set('authorization', keys.chief)
      .send({ headline: 'Chief files', body: 'Text.', status: 'published', creditLine: 'Desk' })
    expect(created.status).toBe(201)
    const listKeys = await ctx.api.get('/v1/keys').set('authorization', keys.chief)
    expect(problem(listKeys, 403).detail).toMatch(/needs an admin key/)
    // HEAD routes carry the requirement of their GET.
    expect((await ctx.api.head('/v1/keys').set('authorization', keys.chief)).status).toBe(403)
    expect((await ctx.api.head('/v1/keys')).status).toBe(401)
  })
})

describe('syndication keys', () => {
  it('read published stories only, ninjs included, and write nothing', async () => {
    const draft = await createArticle(ctx, { headline: 'Unpublished' })
    const live = await createArticle(ctx, { headline: 'Published', status: 'published' })
    const list = await ctx.api.get('/v1/articles').set('authorization', keys.syndication)
    expect(list.body.items.map((a: { id: string }) => a.id)).toEqual([live.id])
    problem(
      await ctx.api.get(`/v1/articles/${draft.id}`).set('authorization', keys.syndication),
      404,
    )
    const ninjs = await ctx.api
      .get(`/v1/articles/${live.id}/ninjs`)
      .set('authorization', keys.syndication)
    expect(ninjs.status).toBe(200)
    const write = await draftAs('syndication')
    expect(problem(write, 403).detail).toMatch(/needs a contributor key/)
    const status = await ctx.api
      .get('/v1/articles?status=draft')
      .set('authorization', keys.syndication)
    expect(problem(status, 403).detail).toMatch(/Filtering by status needs a contributor key/)
    const recs = await ctx.api
      .get(`/v1/articles/${draft.id}/recommendations`)
      .set('authorization', keys.syndication)
    problem(recs, 404)
  })
})

describe('keys', () => {
  it('are created with every role, and an unknown role is a 400 naming the field', async () => {
    for (const role of ['contributor', 'editor', 'chief', 'admin', 'syndication']) {
      const res = await ctx.api
        .post('/v1/keys')
        .set('authorization', keys.admin)
        .send({ name: `desk ${role}`, role })
      expect(res.status).toBe(201)
      expect(res.body.role).toBe(role)
    }
    const bad = await ctx.api
      .post('/v1/keys')
      .set('authorization', keys.admin)
      .send({ name: 'x', role: 'owner' })
    expect(JSON.stringify(problem(bad, 400))).toContain('role')
  })
})

describe('the OpenAPI document', () => {
  it("names each keyed operation's role", async () => {
    const doc = (await ctx.api.get('/openapi.json')).body
    const roleOf = (path: string, method: string) => doc.paths[path][method].security
    expect(roleOf('/v1/articles', 'post')).toEqual([{ bearerAuth: ['contributor'] }])
    expect(roleOf('/v1/articles/{idOrSlug}/publish', 'post')).toEqual([{ bearerAuth: ['editor'] }])
    expect(roleOf('/v1/slots', 'post')).toEqual([{ bearerAuth: ['chief'] }])
    expect(roleOf('/v1/keys', 'get')).toEqual([{ bearerAuth: ['admin'] }])
    expect(doc.paths['/v1/slots'].post.description).toMatch(/Needs a chief key/)
  })
})
