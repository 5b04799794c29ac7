import { describe, expect, it } from 'vitest'
import {
  articleRevisions,
  type RevisionBody,
  type RevisionList,
} from '../../../helpers/article-revisions.js'
import { createArticle, createByline } from '../../../helpers/factories.js'
import { problem, useTestApp } from '../../../helpers/test-app.js'
import { NOW, MINUTE, at, UNKNOWN_ID } from '../../../helpers/time.js'

const ctx = useTestApp()
const { listRevisions, getRevision, diff, restore, edit, revision, revisionCount, fullSnapshot } =
  articleRevisions(ctx)

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
      items: [
        { version: 1, keyName: 'test editor', createdAt: NOW, headline: 'Council votes on budget' },
      ],
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
        sponsorship: null,
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
    expect(one).toMatchObject({
      version: 1,
      keyName: 'test editor',
      createdAt: NOW,
      article: { headline: 'First headline' },
    })
    expect(two).toMatchObject({
      version: 2,
      keyName: 'test admin',
      createdAt: at(5 * MINUTE),
      article: { headline: 'Second headline' },
    })
  })

  it('a revision can be read through the slug of the article as well as its id', async () => {
    const article = await createArticle(ctx, { slug: 'by-slug' })
    const res = await getRevision('by-slug', 1)
    expect(res.status).toBe(200)
    expect((res.body as RevisionBody).article.slug).toBe('by-slug')
    expect(
      (await listRevisions('by-slug')).body.items.map((i: { version: number }) => i.version),
    ).toEqual([1])
    expect(article.slug).toBe('by-slug')
  })

  it('lists revisions newest first, and limit=2 over five versions visits every version exactly once', async () => {
    const article = await createArticle(ctx, { headline: 'Version 1' })
    for (let v = 1; v < 5; v++) await edit(article.id, v, { headline: `Version ${v + 1}` })

    const pages: RevisionList[] = []
    let cursor: string | null = null
    do {
      const res = await listRevisions(
        article.id,
        `?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      )
      expect(res.status).toBe(200)
      pages.push(res.body as RevisionList)
      cursor = (res.body as RevisionList).page.nextCursor
    } while (cursor && pages.length < 10)

    expect(pages.map((p) => p.items.map((i) => i.version))).toEqual([[5, 4], [3, 2], [1]])
    expect(pages.map((p) => p.page.limit)).toEqual([2, 2, 2])
    expect(pages.at(-1)?.page.nextCursor).toBeNull()
    expect(pages.flatMap((p) => p.items.map((i) => i.headline))).toEqual([
      'Version 5',
      'Version 4',
      'Version 3',
      'Version 2',
      'Version 1',
    ])
  })

  it('lists only the revisions of the article asked for', async () => {
    const a = await createArticle(ctx, { headline: 'Story A' })
    const b = await createArticle(ctx, { headline: 'Story B' })
    await edit(b.id, 1, { headline: 'Story B, edited' })
    expect(
      (await listRevisions(a.id)).body.items.map((i: { headline: string }) => i.headline),
    ).toEqual(['Story A'])
    expect(
      (await listRevisions(b.id)).body.items.map((i: { headline: string }) => i.headline),
    ).toEqual(['Story B, edited', 'Story B'])
  })

  it('a cursor this API did not produce is a 400 naming query.cursor, even a well-formed one', async () => {
    const article = await createArticle(ctx)
    const other = await createArticle(ctx, { slug: 'other-story' })
    for (let v = 1; v < 4; v++) await edit(article.id, v, { headline: `Version ${v + 1}` })
    const forge = (key: string, id = article.id) =>
      Buffer.from(JSON.stringify([key, id])).toString('base64url')

    for (const cursor of [
      'not-a-cursor',
      forge('abc'),
      forge('0'),
      forge('1e400'),
      forge('-1'),
      forge('3', other.id),
    ]) {
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
