import { describe, expect, it } from 'vitest'
import { createArticle, createByline } from '../../../helpers/factories.js'
import { problem, useTestApp } from '../../../helpers/test-app.js'
import { NOW, MINUTE, HOUR, at, UNKNOWN_ID } from '../../../helpers/time.js'
import type { ArticleBody } from '../../../helpers/types.js'

const ctx = useTestApp()

// The clock is reset to this instant before every test.

interface Warning {
  code: string
  field: string
  message: string
}

interface ListBody {
  items: { id: string; slug: string; status: string }[]
  page: { nextCursor: string | null }
}

type Action = 'publish' | 'unpublish' | 'archive' | 'restore'

const base = (ref: string) => `/v1/articles/${encodeURIComponent(ref)}`

/** POST /v1/articles/{ref}/{action}, as the editor unless `auth` says otherwise (null: anonymous). */
function act(
  ref: string,
  action: Action,
  { body, ifMatch, auth = ctx.auth.editor }: { body?: unknown; ifMatch?: string; auth?: string | null } = {},
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

async function list(query = '', auth: string | null = null): Promise<ListBody> {
  const req = ctx.api.get(`/v1/articles${query}`)
  if (auth !== null) req.set('authorization', auth)
  const res = await req
  if (res.status !== 200) throw new Error(`GET /v1/articles${query}: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body as ListBody
}
const listedIds = async (query = '', auth: string | null = null) => (await list(query, auth)).items.map((i) => i.id)

/** POST /v1/articles as the editor; returns the raw response so warnings can be read. */
const post = (fields: Record<string, unknown>) =>
  ctx.api
    .post('/v1/articles')
    .set('authorization', ctx.auth.editor)
    .send({ headline: 'Harbour reopens', ...fields })

async function created(fields: Record<string, unknown>): Promise<ArticleBody> {
  const res = await post(fields)
  if (res.status !== 201) throw new Error(`POST /v1/articles: ${res.status} ${JSON.stringify(res.body)}`)
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
  ctx.db.prisma.auditEntry.findMany({ where: { resourceType: 'article', resourceId: articleId }, orderBy: { id: 'asc' } })

const paths = (body: { errors?: { path: string }[] }) => (body.errors ?? []).map((e) => e.path)
const codes = (warnings: Warning[] | undefined) => (warnings ?? []).map((w) => w.code)

/** A draft that can be published: a body and a byline. */
async function publishableDraft(fields: Record<string, unknown> = {}) {
  const ana = await createByline(ctx, { name: 'Ana Ruiz' })
  return created({ body: 'The harbour reopened on Monday.', bylines: [{ byline: ana.slug }], ...fields })
}

describe('POST /v1/articles/{id}/publish', () => {
  it('publishes a draft with a body and a byline now: 200, status published, publishedAt is the clock time, version +1', async () => {
    const draft = await publishableDraft({ slug: 'to-publish' })
    problem(await get('to-publish', null), 404)
    ctx.clock.advance(MINUTE)

    const res = await act(draft.id, 'publish')
    expect(res.status).toBe(200)
    expect(res.headers.etag).toBe('"2"')
    const body = res.body as ArticleBody
    expect(body).toMatchObject({ status: 'published', publishedAt: at(MINUTE), updatedAt: at(MINUTE), version: 2 })

    const anonymous = await get('to-publish', null)
    expect(anonymous.status).toBe(200)
    expect(anonymous.body.status).toBe('published')
    expect(await listedIds()).toEqual([draft.id])
  })

  it('publishes when sent an empty JSON object as the body', async () => {
    const draft = await publishableDraft()
    const res = await act(draft.id, 'publish', { body: {} })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ status: 'published', publishedAt: NOW })
  })

  it('a draft credited only with a credit line can be published', async () => {
    const draft = await created({ body: 'Agency copy.', creditLine: 'Reuters' })
    const res = await act(draft.id, 'publish')
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ status: 'published', creditLine: 'Reuters', bylines: [] })
  })

  it('without a body and without anyone to credit it is a 422 naming body and bylines, and the article stays as it was', async () => {
    const draft = await created({ headline: 'Empty draft', body: '' })
    const res = await unchanged(draft.id, () => act(draft.id, 'publish'))
    const body = problem(res, 422)
    expect(paths(body).sort()).toEqual(['body', 'bylines'])
    const after = (await get(draft.id)).body as ArticleBody
    expect(after).toMatchObject({ version: 1, status: 'draft', publishedAt: null })
  })

  it('a body of only whitespace counts as missing, and a credit alone is not enough', async () => {
    const draft = await created({ body: '  \n\n  ', creditLine: 'Staff' })
    const body = problem(await unchanged(draft.id, () => act(draft.id, 'publish')), 422)
    expect(paths(body)).toEqual(['body'])
  })

  it('a body alone is not enough either: nobody to credit is a 422 naming bylines', async () => {
    const draft = await created({ body: 'Some text.', creditLine: '   ' })
    const body = problem(await unchanged(draft.id, () => act(draft.id, 'publish')), 422)
    expect(paths(body)).toEqual(['bylines'])
  })

  it('publishing an article that is already published keeps its first publication time', async () => {
    const draft = await publishableDraft()
    expect((await act(draft.id, 'publish')).status).toBe(200)
    ctx.clock.advance(HOUR)
    const again = await act(draft.id, 'publish')
    expect(again.status).toBe(200)
    expect(again.body).toMatchObject({ status: 'published', publishedAt: NOW, version: 3 })
  })

  it('an unknown article is a 404', async () => {
    problem(await act(UNKNOWN_ID, 'publish'), 404)
    problem(await act('no-such-story', 'publish'), 404)
  })

  it('an invalid publishedAt or an unknown field is a 400 naming it, and changes nothing', async () => {
    const draft = await publishableDraft()
    const invalid = problem(await unchanged(draft.id, () => act(draft.id, 'publish', { body: { publishedAt: 'tomorrow' } })), 400)
    expect(paths(invalid)).toEqual(['publishedAt'])
    const unknown = problem(await unchanged(draft.id, () => act(draft.id, 'publish', { body: { status: 'archived' } })), 400)
    expect(paths(unknown)).toEqual(['status'])
  })

  it('a publishedAt outside the years 0001–9999 is a 400 naming publishedAt, as on create', async () => {
    const draft = await publishableDraft()
    for (const publishedAt of ['0000-06-01T00:00:00Z', '0001-01-01T00:00:00+01:00']) {
      const res = await unchanged(draft.id, () => act(draft.id, 'publish', { body: { publishedAt } }))
      expect(paths(problem(res, 400))).toEqual(['publishedAt'])
    }
  })
})

describe('scheduling with publishedAt in the future', () => {
  it('a scheduled story is hidden from anonymous readers until the clock reaches its time, then visible without any write', async () => {
    const other = await createArticle(ctx, { slug: 'already-out', status: 'published', publishedAt: at(-HOUR) })
    const draft = await publishableDraft({ slug: 'embargoed' })

    const res = await act(draft.id, 'publish', { body: { publishedAt: at(HOUR) } })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ status: 'scheduled', publishedAt: at(HOUR), version: 2 })

    // Editors see it as scheduled; readers do not see it at all.
    expect((await get('embargoed')).body.status).toBe('scheduled')
    expect(await listedIds('?status=scheduled', ctx.auth.editor)).toEqual([draft.id])
    problem(await get('embargoed', null), 404)
    problem(await get(draft.id, null), 404)
    expect(await listedIds()).toEqual([other.id])

    const before = await fullSnapshot()
    ctx.clock.advance(HOUR - 1)
    problem(await get('embargoed', null), 404)
    expect(await listedIds()).toEqual([other.id])

    ctx.clock.advance(1) // exactly its publishedAt
    const visible = await get('embargoed', null)
    expect(visible.status).toBe(200)
    expect(visible.body).toMatchObject({ id: draft.id, status: 'published', publishedAt: at(HOUR), version: 2 })
    expect(await listedIds()).toEqual([draft.id, other.id])
    expect((await get('embargoed')).body.status).toBe('published')
    expect(await listedIds('?status=scheduled', ctx.auth.editor)).toEqual([])

    // Nothing was written in between: visibility is decided when the story is read.
    expect(await fullSnapshot()).toEqual(before)
  })

  it('publishing a scheduled story without a time publishes it now', async () => {
    const draft = await publishableDraft({ slug: 'early' })
    await act(draft.id, 'publish', { body: { publishedAt: at(HOUR) } })
    ctx.clock.advance(MINUTE)
    const res = await act(draft.id, 'publish')
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ status: 'published', publishedAt: at(MINUTE), version: 3 })
    expect((await get('early', null)).status).toBe(200)
  })

  it('unpublishing a scheduled story keeps it hidden after its time has come', async () => {
    const draft = await publishableDraft({ slug: 'pulled' })
    await act(draft.id, 'publish', { body: { publishedAt: at(HOUR) } })
    const res = await act(draft.id, 'unpublish')
    expect(res.status).toBe(200)
    expect(res.body.status).toBe('draft')
    ctx.clock.advance(2 * HOUR)
    problem(await get('pulled', null), 404)
    expect(await listedIds()).toEqual([])
  })

  it('a publishedAt in the past publishes at once with that time', async () => {
    const draft = await publishableDraft({ slug: 'backdated' })
    const res = await act(draft.id, 'publish', { body: { publishedAt: at(-HOUR) } })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ status: 'published', publishedAt: at(-HOUR) })
    expect((await get('backdated', null)).status).toBe(200)
  })
})

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
    await ctx.api.patch(base(draft.id)).set('authorization', ctx.auth.editor).set('if-match', '"1"').send({ dek: 'New dek' })
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
    problem(await unchanged(article.id, () => act(article.id, 'unpublish', { ifMatch: '"7"' })), 412)
    problem(await unchanged(article.id, () => act(article.id, 'archive', { ifMatch: '"7"' })), 412)
    expect((await ctx.api.delete(base(article.id)).set('authorization', ctx.auth.editor).set('if-match', '"1"')).status).toBe(204)
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
      const rev = await ctx.api.get(`${base(draft.id)}/revisions/${version}`).set('authorization', ctx.auth.editor)
      expect(rev.body).toMatchObject({ version, keyName: step.keyName, article: { status: step.status } })
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
    const deleted = await ctx.api.delete(base(article.id)).set('authorization', ctx.auth.editor).set('if-match', '"1"')
    expect(deleted.status).toBe(204)
    problem(await get('binned', null), 404)
    expect((await get('binned')).body).toMatchObject({ status: 'trashed', version: 2 })

    ctx.clock.advance(MINUTE)
    const res = await act(article.id, 'restore', { ifMatch: '"2"' })
    expect(res.status).toBe(200)
    expect(res.headers.etag).toBe('"3"')
    expect(res.body).toMatchObject({ status: 'published', trashedAt: null, publishedAt: NOW, version: 3 })
    expect((await get('binned', null)).status).toBe(200)
    expect(await listedIds()).toEqual([article.id])

    const entries = await auditOf(article.id)
    expect(entries.map((e) => e.action)).toEqual(['article.create', 'article.trash', 'article.restore'])
    expect(entries.at(-1)?.requestId).toBe(res.headers['x-request-id'])
  })

  it('a draft restored from the trash is a draft again', async () => {
    const article = await createArticle(ctx, { slug: 'draft-binned' })
    await ctx.api.delete(base(article.id)).set('authorization', ctx.auth.editor).set('if-match', '"1"')
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
      const res = await unchanged(article.id, () => act(article.id, action, { auth: null, ifMatch: 'garbage', body: { nope: 1 } }))
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
    const { warnings } = await warningsFor({ body: `${lead}\n\nFerries resumed at noon.\n\n${lead}` })
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
    const { warnings } = await warningsFor({ dek: 'The harbour reopened on Monday after three days of closure.' })
    expect(codes(warnings)).toEqual(['dek-repeats-lead'])
    expect(warnings[0]?.field).toBe('dek')
  })

  it('an odd number of straight double quotes warns unbalanced-quotes', async () => {
    const { warnings } = await warningsFor({ body: 'The mayor said "we will rebuild.\n\nFerries resumed at noon.' })
    expect(codes(warnings)).toEqual(['unbalanced-quotes'])
    expect(warnings[0]).toMatchObject({ field: 'body' })
    expect(warnings[0]?.message).toContain('Paragraph 1')
  })

  it('an opening typographic quote without its closing one warns unbalanced-quotes', async () => {
    const { warnings } = await warningsFor({ body: 'The mayor said “we will rebuild.\n\nFerries resumed at noon.' })
    expect(codes(warnings)).toEqual(['unbalanced-quotes'])
  })

  it('unbalanced quotes in the headline or the dek are reported on that field', async () => {
    const headline = await warningsFor({ headline: '“Never again, says mayor' })
    expect(headline.warnings.map((w) => [w.code, w.field])).toEqual([['unbalanced-quotes', 'headline']])
    const dek = await warningsFor({ dek: 'The "worst storm in decades' })
    expect(dek.warnings.map((w) => [w.code, w.field])).toEqual([['unbalanced-quotes', 'dek']])
  })

  it('balanced typographic quotes spread over a paragraph are fine', async () => {
    const { warnings } = await warningsFor({ body: '“We are relieved,” she said. “Truly.”\n\nFerries resumed at noon.' })
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
    const credited = await warningsFor({ slug: 'credited', creditLine: null, bylines: [{ byline: ana.slug }] })
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
    const revision = await ctx.api.get(`${base(article.id)}/revisions/1`).set('authorization', ctx.auth.editor)
    expect(revision.body.article.body).toBe(MESSY.body)
    const stored = await ctx.db.prisma.article.findUniqueOrThrow({ where: { id: article.id } })
    expect([stored.headline, stored.dek, stored.body]).toEqual([MESSY.headline, MESSY.dek, MESSY.body])
  })

  it('an article with warnings publishes, both on create and through the publish action', async () => {
    const atOnce = await post({ ...MESSY, slug: 'at-once', status: 'published', creditLine: 'Staff' })
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

describe('workflow actions on a trashed article', () => {
  it('refuses to publish, unpublish or archive an article in the trash with 409, changing nothing', async () => {
    const article = await createArticle(ctx, { bylines: [], creditLine: 'Desk', body: 'Text.' })
    const trashed = await ctx.api
      .delete(`/v1/articles/${article.id}`)
      .set('authorization', ctx.auth.editor)
      .set('if-match', `"${article.version}"`)
    expect(trashed.status).toBe(204)
    for (const action of ['publish', 'unpublish', 'archive']) {
      const res = await ctx.api.post(`/v1/articles/${article.id}/${action}`).set('authorization', ctx.auth.editor)
      expect(problem(res, 409).detail).toContain('trash')
    }
    const after = await ctx.api.get(`/v1/articles/${article.id}`).set('authorization', ctx.auth.editor)
    expect(after.body).toMatchObject({ status: 'trashed', version: article.version + 1 })
  })
})
