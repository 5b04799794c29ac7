import { describe, expect, it } from 'vitest'
import { articleWrites, PUBLISHABLE } from '../../helpers/article-writes.js'
import { createByline } from '../../helpers/factories.js'
import { paths, problem, useTestApp } from '../../helpers/test-app.js'
import { NOW } from '../../helpers/time.js'
import type { ArticleBody } from '../../helpers/types.js'

const ctx = useTestApp()
const { post, get, created, unchanged } = articleWrites(ctx)

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
      heroImage: {
        url: 'https://img.example.com/flood.jpg',
        alt: 'A flooded road',
        caption: 'The road at dawn',
        credit: 'Li Wei',
      },
      canonicalUrl: 'https://example.com/valley-floods',
      creditLine: 'Additional reporting by AMPE',
      status: 'draft',
    })
    expect(a).toMatchObject({
      slug: 'valley-floods',
      dek: 'Residents were evacuated overnight.',
      body: 'Water rose **fast**.',
      bodyHtml: '<p>Water rose <strong>fast</strong>.</p>\n',
      section: { slug: 'world', name: 'World' },
      tags: ['weather'],
      language: 'es-419',
      heroImage: {
        url: 'https://img.example.com/flood.jpg',
        alt: 'A flooded road',
        caption: 'The road at dawn',
        credit: 'Li Wei',
      },
      canonicalUrl: 'https://example.com/valley-floods',
      creditLine: 'Additional reporting by AMPE',
    })
    expect((await get('valley-floods')).body).toEqual(a)
  })

  it('accepts a hero image with only url and alt, returning null caption and credit', async () => {
    const res = await post({
      headline: 'Hero',
      heroImage: { url: 'https://img.example.com/a.jpg', alt: 'A harbour' },
    })
    expect(res.status).toBe(201)
    expect(res.body.heroImage).toEqual({
      url: 'https://img.example.com/a.jpg',
      alt: 'A harbour',
      caption: null,
      credit: null,
    })
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
      const results = await Promise.all(
        Array.from({ length: 5 }, () => post({ headline: 'Storm hits the coast' })),
      )
      expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201, 201])
      const slugs = results.map((r) => (r.body as ArticleBody).slug).sort()
      expect(slugs).toEqual([
        'storm-hits-the-coast',
        ...[2, 3, 4, 5].map((n) => `storm-hits-the-coast-${n}`),
      ])
    })

    it('lets one of concurrent articles with the same given slug have it and refuses the others with 409 naming slug', async () => {
      const results = await Promise.all(
        Array.from({ length: 4 }, (_, i) =>
          post({ headline: `Contender ${i}`, slug: 'contested' }),
        ),
      )
      expect(results.filter((r) => r.status === 201)).toHaveLength(1)
      for (const res of results.filter((r) => r.status !== 201))
        expect(problem(res, 409)).toMatchObject({ field: 'slug' })
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
      const bylines = await Promise.all(
        ['Ana Ruiz', 'Li Wei', 'Sam Roe'].map((name) => createByline(ctx, { name })),
      )
      const credits = (n: number) => bylines.slice(0, n).map((b) => ({ byline: b.slug }))
      const statements = (fields: Record<string, unknown>) =>
        ctx.countQueries(() => created({ ...PUBLISHABLE, status: 'published', ...fields }))
      const one = await statements({ headline: 'One byline', bylines: credits(1) })
      expect(await statements({ headline: 'Three bylines', bylines: credits(3) })).toBe(one)
      expect(
        await statements({ headline: 'A given slug', slug: 'given', bylines: credits(3) }),
      ).toBe(one)
      // The key, the bylines, the slug, then the article with its credits, revision and audit entry in
      // one statement, the article read back, its events (the outbox), the change notice and COMMIT
      // (BEGIN is not reported).
      expect(one).toBeLessThanOrEqual(8)
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
      const body = problem(
        await unchanged(() => post({ headline: 'Too many', tags: [...twenty, 'one-more'] })),
        400,
      )
      expect(paths(body)).toContain('tags')
    })

    it('refuses a blank tag', async () => {
      const body = problem(
        await unchanged(() => post({ headline: 'Blank tag', tags: ['ok', '   '] })),
        400,
      )
      expect(paths(body)).toContain('tags.1')
    })

    it('stores a language tag in its canonical form', async () => {
      const a = await created({ headline: 'Language', language: 'en-us' })
      expect(a.language).toBe('en-US')
      expect((await get(a.id)).body.language).toBe('en-US')
    })

    it('refuses a language that is not a BCP 47 tag, naming language', async () => {
      const body = problem(
        await unchanged(() => post({ headline: 'Language', language: 'not a tag!!' })),
        400,
      )
      expect(paths(body)).toEqual(['language'])
    })
  })

  describe('hero image and URLs', () => {
    it('refuses a hero image without alt text, naming heroImage.alt', async () => {
      const body = problem(
        await unchanged(() =>
          post({ headline: 'Hero', heroImage: { url: 'https://img.example.com/a.jpg' } }),
        ),
        400,
      )
      expect(paths(body)).toContain('heroImage.alt')
    })

    it('refuses a blank alt text', async () => {
      const body = problem(
        await unchanged(() =>
          post({
            headline: 'Hero',
            heroImage: { url: 'https://img.example.com/a.jpg', alt: '   ' },
          }),
        ),
        400,
      )
      expect(paths(body)).toContain('heroImage.alt')
    })

    it('refuses a javascript: canonical URL, naming canonicalUrl', async () => {
      for (const canonicalUrl of [
        'javascript:alert(1)',
        'JavaScript://example.com/%0aalert(1)',
        'data:text/html,hi',
        'not a url',
      ]) {
        const body = problem(
          await unchanged(() => post({ headline: 'Canonical', canonicalUrl })),
          400,
        )
        expect(paths(body)).toContain('canonicalUrl')
      }
    })

    it('refuses a javascript: hero image URL, naming heroImage.url', async () => {
      const body = problem(
        await unchanged(() =>
          post({ headline: 'Hero', heroImage: { url: 'javascript:alert(1)', alt: 'x' } }),
        ),
        400,
      )
      expect(paths(body)).toContain('heroImage.url')
    })
  })

  describe('body rendering', () => {
    it('renders no script and no javascript: link from the body, and returns the body unchanged', async () => {
      const source =
        'Hello <script>alert(1)</script>\n\n[x](javascript:alert(1)) <img src=x onerror=alert(1)>\n\n[ok](https://example.com)'
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
        await unchanged(() =>
          post({
            headline: 'Forged',
            bodyHtml: '<script>x</script>',
            wordCount: 9999,
            readingTimeMinutes: 1,
          }),
        ),
        400,
      )
      expect(paths(body)).toEqual(
        expect.arrayContaining(['bodyHtml', 'wordCount', 'readingTimeMinutes']),
      )
    })
  })
})
