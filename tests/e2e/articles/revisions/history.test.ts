import { describe, expect, it } from 'vitest'
import { createArticle, createByline } from '../../../helpers/factories.js'
import { problem, useTestApp } from '../../../helpers/test-app.js'
import { NOW, MINUTE, at, UNKNOWN_ID } from '../../../helpers/time.js'
import type { ArticleBody } from '../../../helpers/types.js'

const ctx = useTestApp()

// The clock is reset to this instant before every test.

interface Snapshot {
  headline: string
  slug: string
  dek: string | null
  body: string
  section: string | null
  tags: string[]
  language: string
  heroImage: unknown
  canonicalUrl: string | null
  creditLine: string | null
  status: string
  publishedAt: string | null
  trashedAt: string | null
  bylines: { bylineId: string; role: string }[]
}

interface RevisionBody {
  version: number
  keyName: string
  createdAt: string
  article: Snapshot
}

interface RevisionList {
  items: { version: number; keyName: string; createdAt: string; headline: string }[]
  page: { limit: number; nextCursor: string | null }
}

interface DiffBody {
  version: number
  against: number
  changes: { field: string; from: unknown; to: unknown }[]
}

const byField = (changes: DiffBody['changes']) => [...changes].sort((a, b) => a.field.localeCompare(b.field))

const base = (id: string) => `/v1/articles/${encodeURIComponent(id)}`

const keyed = <T extends { set(name: string, value: string): T }>(req: T, auth: string | null) =>
  auth === null ? req : req.set('authorization', auth)

const listRevisions = (id: string, query = '', auth: string | null = ctx.auth.editor) =>
  keyed(ctx.api.get(`${base(id)}/revisions${query}`), auth)
const getRevision = (id: string, version: number | string, auth: string | null = ctx.auth.editor) =>
  keyed(ctx.api.get(`${base(id)}/revisions/${version}`), auth)
const diff = (id: string, version: number | string, against: number | string | undefined, auth: string | null = ctx.auth.editor) =>
  keyed(ctx.api.get(`${base(id)}/revisions/${version}/diff${against === undefined ? '' : `?against=${against}`}`), auth)
const restore = (id: string, version: number | string, headers: Record<string, string> = {}, auth: string | null = ctx.auth.editor) => {
  const req = keyed(ctx.api.post(`${base(id)}/revisions/${version}/restore`), auth)
  for (const [name, value] of Object.entries(headers)) req.set(name, value)
  return req
}
const getArticle = (ref: string, auth: string | null = ctx.auth.editor) => keyed(ctx.api.get(base(ref)), auth)

/** A PATCH that must succeed; `version` is sent as If-Match. */
async function edit(id: string, version: number, fields: Record<string, unknown>, auth = ctx.auth.editor): Promise<ArticleBody> {
  const res = await ctx.api.patch(base(id)).set('authorization', auth).set('if-match', `"${version}"`).send(fields)
  if (res.status !== 200) throw new Error(`PATCH ${id}: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body as ArticleBody
}

async function revision(id: string, version: number): Promise<RevisionBody> {
  const res = await getRevision(id, version)
  if (res.status !== 200) throw new Error(`GET revision ${version}: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body as RevisionBody
}

async function revisionCount(articleId: string) {
  return ctx.db.prisma.articleRevision.count({ where: { articleId } })
}

/** Row counts, revisions and audit entries: a refused request must leave all of them alone. */
async function fullSnapshot() {
  return {
    ...(await ctx.snapshot()),
    revisions: await ctx.db.prisma.articleRevision.count(),
    audit: await ctx.db.prisma.auditEntry.count(),
    redirects: await ctx.db.prisma.articleSlugRedirect.count(),
  }
}

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

/** An article at version 3: version 1 as created, version 2 with a new headline and tags, version 3 with everything else changed. */
async function articleWithTwoEdits() {
  const ana = await createByline(ctx, { name: 'Ana Ruiz' })
  const li = await createByline(ctx, { name: 'Li Wei' })
  const v1 = (await createArticle(ctx, {
    headline: 'Harbour reopens after storm',
    slug: 'harbour-reopens',
    dek: 'Ferries run again.',
    body: 'The harbour reopened on Monday.\n\nFishing boats were first out.',
    section: 'local',
    tags: ['harbour', 'weather'],
    language: 'en',
    heroImage: { url: 'https://img.example.com/harbour.jpg', alt: 'Boats in the harbour' },
    canonicalUrl: 'https://example.com/harbour',
    bylines: [{ byline: ana.slug, role: 'author' }],
    creditLine: 'Additional reporting by the desk',
  })) as unknown as ArticleBody
  ctx.clock.advance(MINUTE)
  const v2 = await edit(v1.id, 1, { headline: 'Harbour reopens at last', tags: ['harbour', 'ferries'] })
  ctx.clock.advance(MINUTE)
  const v3 = await edit(
    v1.id,
    2,
    {
      slug: 'harbour-open-again',
      dek: null,
      body: 'Rewritten body.',
      section: 'business',
      language: 'es',
      heroImage: null,
      canonicalUrl: null,
      bylines: [{ byline: li.slug, role: 'photographer' }],
      creditLine: null,
    },
    ctx.auth.admin,
  )
  return { ana, li, v1, v2, v3 }
}

describe('revision history', () => {
  it('an article has revision 1 as soon as it is created, holding its fields and credits and the name of the key that created it', async () => {
    const ana = await createByline(ctx, { name: 'Ana Ruiz' })
    const article = await createArticle(ctx, {
      headline: 'Council votes on budget',
      dek: 'A close vote.',
      tags: ['council'],
      bylines: [{ byline: ana.slug, role: 'author' }],
    })

    const list = await listRevisions(article.id)
    expect(list.status).toBe(200)
    expect(list.body).toEqual({
      items: [{ version: 1, keyName: 'test editor', createdAt: NOW, headline: 'Council votes on budget' }],
      page: { limit: 20, nextCursor: null },
    })

    const one = await getRevision(article.id, 1)
    expect(one.status).toBe(200)
    expect(one.body).toEqual({
      version: 1,
      keyName: 'test editor',
      createdAt: NOW,
      article: {
        headline: 'Council votes on budget',
        slug: article.slug,
        dek: 'A close vote.',
        body: 'The harbour reopened on Monday.',
        section: null,
        tags: ['council'],
        language: 'en',
        heroImage: null,
        canonicalUrl: null,
        creditLine: null,
        status: 'draft',
        publishedAt: null,
        trashedAt: null,
        bylines: [{ bylineId: ana.id, role: 'author' }],
      },
    })
  })

  it('revision N is the state at version N, stamped with the key that made that change and when', async () => {
    const article = await createArticle(ctx, { headline: 'First headline' })
    ctx.clock.advance(5 * MINUTE)
    await edit(article.id, 1, { headline: 'Second headline' }, ctx.auth.admin)

    const one = await revision(article.id, 1)
    const two = await revision(article.id, 2)
    expect(one).toMatchObject({ version: 1, keyName: 'test editor', createdAt: NOW, article: { headline: 'First headline' } })
    expect(two).toMatchObject({ version: 2, keyName: 'test admin', createdAt: at(5 * MINUTE), article: { headline: 'Second headline' } })
  })

  it('a revision can be read through the slug of the article as well as its id', async () => {
    const article = await createArticle(ctx, { slug: 'by-slug' })
    const res = await getRevision('by-slug', 1)
    expect(res.status).toBe(200)
    expect((res.body as RevisionBody).article.slug).toBe('by-slug')
    expect((await listRevisions('by-slug')).body.items.map((i: { version: number }) => i.version)).toEqual([1])
    expect(article.slug).toBe('by-slug')
  })

  it('lists revisions newest first, and limit=2 over five versions visits every version exactly once', async () => {
    const article = await createArticle(ctx, { headline: 'Version 1' })
    for (let v = 1; v < 5; v++) await edit(article.id, v, { headline: `Version ${v + 1}` })

    const pages: RevisionList[] = []
    let cursor: string | null = null
    do {
      const res = await listRevisions(article.id, `?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)
      expect(res.status).toBe(200)
      pages.push(res.body as RevisionList)
      cursor = (res.body as RevisionList).page.nextCursor
    } while (cursor && pages.length < 10)

    expect(pages.map((p) => p.items.map((i) => i.version))).toEqual([[5, 4], [3, 2], [1]])
    expect(pages.map((p) => p.page.limit)).toEqual([2, 2, 2])
    expect(pages.at(-1)?.page.nextCursor).toBeNull()
    expect(pages.flatMap((p) => p.items.map((i) => i.headline))).toEqual(['Version 5', 'Version 4', 'Version 3', 'Version 2', 'Version 1'])
  })

  it('lists only the revisions of the article asked for', async () => {
    const a = await createArticle(ctx, { headline: 'Story A' })
    const b = await createArticle(ctx, { headline: 'Story B' })
    await edit(b.id, 1, { headline: 'Story B, edited' })
    expect((await listRevisions(a.id)).body.items.map((i: { headline: string }) => i.headline)).toEqual(['Story A'])
    expect((await listRevisions(b.id)).body.items.map((i: { headline: string }) => i.headline)).toEqual(['Story B, edited', 'Story B'])
  })

  it('a cursor this API did not produce is a 400 naming query.cursor, even a well-formed one', async () => {
    const article = await createArticle(ctx)
    const other = await createArticle(ctx, { slug: 'other-story' })
    for (let v = 1; v < 4; v++) await edit(article.id, v, { headline: `Version ${v + 1}` })
    const forge = (key: string, id = article.id) => Buffer.from(JSON.stringify([key, id])).toString('base64url')

    for (const cursor of ['not-a-cursor', forge('abc'), forge('0'), forge('1e400'), forge('-1'), forge('3', other.id)]) {
      const body = problem(await listRevisions(article.id, `?cursor=${cursor}`), 400)
      expect(body.errors?.map((e) => e.path)).toEqual(['query.cursor'])
    }
    // The same shape with a real version continues below it.
    const page = await listRevisions(article.id, `?cursor=${forge('3')}`)
    expect(page.status).toBe(200)
    expect((page.body as RevisionList).items.map((i) => i.version)).toEqual([2, 1])
  })

  it('a version the article never had is a 404, and so is an unknown article', async () => {
    const article = await createArticle(ctx)
    await edit(article.id, 1, { headline: 'Edited' })
    problem(await getRevision(article.id, 3), 404)
    problem(await getRevision(UNKNOWN_ID, 1), 404)
    problem(await listRevisions(UNKNOWN_ID), 404)
    problem(await listRevisions('no-such-story'), 404)
  })

  it('a version that is not a positive integer is a 400 naming path.version', async () => {
    const article = await createArticle(ctx)
    for (const version of ['0', 'abc', '1.5', '-1']) {
      const body = problem(await getRevision(article.id, version), 400)
      expect(body.errors?.map((e) => e.path)).toEqual(['path.version'])
    }
  })
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
    const entries = await ctx.db.prisma.auditEntry.findMany({ where: { resourceId: article.id, action: 'article.restore-revision' } })
    expect(entries).toHaveLength(1)
    expect(entries[0]).toMatchObject({ keyName: 'test admin', resourceType: 'article', requestId: res.headers['x-request-id'] })
    expect((await revision(article.id, 3)).keyName).toBe('test admin')
  })

  it('restore honours If-Match: a stale ETag is a 412 that changes nothing', async () => {
    const article = await createArticle(ctx, { headline: 'Original' })
    await edit(article.id, 1, { headline: 'Edited' })
    const before = await fullSnapshot()

    const body = problem(await restore(article.id, 1, { 'if-match': '"1"' }), 412) as { currentVersion?: number }
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
    const deleted = await ctx.api.delete(`/v1/bylines/${gone.id}`).set('authorization', ctx.auth.editor)
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

describe('diffs between versions', () => {
  it('lists exactly the fields that changed, with the value before and after', async () => {
    const { v1 } = await articleWithTwoEdits()
    const res = await diff(v1.id, 2, 1)
    expect(res.status).toBe(200)
    const body = res.body as DiffBody
    expect({ version: body.version, against: body.against }).toEqual({ version: 2, against: 1 })
    // The order of the fields is not part of the contract.
    expect(byField(body.changes)).toEqual([
      { field: 'headline', from: 'Harbour reopens after storm', to: 'Harbour reopens at last' },
      { field: 'tags', from: ['harbour', 'weather'], to: ['harbour', 'ferries'] },
    ])
  })

  it('shows changed credits, slug and cleared fields, and works in either direction', async () => {
    const { ana, li, v1 } = await articleWithTwoEdits()
    const forward = (await diff(v1.id, 3, 2)).body as DiffBody
    const fields = forward.changes.map((c) => c.field).sort()
    expect(fields).toEqual(['body', 'bylines', 'canonicalUrl', 'creditLine', 'dek', 'heroImage', 'language', 'section', 'slug'])
    expect(forward.changes.find((c) => c.field === 'bylines')).toEqual({
      field: 'bylines',
      from: [{ bylineId: ana.id, role: 'author' }],
      to: [{ bylineId: li.id, role: 'photographer' }],
    })
    expect(forward.changes.find((c) => c.field === 'dek')).toEqual({ field: 'dek', from: 'Ferries run again.', to: null })
    expect(forward.changes.find((c) => c.field === 'slug')).toEqual({ field: 'slug', from: 'harbour-reopens', to: 'harbour-open-again' })

    const backward = (await diff(v1.id, 2, 3)).body as DiffBody
    expect(backward.changes.find((c) => c.field === 'slug')).toEqual({ field: 'slug', from: 'harbour-open-again', to: 'harbour-reopens' })
  })

  it('after restoring version 1, the new version differs from version 1 in nothing and from version 3 in everything version 3 changed', async () => {
    const { v1 } = await articleWithTwoEdits()
    expect((await restore(v1.id, 1)).status).toBe(200)

    const same = await diff(v1.id, 4, 1)
    expect(same.status).toBe(200)
    expect(same.body).toEqual({ version: 4, against: 1, changes: [] })

    const changed = ((await diff(v1.id, 4, 3)).body as DiffBody).changes.map((c) => c.field).sort()
    expect(changed).toEqual(
      ['body', 'bylines', 'canonicalUrl', 'creditLine', 'dek', 'headline', 'heroImage', 'language', 'section', 'slug', 'tags'].sort(),
    )
  })

  it('a version compared with itself has no changes', async () => {
    const article = await createArticle(ctx)
    expect((await diff(article.id, 1, 1)).body).toEqual({ version: 1, against: 1, changes: [] })
  })

  it('a diff against a version the article never had is a 404, as is a diff of one', async () => {
    const article = await createArticle(ctx)
    problem(await diff(article.id, 1, 2), 404)
    problem(await diff(article.id, 2, 1), 404)
  })

  it('against=abc, or no against at all, is a 400 naming query.against', async () => {
    const article = await createArticle(ctx)
    for (const against of ['abc', '0', undefined]) {
      const body = problem(await diff(article.id, 1, against), 400)
      expect(body.errors?.map((e) => e.path)).toEqual(['query.against'])
    }
  })
})

describe('who may use the history', () => {
  it('every revision route answers 401 without a key, and restore then changes nothing', async () => {
    const article = await createArticle(ctx, { status: 'published' })
    await edit(article.id, 1, { headline: 'Edited' })
    const before = await fullSnapshot()

    for (const res of [
      await listRevisions(article.id, '', null),
      await getRevision(article.id, 1, null),
      await diff(article.id, 2, 1, null),
      await restore(article.id, 1, {}, null),
      await restore(article.id, 1, { 'if-match': '"2"' }, null),
    ]) {
      problem(res, 401)
      expect(res.headers['www-authenticate']).toBe('Bearer')
    }
    expect(await fullSnapshot()).toEqual(before)
  })

  it('401 comes before any check of the request: an anonymous restore of an unknown version with a malformed If-Match is still a 401', async () => {
    const article = await createArticle(ctx)
    problem(await restore(article.id, 99, { 'if-match': 'garbage' }, null), 401)
    problem(await getRevision(article.id, 'abc', null), 401)
  })

  it('an invalid key is refused with 401', async () => {
    const article = await createArticle(ctx)
    problem(await listRevisions(article.id, '', 'Bearer not-a-real-key'), 401)
  })

  it('editor and admin keys may both read and restore', async () => {
    const article = await createArticle(ctx)
    await edit(article.id, 1, { headline: 'Edited' })
    for (const auth of [ctx.auth.editor, ctx.auth.admin]) {
      expect((await listRevisions(article.id, '', auth)).status).toBe(200)
      expect((await getRevision(article.id, 1, auth)).status).toBe(200)
      expect((await diff(article.id, 2, 1, auth)).status).toBe(200)
    }
    expect((await restore(article.id, 1, {}, ctx.auth.editor)).status).toBe(200)
    expect((await restore(article.id, 2, {}, ctx.auth.admin)).status).toBe(200)
    expect(await revisionCount(article.id)).toBe(4)
  })
})
