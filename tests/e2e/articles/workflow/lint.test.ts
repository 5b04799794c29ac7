import { describe, expect, it } from 'vitest'
import { articleWorkflow, base, codes, type Warning } from '../../../helpers/article-workflow.js'
import { createByline } from '../../../helpers/factories.js'
import { problem, useTestApp } from '../../../helpers/test-app.js'
import { UNKNOWN_ID } from '../../../helpers/time.js'
import type { ArticleBody } from '../../../helpers/types.js'

const ctx = useTestApp()
const { act, get, lint, list, post, created } = articleWorkflow(ctx)

/**
 * A story that passes every lint rule: credited, short headline, balanced quotes, distinct
 * paragraphs, no images, only http(s) links, no name spelled two ways.
 */
const CLEAN = {
  headline: 'Harbour reopens after storm',
  dek: 'Ferries are running again.',
  body: 'The harbour reopened on Monday after three days of closure.\n\n"We are relieved," said the harbour master.\n\nSee [the timetable](https://example.com/ferries).',
  creditLine: 'Staff reporter',
}

/** Creates the story as an editor and returns the warnings of the POST response and of GET …/lint. */
async function warningsFor(fields: Record<string, unknown>) {
  const res = await post({ ...CLEAN, ...fields })
  expect(res.status).toBe(201)
  const article = res.body as ArticleBody
  const report = await lint(article.id)
  expect(report.status).toBe(200)
  // Both ways of reading the lint agree.
  expect(report.body.warnings).toEqual(article.warnings)
  return { article, warnings: report.body.warnings as Warning[] }
}

describe('editorial lint', () => {
  it('a clean story has no warnings', async () => {
    const { warnings } = await warningsFor({})
    expect(warnings).toEqual([])
  })

  it('a body with the lead paragraph pasted twice warns duplicate-paragraph, naming both paragraphs', async () => {
    const lead = 'The harbour reopened on Monday after three days of closure.'
    const { warnings } = await warningsFor({
      body: `${lead}\n\nFerries resumed at noon.\n\n${lead}`,
    })
    expect(codes(warnings)).toEqual(['duplicate-paragraph'])
    expect(warnings[0]).toMatchObject({ field: 'body' })
    expect(warnings[0]?.message).toMatch(/3\b.*\b1\b/)
  })

  it('a duplicated paragraph is found despite differences in whitespace and emphasis', async () => {
    const { warnings } = await warningsFor({
      body: 'Fishing boats were the first to leave port.\n\nFerries resumed at noon.\n\n*Fishing  boats were the first to leave   port.*',
    })
    expect(codes(warnings)).toEqual(['duplicate-paragraph'])
  })

  it('a dek identical to the first paragraph warns dek-repeats-lead', async () => {
    const { warnings } = await warningsFor({
      dek: 'The harbour reopened on Monday after three days of closure.',
    })
    expect(codes(warnings)).toEqual(['dek-repeats-lead'])
    expect(warnings[0]?.field).toBe('dek')
  })

  it('an odd number of straight double quotes warns unbalanced-quotes', async () => {
    const { warnings } = await warningsFor({
      body: 'The mayor said "we will rebuild.\n\nFerries resumed at noon.',
    })
    expect(codes(warnings)).toEqual(['unbalanced-quotes'])
    expect(warnings[0]).toMatchObject({ field: 'body' })
    expect(warnings[0]?.message).toContain('Paragraph 1')
  })

  it('an opening typographic quote without its closing one warns unbalanced-quotes', async () => {
    const { warnings } = await warningsFor({
      body: 'The mayor said “we will rebuild.\n\nFerries resumed at noon.',
    })
    expect(codes(warnings)).toEqual(['unbalanced-quotes'])
  })

  it('unbalanced quotes in the headline or the dek are reported on that field', async () => {
    const headline = await warningsFor({ headline: '“Never again, says mayor' })
    expect(headline.warnings.map((w) => [w.code, w.field])).toEqual([
      ['unbalanced-quotes', 'headline'],
    ])
    const dek = await warningsFor({ dek: 'The "worst storm in decades' })
    expect(dek.warnings.map((w) => [w.code, w.field])).toEqual([['unbalanced-quotes', 'dek']])
  })

  it('balanced typographic quotes spread over a paragraph are fine', async () => {
    const { warnings } = await warningsFor({
      body: '“We are relieved,” she said. “Truly.”\n\nFerries resumed at noon.',
    })
    expect(warnings).toEqual([])
  })

  it('the same name spelled two ways, by a transposed letter, warns name-spelled-two-ways naming both spellings', async () => {
    const { warnings } = await warningsFor({
      body: 'Harbour master Anna Kowalski spoke on Monday.\n\nFerries resumed at noon, Kowalksi added.',
    })
    expect(codes(warnings)).toEqual(['name-spelled-two-ways'])
    expect(warnings[0]?.message).toContain('Kowalski')
    expect(warnings[0]?.message).toContain('Kowalksi')
  })

  it('an image in the body without alt text warns missing-alt-text', async () => {
    const { warnings } = await warningsFor({
      body: 'The harbour reopened on Monday.\n\n![](https://img.example.com/boats.jpg)\n\n![Ferry at the pier](https://img.example.com/ferry.jpg)',
    })
    expect(codes(warnings)).toEqual(['missing-alt-text'])
    expect(warnings[0]?.field).toBe('body')
    expect(warnings[0]?.message).toContain('https://img.example.com/boats.jpg')
  })

  it('a headline of 111 characters warns headline-too-long; 110 characters does not', async () => {
    const long = await warningsFor({ headline: 'h'.repeat(111) })
    expect(long.warnings.map((w) => [w.code, w.field])).toEqual([['headline-too-long', 'headline']])
    const limit = await warningsFor({ headline: 'h'.repeat(110) })
    expect(limit.warnings).toEqual([])
  })

  it('a story with neither a byline nor a credit line warns nobody-credited; a byline silences it', async () => {
    const { warnings } = await warningsFor({ creditLine: null })
    expect(warnings.map((w) => [w.code, w.field])).toEqual([['nobody-credited', 'bylines']])

    const ana = await createByline(ctx, { name: 'Ana Ruiz' })
    const credited = await warningsFor({
      slug: 'credited',
      creditLine: null,
      bylines: [{ byline: ana.slug }],
    })
    expect(credited.warnings).toEqual([])
  })

  it('links with a scheme other than http or https warn non-http-link, one warning per link', async () => {
    const { warnings } = await warningsFor({
      body: 'Click [here](javascript:alert(1)) or write to <mailto:desk@example.com>.\n\nSee [the timetable](https://example.com/ferries) and [the map](http://example.com/map).',
    })
    expect(codes(warnings)).toEqual(['non-http-link', 'non-http-link'])
    expect(warnings.map((w) => w.message).join(' ')).toContain('javascript:')
    expect(warnings.map((w) => w.message).join(' ')).toContain('mailto:desk@example.com')
  })

  it('the lint is recomputed on every change: PATCH and GET return the warnings of the current text', async () => {
    const article = (await warningsFor({})).article
    const lead = CLEAN.body.split('\n\n')[0]
    const res = await ctx.api
      .patch(base(article.id))
      .set('authorization', ctx.auth.editor)
      .set('if-match', '"1"')
      .send({ dek: lead })
    expect(codes(res.body.warnings)).toEqual(['dek-repeats-lead'])
    expect(codes((await get(article.id)).body.warnings)).toEqual(['dek-repeats-lead'])
    expect(codes((await lint(article.id)).body.warnings)).toEqual(['dek-repeats-lead'])
  })

  it('lint of an unknown article is a 404', async () => {
    problem(await lint(UNKNOWN_ID), 404)
  })
})

describe('warnings are advice only', () => {
  const MESSY = {
    headline: `“${'Storm '.repeat(20)}`,
    dek: 'The harbour reopened on Monday.',
    body: 'The harbour reopened on Monday.\n\nKowalski said "soon.\n\n![](ftp://img.example.com/a.jpg)\n\nKowalksi   added:  “wait.  \n\nThe harbour reopened on Monday.\n',
  }

  it('warnings never change the stored text: the body comes back byte-identical everywhere', async () => {
    const res = await post({ ...MESSY, creditLine: null })
    expect(res.status).toBe(201)
    const article = res.body as ArticleBody
    expect(new Set(codes(article.warnings))).toEqual(
      new Set([
        'headline-too-long',
        'unbalanced-quotes',
        'dek-repeats-lead',
        'duplicate-paragraph',
        'name-spelled-two-ways',
        'missing-alt-text',
        'non-http-link',
        'nobody-credited',
      ]),
    )
    expect(article.body).toBe(MESSY.body)
    expect(article.headline).toBe(MESSY.headline)
    expect(article.dek).toBe(MESSY.dek)
    expect((await get(article.id)).body.body).toBe(MESSY.body)
    const revision = await ctx.api
      .get(`${base(article.id)}/revisions/1`)
      .set('authorization', ctx.auth.editor)
    expect(revision.body.article.body).toBe(MESSY.body)
    const stored = await ctx.db.prisma.article.findUniqueOrThrow({ where: { id: article.id } })
    expect([stored.headline, stored.dek, stored.body]).toEqual([
      MESSY.headline,
      MESSY.dek,
      MESSY.body,
    ])
  })

  it('an article with warnings publishes, both on create and through the publish action', async () => {
    const atOnce = await post({
      ...MESSY,
      slug: 'at-once',
      status: 'published',
      creditLine: 'Staff',
    })
    expect(atOnce.status).toBe(201)
    expect(atOnce.body.status).toBe('published')
    expect(atOnce.body.warnings.length).toBeGreaterThan(0)

    const draft = await created({ ...MESSY, slug: 'later', creditLine: 'Staff' })
    const res = await act(draft.id, 'publish')
    expect(res.status).toBe(200)
    expect(res.body.status).toBe('published')
    expect(codes(res.body.warnings)).toContain('duplicate-paragraph')
    expect(res.body.body).toBe(MESSY.body)
  })

  it('anonymous responses carry no warnings key, while keyed reads of the same story do', async () => {
    await post({ ...MESSY, slug: 'public', status: 'published', creditLine: 'Staff' })
    const anonymous = await get('public', null)
    expect(anonymous.status).toBe(200)
    expect(anonymous.body).not.toHaveProperty('warnings')
    expect(anonymous.body.body).toBe(MESSY.body)
    const keyed = await get('public')
    expect(keyed.body).toHaveProperty('warnings')
    expect(codes(keyed.body.warnings)).toContain('duplicate-paragraph')
    const listed = await list('?include=body')
    expect(listed.items).toHaveLength(1)
    expect(listed.items[0]).not.toHaveProperty('warnings')
  })
})
