import { describe, expect, it } from 'vitest'
import { createArticle, createByline } from '../helpers/factories.js'
import { problem, useTestApp } from '../helpers/test-app.js'
import { NOW, MINUTE, UNKNOWN_ID } from '../helpers/time.js'
import type { ArticleBody } from '../helpers/types.js'

const ctx = useTestApp()

// The clock is reset to this instant before every test.

/** What publishing needs besides a headline: a body and someone to credit. */
const PUBLISHABLE = { body: 'The harbour reopened on Monday.', creditLine: 'Staff reporter' }

const paths = (body: { errors?: { path: string }[] }) => (body.errors ?? []).map((e) => e.path)

const post = (body: unknown, auth: string | null = ctx.auth.editor) => {
  const req = ctx.api.post('/v1/articles')
  if (auth !== null) req.set('authorization', auth)
  return req.send(body as object)
}
const patch = (ref: string, body: unknown, headers: Record<string, string> = {}, auth: string | null = ctx.auth.editor) => {
  const req = ctx.api.patch(`/v1/articles/${encodeURIComponent(ref)}`)
  if (auth !== null) req.set('authorization', auth)
  for (const [name, value] of Object.entries(headers)) req.set(name, value)
  return req.send(body as object)
}
const del = (ref: string, headers: Record<string, string> = {}, auth: string | null = ctx.auth.editor, query = '') => {
  const req = ctx.api.delete(`/v1/articles/${encodeURIComponent(ref)}${query}`)
  if (auth !== null) req.set('authorization', auth)
  for (const [name, value] of Object.entries(headers)) req.set(name, value)
  return req
}
/** The If-Match header of a client that read `article` (from any response carrying it). */
const ifMatch = (article: { version: number }) => ({ 'if-match': `"${article.version}"` })
/** A keyed read, so drafts are visible too. */
const get = (ref: string) => ctx.api.get(`/v1/articles/${encodeURIComponent(ref)}`).set('authorization', ctx.auth.editor)

async function created(fields: Record<string, unknown>): Promise<ArticleBody> {
  const res = await post(fields)
  if (res.status !== 201) throw new Error(`POST /v1/articles: ${res.status} ${JSON.stringify(res.body)}`)
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

describe('POST /v1/articles', () => {
  it('creates an article from a headline alone, with documented defaults', async () => {
    const res = await post({ headline: 'Harbour reopens after storm' })
    expect(res.status).toBe(201)
    expect(res.headers['content-type']).toMatch(/^application\/json/)
    const a = res.body as ArticleBody
    expect(a).toMatchObject({
      slug: 'harbour-reopens-after-storm',
      headline: 'Harbour reopens after storm',
      dek: null,
      body: '',
      section: null,
      tags: [],
      language: 'en',
      heroImage: null,
      canonicalUrl: null,
      bylines: [],
      bylineText: null,
      creditLine: null,
      status: 'draft',
      publishedAt: null,
      trashedAt: null,
      createdAt: NOW,
      updatedAt: NOW,
      version: 1,
      wordCount: 0,
      readingTimeMinutes: 0,
    })
    expect(a.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
    expect(res.headers.etag).toBe('"1"')
    expect((await get(a.id)).body).toEqual(a)
  })

  it('stores every writable field and returns them', async () => {
    const a = await created({
      headline: 'Floods close the valley road',
      slug: 'valley-floods',
      dek: 'Residents were evacuated overnight.',
      body: 'Water rose **fast**.',
      section: 'world',
      tags: ['weather'],
      language: 'es-419',
      heroImage: { url: 'https://img.example.com/flood.jpg', alt: 'A flooded road', caption: 'The road at dawn', credit: 'Li Wei' },
      canonicalUrl: 'https://example.com/valley-floods',
      creditLine: 'Additional reporting by AMPE',
      status: 'draft',
    })
    expect(a).toMatchObject({
      slug: 'valley-floods',
      dek: 'Residents were evacuated overnight.',
      body: 'Water rose **fast**.',
      bodyHtml: '<p>Water rose <strong>fast</strong>.</p>\n',
      section: 'world',
      tags: ['weather'],
      language: 'es-419',
      heroImage: { url: 'https://img.example.com/flood.jpg', alt: 'A flooded road', caption: 'The road at dawn', credit: 'Li Wei' },
      canonicalUrl: 'https://example.com/valley-floods',
      creditLine: 'Additional reporting by AMPE',
    })
    expect((await get('valley-floods')).body).toEqual(a)
  })

  it('accepts a hero image with only url and alt, returning null caption and credit', async () => {
    const res = await post({ headline: 'Hero', heroImage: { url: 'https://img.example.com/a.jpg', alt: 'A harbour' } })
    expect(res.status).toBe(201)
    expect(res.body.heroImage).toEqual({ url: 'https://img.example.com/a.jpg', alt: 'A harbour', caption: null, credit: null })
    expect((await get(res.body.id)).body.heroImage).toEqual(res.body.heroImage)
  })

  it('lets admins write as well as editors', async () => {
    const res = await post({ headline: 'Written by an admin' }, ctx.auth.admin)
    expect(res.status).toBe(201)
  })

  describe('slugs', () => {
    it('derives the slug from a headline with typographic quotes and an ellipsis', async () => {
      const a = await created({ headline: 'Ministers hail “a new chapter” …' })
      expect(a.slug).toBe('ministers-hail-a-new-chapter')
    })

    it('suffixes the derived slug when a second article has the same headline', async () => {
      const first = await created({ headline: 'Ministers hail “a new chapter” …' })
      const second = await created({ headline: 'Ministers hail “a new chapter” …' })
      const third = await created({ headline: 'Ministers hail “a new chapter” …' })
      expect(first.slug).toBe('ministers-hail-a-new-chapter')
      expect(second.slug).toBe('ministers-hail-a-new-chapter-2')
      expect(third.slug).toBe('ministers-hail-a-new-chapter-3')
      expect(new Set([first.id, second.id, third.id]).size).toBe(3)
    })

    it('falls back to a generic slug when the headline has no transliterable letters', async () => {
      const a = await created({ headline: '🔥🔥🔥' })
      const b = await created({ headline: '🌊' })
      expect(a.slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/)
      expect(b.slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/)
      expect(a.slug).not.toBe(b.slug)
    })

    it('refuses an explicit slug that is already taken with 409 and stores nothing', async () => {
      await created({ headline: 'First', slug: 'taken' })
      const res = await unchanged(() => post({ headline: 'Second', slug: 'taken' }))
      problem(res, 409)
    })

    it('refuses a slug that is not lower-case words and hyphens, naming slug', async () => {
      for (const slug of ['Upper-Case', 'two--hyphens', 'trailing-', 'with space', '']) {
        const body = problem(await unchanged(() => post({ headline: 'Bad slug', slug })), 400)
        expect(paths(body)).toContain('slug')
      }
    })

    it('gives concurrent articles with the same headline a slug each', async () => {
      const results = await Promise.all(Array.from({ length: 5 }, () => post({ headline: 'Storm hits the coast' })))
      expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201, 201])
      const slugs = results.map((r) => (r.body as ArticleBody).slug).sort()
      expect(slugs).toEqual(['storm-hits-the-coast', ...[2, 3, 4, 5].map((n) => `storm-hits-the-coast-${n}`)])
    })

    it('lets one of concurrent articles with the same given slug have it and refuses the others with 409 naming slug', async () => {
      const results = await Promise.all(Array.from({ length: 4 }, (_, i) => post({ headline: `Contender ${i}`, slug: 'contested' })))
      expect(results.filter((r) => r.status === 201)).toHaveLength(1)
      for (const res of results.filter((r) => r.status !== 201)) expect(problem(res, 409)).toMatchObject({ field: 'slug' })
      expect(await ctx.db.prisma.article.count()).toBe(1)
    })

    it('skips a derived slug whose numbered variants up to -10 are all taken', async () => {
      const headline = 'Council meets'
      for (let i = 0; i < 11; i++) await created({ headline })
      expect((await created({ headline })).slug).toBe('council-meets-12')
    })
  })

  describe('cost', () => {
    it('sends the same few SQL statements for one byline or three, with a derived or a given slug', async () => {
      const bylines = await Promise.all(['Ana Ruiz', 'Li Wei', 'Sam Roe'].map((name) => createByline(ctx, { name })))
      const credits = (n: number) => bylines.slice(0, n).map((b) => ({ byline: b.slug }))
      const statements = (fields: Record<string, unknown>) => ctx.countQueries(() => created({ ...PUBLISHABLE, status: 'published', ...fields }))
      const one = await statements({ headline: 'One byline', bylines: credits(1) })
      expect(await statements({ headline: 'Three bylines', bylines: credits(3) })).toBe(one)
      expect(await statements({ headline: 'A given slug', slug: 'given', bylines: credits(3) })).toBe(one)
      // The key, the bylines, the slug, then the article with its credits, revision and audit entry in
      // one statement, the article read back, the change notice and COMMIT (BEGIN is not reported).
      expect(one).toBeLessThanOrEqual(7)
    })
  })

  describe('text fidelity', () => {
    it('returns a headline with typographic quotes, Cyrillic, CJK and emoji byte-exact, also on GET', async () => {
      const headline = '“Мир” и «війна»: 東京で会議 — 北京 📰🔥 ‘quoted’ café'
      const dek = 'Ёлка — 한국어 — עברית — العربية 👩🏽‍💻'
      const a = await created({ headline, dek, tags: ['東京'] })
      expect(a.headline).toBe(headline)
      expect(Buffer.from(a.headline, 'utf8').equals(Buffer.from(headline, 'utf8'))).toBe(true)
      expect(a.dek).toBe(dek)
      expect(a.tags).toEqual(['東京'])
      const read = (await get(a.id)).body as ArticleBody
      expect(read.headline).toBe(headline)
      expect(read.dek).toBe(dek)
    })

    it('does not normalise Unicode: composed and decomposed forms are kept as sent', async () => {
      const composed = 'Caf\u00e9'
      const decomposed = 'Cafe\u0301'
      const a = await created({ headline: composed })
      const b = await created({ headline: decomposed })
      expect(a.headline).toBe(composed)
      expect(b.headline).toBe(decomposed)
    })

    it('refuses text containing a NUL character (which PostgreSQL cannot store) with 400 naming the field', async () => {
      await createByline(ctx, { name: 'Ana Ruiz' })
      const hero = { url: 'https://img.example.com/a.jpg', alt: 'a' }
      const cases: [Record<string, unknown>, string][] = [
        [{ headline: 'Break\u0000ing' }, 'headline'],
        [{ body: 'a\u0000b' }, 'body'],
        [{ dek: '\u0000' }, 'dek'],
        [{ tags: ['ok', 'x\u0000'] }, 'tags.1'],
        [{ creditLine: 'AMPE\u0000' }, 'creditLine'],
        [{ canonicalUrl: 'https://example.com/a\u0000b' }, 'canonicalUrl'],
        [{ slug: 'a\u0000b' }, 'slug'],
        [{ section: 'a\u0000b' }, 'section'],
        [{ language: 'en\u0000' }, 'language'],
        [{ bylines: [{ byline: 'ana-ruiz' }, { byline: 'ana-ruiz\u0000' }] }, 'bylines.1.byline'],
        [{ heroImage: { ...hero, alt: 'a\u0000' } }, 'heroImage.alt'],
        [{ heroImage: { ...hero, caption: '\u0000' } }, 'heroImage.caption'],
        [{ heroImage: { ...hero, credit: '\u0000' } }, 'heroImage.credit'],
        [{ heroImage: { ...hero, url: 'https://img.example.com/a\u0000.jpg' } }, 'heroImage.url'],
      ]
      for (const [fields, path] of cases) {
        const body = problem(await unchanged(() => post({ headline: 'Ok', ...fields })), 400)
        expect(paths(body)).toContain(path)
      }
    })
  })

  describe('tags and language', () => {
    it('trims, lower-cases and de-duplicates tags, keeping first-seen order', async () => {
      const a = await created({ headline: 'Tags', tags: [' Climate ', 'climate', 'TRADE'] })
      expect(a.tags).toEqual(['climate', 'trade'])
      expect((await get(a.id)).body.tags).toEqual(['climate', 'trade'])
    })

    it('accepts 20 tags and refuses 21 with 400 naming tags', async () => {
      const twenty = Array.from({ length: 20 }, (_, i) => `tag-${i}`)
      expect((await created({ headline: 'Twenty', tags: twenty })).tags).toEqual(twenty)
      const body = problem(await unchanged(() => post({ headline: 'Too many', tags: [...twenty, 'one-more'] })), 400)
      expect(paths(body)).toContain('tags')
    })

    it('refuses a blank tag', async () => {
      const body = problem(await unchanged(() => post({ headline: 'Blank tag', tags: ['ok', '   '] })), 400)
      expect(paths(body)).toContain('tags.1')
    })

    it('stores a language tag in its canonical form', async () => {
      const a = await created({ headline: 'Language', language: 'en-us' })
      expect(a.language).toBe('en-US')
      expect((await get(a.id)).body.language).toBe('en-US')
    })

    it('refuses a language that is not a BCP 47 tag, naming language', async () => {
      const body = problem(await unchanged(() => post({ headline: 'Language', language: 'not a tag!!' })), 400)
      expect(paths(body)).toEqual(['language'])
    })
  })

  describe('hero image and URLs', () => {
    it('refuses a hero image without alt text, naming heroImage.alt', async () => {
      const body = problem(await unchanged(() => post({ headline: 'Hero', heroImage: { url: 'https://img.example.com/a.jpg' } })), 400)
      expect(paths(body)).toContain('heroImage.alt')
    })

    it('refuses a blank alt text', async () => {
      const body = problem(
        await unchanged(() => post({ headline: 'Hero', heroImage: { url: 'https://img.example.com/a.jpg', alt: '   ' } })),
        400,
      )
      expect(paths(body)).toContain('heroImage.alt')
    })

    it('refuses a javascript: canonical URL, naming canonicalUrl', async () => {
      for (const canonicalUrl of ['javascript:alert(1)', 'JavaScript://example.com/%0aalert(1)', 'data:text/html,hi', 'not a url']) {
        const body = problem(await unchanged(() => post({ headline: 'Canonical', canonicalUrl })), 400)
        expect(paths(body)).toContain('canonicalUrl')
      }
    })

    it('refuses a javascript: hero image URL, naming heroImage.url', async () => {
      const body = problem(
        await unchanged(() => post({ headline: 'Hero', heroImage: { url: 'javascript:alert(1)', alt: 'x' } })),
        400,
      )
      expect(paths(body)).toContain('heroImage.url')
    })
  })

  describe('body rendering', () => {
    it('renders no script and no javascript: link from the body, and returns the body unchanged', async () => {
      const source = 'Hello <script>alert(1)</script>\n\n[x](javascript:alert(1)) <img src=x onerror=alert(1)>\n\n[ok](https://example.com)'
      const a = await created({ headline: 'XSS', body: source })
      expect(a.body).toBe(source)
      expect(a.bodyHtml).not.toMatch(/<script/i)
      expect(a.bodyHtml).not.toMatch(/href\s*=\s*["']?\s*javascript:/i)
      expect(a.bodyHtml).not.toMatch(/<img/i)
      expect(a.bodyHtml).toContain('&lt;script&gt;')
      expect(a.bodyHtml).toContain('<a href="https://example.com">ok</a>')
      const read = (await get(a.id)).body as ArticleBody
      expect(read.body).toBe(source)
      expect(read.bodyHtml).toBe(a.bodyHtml)
    })

    it('counts the words a reader sees and the minutes to read them', async () => {
      const a = await created({
        headline: 'Counting',
        body: '# Storm hits coast\n\nThe **harbour** reopened on Monday, officials said. [Read more](https://example.com/a-very-long-path)\n',
      })
      expect(a.wordCount).toBe(12)
      expect(a.readingTimeMinutes).toBe(1)

      const long = await created({ headline: 'Long read', body: 'word '.repeat(461) })
      expect(long.wordCount).toBe(461)
      expect(long.readingTimeMinutes).toBe(3)

      const exact = await created({ headline: 'Exactly two minutes', body: 'word '.repeat(460) })
      expect(exact.wordCount).toBe(460)
      expect(exact.readingTimeMinutes).toBe(2)
    })

    it('refuses client-supplied bodyHtml, wordCount and readingTimeMinutes', async () => {
      const body = problem(
        await unchanged(() => post({ headline: 'Forged', bodyHtml: '<script>x</script>', wordCount: 9999, readingTimeMinutes: 1 })),
        400,
      )
      expect(paths(body)).toEqual(expect.arrayContaining(['bodyHtml', 'wordCount', 'readingTimeMinutes']))
    })
  })

  describe('bylines', () => {
    it('writes "By Ana Ruiz" for one author', async () => {
      await createByline(ctx, { name: 'Ana Ruiz' })
      const a = await created({ headline: 'One', bylines: [{ byline: 'ana-ruiz', role: 'author' }] })
      expect(a.bylineText).toBe('By Ana Ruiz')
    })

    it('writes "By Ana Ruiz and Li Wei" for two authors', async () => {
      await createByline(ctx, { name: 'Ana Ruiz' })
      await createByline(ctx, { name: 'Li Wei' })
      const a = await created({ headline: 'Two', bylines: [{ byline: 'ana-ruiz' }, { byline: 'li-wei' }] })
      expect(a.bylineText).toBe('By Ana Ruiz and Li Wei')
    })

    it('writes "By Ana Ruiz, Li Wei and Sam Roe" for three authors', async () => {
      for (const name of ['Ana Ruiz', 'Li Wei', 'Sam Roe']) await createByline(ctx, { name })
      const a = await created({
        headline: 'Three',
        bylines: [{ byline: 'ana-ruiz' }, { byline: 'li-wei' }, { byline: 'sam-roe' }],
      })
      expect(a.bylineText).toBe('By Ana Ruiz, Li Wei and Sam Roe')
    })

    it('writes the agency name alone for agency-only copy', async () => {
      await createByline(ctx, { name: 'AMPE', kind: 'agency' })
      const a = await created({ headline: 'Agency', bylines: [{ byline: 'ampe', role: 'author' }] })
      expect(a.bylineText).toBe('AMPE')
    })

    it('writes no byline text for a photographer-only credit', async () => {
      await createByline(ctx, { name: 'Sam Roe' })
      const a = await created({ headline: 'Photo', bylines: [{ byline: 'sam-roe', role: 'photographer' }] })
      expect(a.bylines).toHaveLength(1)
      expect(a.bylineText).toBeNull()
    })

    it('writes no byline text when nobody is credited', async () => {
      const a = await created({ headline: 'Nobody', creditLine: 'Staff' })
      expect(a.bylineText).toBeNull()
    })

    it('keeps the credit order and embeds each byline with id, name, slug, kind and role', async () => {
      const sam = await createByline(ctx, { name: 'Sam Roe', kind: 'contributor' })
      const ana = await createByline(ctx, { name: 'Ana Ruiz' })
      const ampe = await createByline(ctx, { name: 'AMPE', kind: 'agency' })
      const a = await created({
        headline: 'Ordered',
        bylines: [
          { byline: sam.id, role: 'author' },
          { byline: 'ana-ruiz', role: 'photographer' },
          { byline: ampe.slug, role: 'contributor' },
          { byline: ana.id.toUpperCase(), role: 'translator' },
        ],
      })
      expect(a.bylines).toEqual([
        { id: sam.id, name: 'Sam Roe', slug: 'sam-roe', kind: 'contributor', role: 'author' },
        { id: ana.id, name: 'Ana Ruiz', slug: 'ana-ruiz', kind: 'staff', role: 'photographer' },
        { id: ampe.id, name: 'AMPE', slug: 'ampe', kind: 'agency', role: 'contributor' },
        { id: ana.id, name: 'Ana Ruiz', slug: 'ana-ruiz', kind: 'staff', role: 'translator' },
      ])
      expect(a.bylineText).toBe('By Sam Roe')
      expect((await get(a.id)).body.bylines).toEqual(a.bylines)
    })

    it('defaults a credit role to author', async () => {
      await createByline(ctx, { name: 'Ana Ruiz' })
      const a = await created({ headline: 'Default role', bylines: [{ byline: 'ana-ruiz' }] })
      expect(a.bylines[0]?.role).toBe('author')
    })

    it('refuses an unknown byline with 422 naming bylines.1.byline and stores nothing', async () => {
      await createByline(ctx, { name: 'Ana Ruiz' })
      const res = await unchanged(() =>
        post({ headline: 'Unknown byline', bylines: [{ byline: 'ana-ruiz' }, { byline: 'nobody-here' }, { byline: UNKNOWN_ID }] }),
      )
      const body = problem(res, 422)
      expect(paths(body)).toEqual(['bylines.1.byline', 'bylines.2.byline'])
      const list = await ctx.api.get('/v1/articles').set('authorization', ctx.auth.editor)
      expect(list.body.items).toEqual([])
    })

    it('refuses the same byline credited twice in the same role with 422', async () => {
      const ana = await createByline(ctx, { name: 'Ana Ruiz' })
      const body = problem(
        await unchanged(() => post({ headline: 'Twice', bylines: [{ byline: 'ana-ruiz' }, { byline: ana.id }] })),
        422,
      )
      expect(paths(body)).toEqual(['bylines.1'])
    })

    it('refuses an unknown role, naming bylines.0.role', async () => {
      await createByline(ctx, { name: 'Ana Ruiz' })
      const body = problem(await unchanged(() => post({ headline: 'Role', bylines: [{ byline: 'ana-ruiz', role: 'ghost' }] })), 400)
      expect(paths(body)).toContain('bylines.0.role')
    })
  })

  describe('publication', () => {
    it('stamps publishedAt with the clock time when published without one', async () => {
      ctx.clock.set('2026-07-04T08:30:15.123Z')
      const a = await created({ headline: 'Published now', status: 'published', ...PUBLISHABLE })
      expect(a.status).toBe('published')
      expect(a.publishedAt).toBe('2026-07-04T08:30:15.123Z')
      expect(a.createdAt).toBe('2026-07-04T08:30:15.123Z')
    })

    it('keeps an explicit future publishedAt', async () => {
      const a = await created({ headline: 'Embargoed', status: 'published', publishedAt: '2026-12-24T18:00:00+01:00', ...PUBLISHABLE })
      expect(a.publishedAt).toBe('2026-12-24T17:00:00.000Z')
      // Published with a time still to come: editors see it as scheduled.
      expect(a.status).toBe('scheduled')
      const read = (await get(a.id)).body as ArticleBody
      expect(read.publishedAt).toBe('2026-12-24T17:00:00.000Z')
      expect(read.status).toBe('scheduled')
    })

    it('refuses to publish without a body or anyone to credit with 422 naming body and bylines, storing nothing', async () => {
      for (const fields of [{}, { body: ' \n\t ', creditLine: '   ' }]) {
        const res = await unchanged(() => post({ headline: 'Not ready', status: 'published', ...fields }))
        expect(paths(problem(res, 422))).toEqual(['body', 'bylines'])
      }
      expect(paths(problem(await unchanged(() => post({ headline: 'No credit', status: 'published', body: 'Text.' })), 422))).toEqual([
        'bylines',
      ])
      expect(paths(problem(await unchanged(() => post({ headline: 'No body', status: 'published', creditLine: 'AMPE' })), 422))).toEqual([
        'body',
      ])
    })

    it('publishes with a byline, or a credit line, as the credit', async () => {
      await createByline(ctx, { name: 'Ana Ruiz' })
      const byline = await created({ headline: 'Bylined', status: 'published', body: 'Text.', bylines: [{ byline: 'ana-ruiz' }] })
      expect(byline).toMatchObject({ status: 'published', creditLine: null, bylineText: 'By Ana Ruiz' })
      const credited = await created({ headline: 'Credited', status: 'published', body: 'Text.', creditLine: 'AMPE' })
      expect(credited).toMatchObject({ status: 'published', creditLine: 'AMPE', bylines: [] })
    })

    it('refuses a publishedAt that is not an ISO date-time, naming publishedAt', async () => {
      for (const publishedAt of [
        'yesterday',
        '2026-02-30T10:00:00Z',
        '2026-06-01',
        '0000-01-01T00:00:00Z',
        '0001-01-01T00:30:00+01:00',
        '9999-12-31T23:59:59-05:00',
      ]) {
        const body = problem(await unchanged(() => post({ headline: 'Bad date', publishedAt })), 400)
        expect(paths(body)).toContain('publishedAt')
      }
    })

    it('accepts publication times at the edges of years 0001 and 9999', async () => {
      const early = await created({ headline: 'Early', publishedAt: '0001-01-01T00:00:00Z' })
      const late = await created({ headline: 'Late', publishedAt: '9999-12-31T23:59:59.999Z' })
      expect(early.publishedAt).toBe('0001-01-01T00:00:00.000Z')
      expect(late.publishedAt).toBe('9999-12-31T23:59:59.999Z')
    })

    it('refuses an unknown status', async () => {
      const body = problem(await unchanged(() => post({ headline: 'Status', status: 'live' })), 400)
      expect(paths(body)).toContain('status')
    })
  })

  describe('validation', () => {
    it('refuses a missing, blank or 301-character headline and accepts 300', async () => {
      for (const fields of [{}, { headline: '' }, { headline: '   ' }, { headline: 'x'.repeat(301) }, { headline: 42 }]) {
        const body = problem(await unchanged(() => post(fields)), 400)
        expect(paths(body)).toContain('headline')
      }
      expect((await created({ headline: 'x'.repeat(300) })).headline).toHaveLength(300)
    })

    it('refuses a 200,001-character body and accepts 200,000', async () => {
      const body = problem(await unchanged(() => post({ headline: 'Huge', body: 'a'.repeat(200_001) })), 400)
      expect(paths(body)).toContain('body')
      expect((await created({ headline: 'Big', body: 'a'.repeat(200_000) })).body).toHaveLength(200_000)
    })

    it('refuses a dek over 600 characters', async () => {
      const body = problem(await unchanged(() => post({ headline: 'Dek', dek: 'd'.repeat(601) })), 400)
      expect(paths(body)).toContain('dek')
    })

    it('refuses unknown and read-only fields with 400 naming each of them', async () => {
      const body = problem(
        await unchanged(() =>
          post({
            headline: 'Mass assignment',
            id: UNKNOWN_ID,
            version: 7,
            createdAt: NOW,
            updatedAt: NOW,
            bogus: true,
          }),
        ),
        400,
      )
      expect(paths(body)).toEqual(expect.arrayContaining(['id', 'version', 'createdAt', 'updatedAt', 'bogus']))
    })

    it('refuses an unknown field inside a hero image or a credit', async () => {
      await createByline(ctx, { name: 'Ana Ruiz' })
      const body = problem(
        await unchanged(() =>
          post({
            headline: 'Nested',
            heroImage: { url: 'https://img.example.com/a.jpg', alt: 'a', width: 10 },
            bylines: [{ byline: 'ana-ruiz', position: 3 }],
          }),
        ),
        400,
      )
      expect(paths(body)).toEqual(expect.arrayContaining(['heroImage.width', 'bylines.0.position']))
    })

    it('refuses a JSON body that is not an object with 400', async () => {
      for (const text of ['null', '[]', '"headline"', '42']) {
        problem(await unchanged(() => raw('post', '/v1/articles', text)), 400)
      }
    })

    it('refuses prototype-poisoning keys with 400', async () => {
      problem(await unchanged(() => raw('post', '/v1/articles', '{"headline":"x","__proto__":{"status":"published"}}')), 400)
      problem(await unchanged(() => raw('post', '/v1/articles', '{"headline":"x","constructor":{"prototype":{"a":1}}}')), 400)
    })
  })

  describe('transport and auth', () => {
    it('refuses an anonymous write with 401 and a Bearer challenge', async () => {
      const res = await unchanged(() => post({ headline: 'Anonymous' }, null))
      problem(res, 401)
      expect(res.headers['www-authenticate']).toBe('Bearer')
    })

    it('refuses an anonymous write with 401 even when its body is invalid', async () => {
      problem(await unchanged(() => post({ bogus: true }, null)), 401)
    })

    it('refuses a garbage or malformed key with 401', async () => {
      for (const auth of ['Bearer not-a-real-key', 'Bearer ', 'Basic dXNlcjpwYXNz', 'garbage']) {
        problem(await unchanged(() => post({ headline: 'Garbage key' }, auth)), 401)
      }
    })

    it('refuses a text/plain body with 415', async () => {
      problem(await unchanged(() => raw('post', '/v1/articles', '{"headline":"Plain"}', 'text/plain')), 415)
    })

    it('refuses malformed JSON with 400', async () => {
      problem(await unchanged(() => raw('post', '/v1/articles', '{"headline": "Broken",')), 400)
      problem(await unchanged(() => raw('post', '/v1/articles', '')), 400)
    })

    it('refuses a body over 1 MiB with 413', async () => {
      const text = JSON.stringify({ headline: 'Huge', body: 'a'.repeat(1024 * 1024) })
      problem(await unchanged(() => raw('post', '/v1/articles', text)), 413)
    })
  })
})

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
      jsonLd: { ...a.jsonLd, description: 'A sharper dek', dateModified: '2026-06-01T12:05:00.000Z' },
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
    const res = await patch(a.slug, { tags: [' Climate ', 'climate', 'TRADE'], language: 'zh-hant-tw' }, ifMatch(a))
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
    problem(await unchanged(() => patch('mine', { slug: 'taken', dek: 'would change' }, ifMatch(a)), a.id), 409)
  })

  it('replaces the credits with the given bylines, in order', async () => {
    await createByline(ctx, { name: 'Ana Ruiz' })
    await createByline(ctx, { name: 'Li Wei' })
    await createByline(ctx, { name: 'Sam Roe' })
    const a = await created({ headline: 'Credits', bylines: [{ byline: 'ana-ruiz' }, { byline: 'li-wei' }] })
    expect(a.bylineText).toBe('By Ana Ruiz and Li Wei')
    const res = await patch(a.slug, { bylines: [{ byline: 'sam-roe' }, { byline: 'ana-ruiz', role: 'photographer' }] }, ifMatch(a))
    expect(res.status).toBe(200)
    expect(res.body.bylines.map((b: { slug: string; role: string }) => `${b.slug}/${b.role}`)).toEqual([
      'sam-roe/author',
      'ana-ruiz/photographer',
    ])
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
      () => patch(a.slug, { headline: 'Changed', bylines: [{ byline: 'ana-ruiz' }, { byline: 'ghost' }] }, ifMatch(a)),
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
    expect(res.body.section).toBe('world')
    const all = await patch(a.slug, { section: null, heroImage: null, canonicalUrl: null, creditLine: null }, ifMatch(res.body))
    expect(all.body).toMatchObject({ section: null, heroImage: null, canonicalUrl: null, creditLine: null, version: 3 })
    expect((await get(a.id)).body).toEqual(all.body)
  })

  it('sets a hero image given only url and alt, returning null caption and credit', async () => {
    const a = await created({ headline: 'Add hero' })
    const res = await patch(a.slug, { heroImage: { url: 'https://img.example.com/b.jpg', alt: 'Boats' } }, ifMatch(a))
    expect(res.status).toBe(200)
    expect(res.body.heroImage).toEqual({ url: 'https://img.example.com/b.jpg', alt: 'Boats', caption: null, credit: null })
  })

  it('refuses null for required fields, naming them', async () => {
    const a = await created({ headline: 'Required' })
    const res = await unchanged(
      () => patch(a.slug, { headline: null, slug: null, body: null, tags: null, language: null, status: null, bylines: null }, ifMatch(a)),
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
    const stripped = await unchanged(() => patch(a.slug, { body: '', creditLine: null }, ifMatch(ready.body)), a.id)
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
      for (const headers of [{}, { 'if-match': '*' }, { 'if-match': ' * ' }] as Record<string, string>[]) {
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
      [{ heroImage: { url: 'https://img.example.com/a.jpg', alt: 'a', caption: '\u0000' } }, 'heroImage.caption'],
    ]
    for (const [fields, path] of cases) {
      const res = await unchanged(() => patch(a.slug, fields, ifMatch(a)), a.id)
      expect(paths(problem(res, 400))).toContain(path)
    }
  })

  it('answers 404 for an unknown id or slug', async () => {
    problem(await unchanged(() => patch('no-such-article', { dek: 'x' }, { 'if-match': '"1"' })), 404)
    problem(await unchanged(() => patch(UNKNOWN_ID, { dek: 'x' }, { 'if-match': '"1"' })), 404)
  })

  it('refuses anonymous, garbage-key, text/plain, malformed, oversized and unknown-field requests', async () => {
    const a = await created({ headline: 'Guarded' })
    const url = `/v1/articles/${a.slug}`
    const current = ifMatch(a)
    const anonymous = await unchanged(() => patch(a.slug, { dek: 'x' }, current, null), a.id)
    problem(anonymous, 401)
    problem(await unchanged(() => patch(a.slug, { bogus: 1 }, current, null), a.id), 401)
    problem(await unchanged(() => patch(a.slug, { dek: 'x' }, current, 'Bearer garbage'), a.id), 401)
    problem(await unchanged(() => raw('patch', url, '{"dek":"x"}', 'text/plain', ctx.auth.editor, current), a.id), 415)
    problem(await unchanged(() => raw('patch', url, '{"dek":', 'application/json', ctx.auth.editor, current), a.id), 400)
    const huge = JSON.stringify({ body: 'a'.repeat(1024 * 1024) })
    problem(await unchanged(() => raw('patch', url, huge, 'application/json', ctx.auth.editor, current), a.id), 413)
    expect(paths(problem(await unchanged(() => patch(a.slug, { dek: 'x', bogus: 1 }, current), a.id), 400))).toEqual(['bogus'])
  })

  it('lets exactly one of concurrent PATCHes carrying the same ETag win: the others get 412 and the stored article is the winner\'s edit', async () => {
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
          patch(a.slug, { dek: `round ${round}, edit ${i}`, bylines: [{ byline: i % 2 ? 'ana-ruiz' : 'li-wei' }] }, { 'if-match': etag }),
        ),
      )
      const statuses = results.map((r) => r.status)
      const winners = results.filter((r) => r.status === 200)
      expect(winners, `round ${round}: ${statuses.join(', ')}`).toHaveLength(1)
      expect(statuses.filter((s) => s === 412), `round ${round}: ${statuses.join(', ')}`).toHaveLength(RACERS - 1)
      const winner = winners[0]!
      const next = current.version + 1
      expect(winner.body.version).toBe(next)
      expect(winner.headers.etag).toBe(`"${next}"`)
      for (const loser of results.filter((r) => r.status === 412)) {
        expect((problem(loser, 412) as ReturnType<typeof problem> & { currentVersion?: number }).currentVersion).toBe(next)
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
    expect(await ctx.db.prisma.articleRevision.count({ where: { articleId: a.id } })).toBe(1 + ROUNDS)
    expect(await ctx.db.prisma.auditEntry.count({ where: { resourceType: 'article', resourceId: a.id } })).toBe(1 + ROUNDS)
  })
})

describe('DELETE /v1/articles/{idOrSlug}', () => {
  const listIds = async (query = '', auth: string | null = ctx.auth.editor) => {
    const req = ctx.api.get(`/v1/articles${query}`)
    const res = await (auth ? req.set('authorization', auth) : req)
    expect(res.status).toBe(200)
    return (res.body.items as { id: string }[]).map((i) => i.id)
  }

  it('moves an article to the trash by slug with 204, after which readers get 404 and editors see it trashed', async () => {
    const a = await created({ headline: 'Doomed', status: 'published', ...PUBLISHABLE })
    ctx.clock.advance(5 * MINUTE)
    const res = await del(a.slug, ifMatch(a))
    expect(res.status).toBe(204)
    expect(res.text).toBe('')
    problem(await ctx.api.get(`/v1/articles/${a.slug}`), 404)
    problem(await ctx.api.get(`/v1/articles/${a.id}`), 404)
    for (const ref of [a.slug, a.id]) {
      const trashed = await get(ref)
      expect(trashed.status).toBe(200)
      expect(trashed.body).toMatchObject({ id: a.id, status: 'trashed', trashedAt: '2026-06-01T12:05:00.000Z', version: 2 })
      expect(trashed.headers.etag).toBe('"2"')
    }
    expect(await listIds('', null)).toEqual([])
    expect(await listIds()).toEqual([])
    expect(await listIds('?status=trashed')).toEqual([a.id])
    // Trashing it again changes nothing.
    expect((await unchanged(() => del(a.slug, { 'if-match': '"2"' }), a.id)).status).toBe(204)
  })

  it('trashes an article by id, keeping it and its credits, and leaving other articles alone', async () => {
    await createByline(ctx, { name: 'Ana Ruiz' })
    const a = await created({ headline: 'Credited', bylines: [{ byline: 'ana-ruiz' }] })
    const keep = await createArticle(ctx)
    expect((await del(a.id, ifMatch(a))).status).toBe(204)
    expect(await ctx.snapshot()).toMatchObject({ articles: 2, bylines: 1, credits: 1 })
    expect((await get(a.id)).body.bylines).toEqual(a.bylines)
    expect((await get(keep.id)).body).toMatchObject({ id: keep.id, status: 'draft', trashedAt: null, version: 1 })
  })

  it('deletes an article for good with ?permanent=true and an admin key, removing its credits but not its bylines', async () => {
    await createByline(ctx, { name: 'Ana Ruiz' })
    const trashedFirst = await created({ headline: 'Trashed first', status: 'published', body: 'Text.', bylines: [{ byline: 'ana-ruiz' }] })
    const straight = await created({ headline: 'Straight out', bylines: [{ byline: 'ana-ruiz' }] })
    const keep = await createArticle(ctx)
    expect((await del(trashedFirst.id, ifMatch(trashedFirst))).status).toBe(204)
    expect((await del(trashedFirst.slug, { 'if-match': '"2"' }, ctx.auth.admin, '?permanent=true')).status).toBe(204)
    const res = await del(straight.id, ifMatch(straight), ctx.auth.admin, '?permanent=true')
    expect(res.status).toBe(204)
    expect(res.text).toBe('')
    expect(await ctx.snapshot()).toMatchObject({ articles: 1, bylines: 1, credits: 0 })
    for (const gone of [trashedFirst, straight]) {
      problem(await get(gone.id), 404)
      problem(await get(gone.slug), 404)
      expect(await ctx.db.prisma.articleRevision.count({ where: { articleId: gone.id } })).toBe(0)
    }
    expect(await listIds('?status=trashed')).toEqual([])
    expect((await get(keep.id)).status).toBe(200)
  })

  it('refuses ?permanent=true from an editor key with 403, changing nothing', async () => {
    const a = await created({ headline: 'Editors only trash' })
    problem(await unchanged(() => del(a.slug, ifMatch(a), ctx.auth.editor, '?permanent=true'), a.id), 403)
  })

  it('refuses a DELETE without If-Match (or with *) with 428 and a stale one with 412, changing nothing', async () => {
    const a = await created({ headline: 'Kept', status: 'published', ...PUBLISHABLE })
    for (const query of ['', '?permanent=true']) {
      for (const headers of [{}, { 'if-match': '*' }] as Record<string, string>[]) {
        const body = problem(await unchanged(() => del(a.slug, headers, ctx.auth.admin, query), a.id), 428)
        expect(body.type).toBe('urn:newsroom-cms:problem:precondition-required')
      }
    }
    const edited = await patch(a.slug, { dek: 'edited meanwhile' }, ifMatch(a))
    expect(edited.status).toBe(200)
    for (const query of ['', '?permanent=true']) {
      const body = problem(await unchanged(() => del(a.slug, ifMatch(a), ctx.auth.admin, query), a.id), 412)
      expect((body as typeof body & { currentVersion?: number }).currentVersion).toBe(2)
    }
    expect((await ctx.api.get(`/v1/articles/${a.slug}`)).status).toBe(200)
  })

  it('answers 404 for an unknown id or slug', async () => {
    await created({ headline: 'Bystander' })
    problem(await unchanged(() => del('no-such-article', { 'if-match': '"1"' })), 404)
    problem(await unchanged(() => del(UNKNOWN_ID, { 'if-match': '"1"' })), 404)
  })

  it('refuses an anonymous or garbage-key delete with 401 and keeps the article', async () => {
    const a = await created({ headline: 'Protected' })
    problem(await unchanged(() => del(a.slug, ifMatch(a), null), a.id), 401)
    problem(await unchanged(() => del(a.slug, ifMatch(a), 'Bearer garbage'), a.id), 401)
  })

  it('lets an admin delete', async () => {
    const a = await created({ headline: 'Admin delete' })
    expect((await del(a.slug, ifMatch(a), ctx.auth.admin)).status).toBe(204)
    expect((await get(a.id)).body.status).toBe('trashed')
  })
})
