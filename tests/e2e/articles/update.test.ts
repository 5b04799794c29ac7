import { describe, expect, it } from 'vitest'
import { articleWrites, ifMatch, PUBLISHABLE } from '../../helpers/article-writes.js'
import { createByline } from '../../helpers/factories.js'
import { paths, problem, useTestApp } from '../../helpers/test-app.js'
import { NOW, MINUTE, UNKNOWN_ID } from '../../helpers/time.js'
import type { ArticleBody } from '../../helpers/types.js'

const ctx = useTestApp()
const { post, patch, get, created, unchanged, raw } = articleWrites(ctx)

describe('PATCH /v1/articles/{idOrSlug}', () => {
  it('changes only the given fields and bumps version and updatedAt', async () => {
    await createByline(ctx, { name: 'Ana Ruiz' })
    const a = await created({
      headline: 'Original headline',
      dek: 'Original dek',
      body: 'Original body.',
      tags: ['one'],
      section: 'world',
      bylines: [{ byline: 'ana-ruiz' }],
      heroImage: { url: 'https://img.example.com/a.jpg', alt: 'Alt' },
    })
    ctx.clock.advance(5 * MINUTE)
    const res = await patch(a.slug, { dek: 'A sharper dek' }, ifMatch(a))
    expect(res.status).toBe(200)
    expect(res.headers.etag).toBe('"2"')
    const b = res.body as ArticleBody
    expect(b).toEqual({
      ...a,
      dek: 'A sharper dek',
      version: 2,
      updatedAt: '2026-06-01T12:05:00.000Z',
      jsonLd: {
        ...a.jsonLd,
        description: 'A sharper dek',
        dateModified: '2026-06-01T12:05:00.000Z',
      },
    })
    expect((await get(a.id)).body).toEqual(b)
  })

  it('addresses the article by id as well as by slug', async () => {
    const a = await created({ headline: 'By id' })
    const res = await patch(a.id, { headline: 'By id, changed' }, ifMatch(a))
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ headline: 'By id, changed', slug: 'by-id', version: 2 })
  })

  it('re-renders bodyHtml and recounts words when the body changes', async () => {
    const a = await created({ headline: 'Body', body: 'one two' })
    const res = await patch(a.slug, { body: '**three** four five <script>x</script>' }, ifMatch(a))
    expect(res.status).toBe(200)
    expect(res.body.bodyHtml).toContain('<strong>three</strong>')
    expect(res.body.bodyHtml).not.toMatch(/<script/i)
    expect(res.body.wordCount).toBe(6)
  })

  it('normalises tags and language as on create', async () => {
    const a = await created({ headline: 'Normalise' })
    const res = await patch(
      a.slug,
      { tags: [' Climate ', 'climate', 'TRADE'], language: 'zh-hant-tw' },
      ifMatch(a),
    )
    expect(res.status).toBe(200)
    expect(res.body.tags).toEqual(['climate', 'trade'])
    expect(res.body.language).toBe('zh-Hant-TW')
  })

  it('changes the slug of a never-published draft, after which the old slug is 404 and the new one resolves', async () => {
    const a = await created({ headline: 'Old slug' })
    const res = await patch(a.slug, { slug: 'new-slug' }, ifMatch(a))
    expect(res.status).toBe(200)
    expect(res.body.slug).toBe('new-slug')
    problem(await get('old-slug'), 404)
    expect((await get('new-slug')).body.id).toBe(a.id)
  })

  it('changes the slug of a published article, after which the old slug answers 308 to the new one', async () => {
    const a = await created({ headline: 'Old slug', status: 'published', ...PUBLISHABLE })
    const res = await patch(a.slug, { slug: 'new-slug' }, ifMatch(a))
    expect(res.status).toBe(200)
    expect(res.body.slug).toBe('new-slug')
    for (const auth of [null, ctx.auth.editor]) {
      const req = ctx.api.get('/v1/articles/old-slug')
      const moved = await (auth ? req.set('authorization', auth) : req)
      expect(moved.status).toBe(308)
      expect(moved.headers.location).toBe('/v1/articles/new-slug')
    }
    expect((await get('new-slug')).body.id).toBe(a.id)
    // The old slug stays reserved for this article.
    problem(await unchanged(() => post({ headline: 'Squatter', slug: 'old-slug' })), 409)
  })

  it('refuses a slug taken by another article with 409 and changes nothing', async () => {
    await created({ headline: 'Taken', slug: 'taken' })
    const a = await created({ headline: 'Mine', slug: 'mine' })
    problem(
      await unchanged(
        () => patch('mine', { slug: 'taken', dek: 'would change' }, ifMatch(a)),
        a.id,
      ),
      409,
    )
  })

  it('replaces the credits with the given bylines, in order', async () => {
    await createByline(ctx, { name: 'Ana Ruiz' })
    await createByline(ctx, { name: 'Li Wei' })
    await createByline(ctx, { name: 'Sam Roe' })
    const a = await created({
      headline: 'Credits',
      bylines: [{ byline: 'ana-ruiz' }, { byline: 'li-wei' }],
    })
    expect(a.bylineText).toBe('By Ana Ruiz and Li Wei')
    const res = await patch(
      a.slug,
      { bylines: [{ byline: 'sam-roe' }, { byline: 'ana-ruiz', role: 'photographer' }] },
      ifMatch(a),
    )
    expect(res.status).toBe(200)
    expect(
      res.body.bylines.map((b: { slug: string; role: string }) => `${b.slug}/${b.role}`),
    ).toEqual(['sam-roe/author', 'ana-ruiz/photographer'])
    expect(res.body.bylineText).toBe('By Sam Roe')
    expect((await ctx.snapshot()).credits).toBe(2)

    const cleared = await patch(a.slug, { bylines: [] }, ifMatch(res.body))
    expect(cleared.status).toBe(200)
    expect(cleared.body.bylines).toEqual([])
    expect(cleared.body.bylineText).toBeNull()
    expect((await ctx.snapshot()).credits).toBe(0)
  })

  it('keeps the credits when bylines are not given', async () => {
    await createByline(ctx, { name: 'Ana Ruiz' })
    const a = await created({ headline: 'Keep credits', bylines: [{ byline: 'ana-ruiz' }] })
    const res = await patch(a.slug, { headline: 'Keep credits, edited' }, ifMatch(a))
    expect(res.status).toBe(200)
    expect(res.body.bylines).toEqual(a.bylines)
  })

  it('refuses an unknown byline with 422 naming bylines.1.byline and keeps the old credits', async () => {
    await createByline(ctx, { name: 'Ana Ruiz' })
    const a = await created({ headline: 'Credits kept', bylines: [{ byline: 'ana-ruiz' }] })
    const res = await unchanged(
      () =>
        patch(
          a.slug,
          { headline: 'Changed', bylines: [{ byline: 'ana-ruiz' }, { byline: 'ghost' }] },
          ifMatch(a),
        ),
      a.id,
    )
    expect(paths(problem(res, 422))).toEqual(['bylines.1.byline'])
  })

  it('clears an optional field given null', async () => {
    const a = await created({
      headline: 'Clear',
      dek: 'To be cleared',
      section: 'world',
      heroImage: { url: 'https://img.example.com/a.jpg', alt: 'Alt' },
      canonicalUrl: 'https://example.com/x',
      creditLine: 'AMPE',
    })
    const res = await patch(a.slug, { dek: null }, ifMatch(a))
    expect(res.status).toBe(200)
    expect(res.body.dek).toBeNull()
    expect(res.body.section).toEqual({ slug: 'world', name: 'World' })
    const all = await patch(
      a.slug,
      { section: null, heroImage: null, canonicalUrl: null, creditLine: null },
      ifMatch(res.body),
    )
    expect(all.body).toMatchObject({
      section: null,
      heroImage: null,
      canonicalUrl: null,
      creditLine: null,
      version: 3,
    })
    expect((await get(a.id)).body).toEqual(all.body)
  })

  it('sets a hero image given only url and alt, returning null caption and credit', async () => {
    const a = await created({ headline: 'Add hero' })
    const res = await patch(
      a.slug,
      { heroImage: { url: 'https://img.example.com/b.jpg', alt: 'Boats' } },
      ifMatch(a),
    )
    expect(res.status).toBe(200)
    expect(res.body.heroImage).toEqual({
      url: 'https://img.example.com/b.jpg',
      alt: 'Boats',
      caption: null,
      credit: null,
    })
  })

  it('refuses null for required fields, naming them', async () => {
    const a = await created({ headline: 'Required' })
    const res = await unchanged(
      () =>
        patch(
          a.slug,
          {
            headline: null,
            slug: null,
            body: null,
            tags: null,
            language: null,
            status: null,
            bylines: null,
          },
          ifMatch(a),
        ),
      a.id,
    )
    expect(paths(problem(res, 400))).toEqual(
      expect.arrayContaining(['headline', 'slug', 'body', 'tags', 'language', 'status', 'bylines']),
    )
  })

  it('stamps publishedAt on first publication and keeps it through later status changes', async () => {
    const a = await created({ headline: 'Later', ...PUBLISHABLE })
    ctx.clock.set('2026-06-02T09:00:00.000Z')
    const published = await patch(a.slug, { status: 'published' }, ifMatch(a))
    expect(published.status).toBe(200)
    expect(published.body.publishedAt).toBe('2026-06-02T09:00:00.000Z')
    ctx.clock.set('2026-06-03T09:00:00.000Z')
    const archived = await patch(a.slug, { status: 'archived' }, ifMatch(published.body))
    expect(archived.status).toBe(200)
    ctx.clock.set('2026-06-04T09:00:00.000Z')
    const again = await patch(a.slug, { status: 'published' }, ifMatch(archived.body))
    expect(again.status).toBe(200)
    expect(again.body.publishedAt).toBe('2026-06-02T09:00:00.000Z')
    expect(again.body.version).toBe(4)
  })

  it('refuses to publish an article without a body or anyone to credit with 422 naming them, changing nothing', async () => {
    const a = await created({ headline: 'Bare draft' })
    const res = await unchanged(() => patch(a.slug, { status: 'published' }, ifMatch(a)), a.id)
    expect(paths(problem(res, 422))).toEqual(['body', 'bylines'])
    // Removing what a published article needs is refused too.
    const ready = await patch(a.slug, { status: 'published', ...PUBLISHABLE }, ifMatch(a))
    expect(ready.status).toBe(200)
    expect(ready.body.status).toBe('published')
    const stripped = await unchanged(
      () => patch(a.slug, { body: '', creditLine: null }, ifMatch(ready.body)),
      a.id,
    )
    expect(paths(problem(stripped, 422))).toEqual(['body', 'bylines'])
  })

  describe('If-Match', () => {
    it('applies the change when If-Match is the current version and returns the new ETag', async () => {
      const a = await created({ headline: 'Versioned' })
      const res = await patch(a.slug, { dek: 'v2' }, { 'if-match': '"1"' })
      expect(res.status).toBe(200)
      expect(res.headers.etag).toBe('"2"')
      expect(res.body.version).toBe(2)
      const next = await patch(a.slug, { dek: 'v3' }, { 'if-match': res.headers.etag as string })
      expect(next.status).toBe(200)
      expect(next.headers.etag).toBe('"3"')
    })

    it('refuses a stale If-Match with 412 and currentVersion, changing nothing', async () => {
      const a = await created({ headline: 'Stale' })
      expect((await patch(a.slug, { dek: 'someone else' }, ifMatch(a))).status).toBe(200)
      const res = await unchanged(() => patch(a.slug, { dek: 'mine' }, { 'if-match': '"1"' }), a.id)
      const body = problem(res, 412) as ReturnType<typeof problem> & { currentVersion?: number }
      expect(body.currentVersion).toBe(2)
    })

    it('refuses a malformed If-Match with 400, changing nothing', async () => {
      const a = await created({ headline: 'Malformed' })
      for (const value of ['1', 'W/"1"', '"abc"', '"1', '"99999999999999999999"']) {
        const res = await unchanged(() => patch(a.slug, { dek: 'x' }, { 'if-match': value }), a.id)
        expect(paths(problem(res, 400))).toEqual(['headers.if-match'])
      }
    })

    it('refuses a PATCH without If-Match, or with If-Match: *, with 428, changing nothing', async () => {
      const a = await created({ headline: 'Any' })
      for (const headers of [{}, { 'if-match': '*' }, { 'if-match': ' * ' }] as Record<
        string,
        string
      >[]) {
        const body = problem(await unchanged(() => patch(a.slug, { dek: 'x' }, headers), a.id), 428)
        expect(body.type).toBe('urn:newsroom-cms:problem:precondition-required')
        expect(body.detail).toMatch(/If-Match/)
      }
    })

    it('answers 404 rather than 412 for an unknown article with If-Match', async () => {
      problem(await patch('no-such-article', { dek: 'x' }, { 'if-match': '"1"' }), 404)
    })
  })

  it('refuses id, version and other read-only fields with 400 naming the field', async () => {
    const a = await created({ headline: 'Read-only' })
    for (const [field, value] of [
      ['id', UNKNOWN_ID],
      ['version', 9],
      ['createdAt', NOW],
      ['updatedAt', NOW],
      ['bodyHtml', '<b>x</b>'],
      ['wordCount', 1],
      ['readingTimeMinutes', 1],
      ['bylineText', 'By Nobody'],
    ] as const) {
      const res = await unchanged(() => patch(a.slug, { [field]: value }, ifMatch(a)), a.id)
      expect(paths(problem(res, 400))).toEqual([field])
    }
  })

  it('refuses invalid values with 400, changing nothing', async () => {
    const a = await created({ headline: 'Invalid' })
    const cases: [Record<string, unknown>, string][] = [
      [{ headline: 'x'.repeat(301) }, 'headline'],
      [{ body: 'a'.repeat(200_001) }, 'body'],
      [{ tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }, 'tags'],
      [{ language: 'not a tag!!' }, 'language'],
      [{ heroImage: { url: 'https://img.example.com/a.jpg' } }, 'heroImage.alt'],
      [{ canonicalUrl: 'javascript:alert(1)' }, 'canonicalUrl'],
      [{ publishedAt: '0000-01-01T00:00:00Z' }, 'publishedAt'],
      [{ headline: 'a\u0000b' }, 'headline'],
      [{ body: 'a\u0000b' }, 'body'],
      [
        { heroImage: { url: 'https://img.example.com/a.jpg', alt: 'a', caption: '\u0000' } },
        'heroImage.caption',
      ],
    ]
    for (const [fields, path] of cases) {
      const res = await unchanged(() => patch(a.slug, fields, ifMatch(a)), a.id)
      expect(paths(problem(res, 400))).toContain(path)
    }
  })

  it('answers 404 for an unknown id or slug', async () => {
    problem(
      await unchanged(() => patch('no-such-article', { dek: 'x' }, { 'if-match': '"1"' })),
      404,
    )
    problem(await unchanged(() => patch(UNKNOWN_ID, { dek: 'x' }, { 'if-match': '"1"' })), 404)
  })

  it('refuses anonymous, garbage-key, text/plain, malformed, oversized and unknown-field requests', async () => {
    const a = await created({ headline: 'Guarded' })
    const url = `/v1/articles/${a.slug}`
    const current = ifMatch(a)
    const anonymous = await unchanged(() => patch(a.slug, { dek: 'x' }, current, null), a.id)
    problem(anonymous, 401)
    problem(await unchanged(() => patch(a.slug, { bogus: 1 }, current, null), a.id), 401)
    problem(
      await unchanged(() => patch(a.slug, { dek: 'x' }, current, 'Bearer garbage'), a.id),
      401,
    )
    problem(
      await unchanged(
        () => raw('patch', url, '{"dek":"x"}', 'text/plain', ctx.auth.editor, current),
        a.id,
      ),
      415,
    )
    problem(
      await unchanged(
        () => raw('patch', url, '{"dek":', 'application/json', ctx.auth.editor, current),
        a.id,
      ),
      400,
    )
    const huge = JSON.stringify({ body: 'a'.repeat(1024 * 1024) })
    problem(
      await unchanged(
        () => raw('patch', url, huge, 'application/json', ctx.auth.editor, current),
        a.id,
      ),
      413,
    )
    expect(
      paths(
        problem(await unchanged(() => patch(a.slug, { dek: 'x', bogus: 1 }, current), a.id), 400),
      ),
    ).toEqual(['bogus'])
  })

  it("lets exactly one of concurrent PATCHes carrying the same ETag win: the others get 412 and the stored article is the winner's edit", async () => {
    await createByline(ctx, { name: 'Ana Ruiz' })
    await createByline(ctx, { name: 'Li Wei' })
    const a = await created({ headline: 'Raced' })
    const ROUNDS = 20
    const RACERS = 8
    let current: ArticleBody = a
    // The race is run many times: a lost update that only shows under some interleaving must not slip through.
    for (let round = 1; round <= ROUNDS; round++) {
      const read = await get(a.id)
      const etag = read.headers.etag as string
      expect(etag).toBe(`"${current.version}"`)
      const results = await Promise.all(
        Array.from({ length: RACERS }, (_, i) =>
          patch(
            a.slug,
            {
              dek: `round ${round}, edit ${i}`,
              bylines: [{ byline: i % 2 ? 'ana-ruiz' : 'li-wei' }],
            },
            { 'if-match': etag },
          ),
        ),
      )
      const statuses = results.map((r) => r.status)
      const winners = results.filter((r) => r.status === 200)
      expect(winners, `round ${round}: ${statuses.join(', ')}`).toHaveLength(1)
      expect(
        statuses.filter((s) => s === 412),
        `round ${round}: ${statuses.join(', ')}`,
      ).toHaveLength(RACERS - 1)
      const winner = winners[0]!
      const next = current.version + 1
      expect(winner.body.version).toBe(next)
      expect(winner.headers.etag).toBe(`"${next}"`)
      for (const loser of results.filter((r) => r.status === 412)) {
        expect(
          (problem(loser, 412) as ReturnType<typeof problem> & { currentVersion?: number })
            .currentVersion,
        ).toBe(next)
      }
      const i = results.indexOf(winner)
      const stored = (await get(a.id)).body as ArticleBody
      expect(stored).toEqual(winner.body)
      expect(stored.dek).toBe(`round ${round}, edit ${i}`)
      expect(stored.bylines.map((b) => b.slug)).toEqual([i % 2 ? 'ana-ruiz' : 'li-wei'])
      expect((await ctx.snapshot()).credits).toBe(1)
      current = stored
    }
    expect(current.version).toBe(1 + ROUNDS)
    // Only the winners left a trace: one revision and one audit entry each, plus the creation.
    expect(await ctx.db.prisma.articleRevision.count({ where: { articleId: a.id } })).toBe(
      1 + ROUNDS,
    )
    expect(
      await ctx.db.prisma.auditEntry.count({
        where: { resourceType: 'article', resourceId: a.id },
      }),
    ).toBe(1 + ROUNDS)
  })
})
