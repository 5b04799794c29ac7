import { describe, expect, it } from 'vitest'
import { createArticle, createByline } from '../../../helpers/factories.js'
import { problem, useTestApp } from '../../../helpers/test-app.js'
import { at } from '../../../helpers/time.js'

const ctx = useTestApp()

// The clock is reset to this instant before every test.
const HOUR = 60 * 60 * 1000

interface SearchItem {
  id: string
  slug: string
  status: string
  rank: number
  snippet?: string
  body?: string
  [key: string]: unknown
}
interface SearchBody {
  items: SearchItem[]
  page: { limit: number; nextCursor: string | null }
}

async function search(query: string, auth?: string): Promise<SearchBody> {
  const req = ctx.api.get(`/v1/articles?${query}`)
  if (auth) req.set('authorization', auth)
  const res = await req
  if (res.status !== 200)
    throw new Error(`GET /v1/articles?${query}: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body as SearchBody
}

const slugsOf = (body: SearchBody) => body.items.map((i) => i.slug)
const q = (text: string) => `q=${encodeURIComponent(text)}`

/** Follows nextCursor to the end and returns every item, in order. */
async function allItems(query: string, auth?: string): Promise<SearchItem[]> {
  const items: SearchItem[] = []
  let cursor: string | null = null
  for (let pages = 0; ; pages++) {
    if (pages > 50) throw new Error('pagination does not end')
    const page = await search(
      cursor ? `${query}&cursor=${encodeURIComponent(cursor)}` : query,
      auth,
    )
    items.push(...page.items)
    cursor = page.page.nextCursor
    if (!cursor) return items
  }
}

const published = (slug: string, fields: Record<string, unknown>, hoursAgo = 1) =>
  createArticle(ctx, { slug, status: 'published', publishedAt: at(-hoursAgo * HOUR), ...fields })

/** The corpus: the oldest story has "flood" in its headline, the newest only once in its body. */
async function floodCorpus() {
  await published(
    'headline-match',
    { headline: 'Flood warning for the valley', body: 'Residents were told to prepare.' },
    10,
  )
  await published(
    'body-thrice',
    {
      headline: 'Council meeting',
      body: 'The flood came. A second flood followed. The flood receded.',
    },
    5,
  )
  await published(
    'body-once',
    { headline: 'Weather roundup', body: 'Rain, wind and a small flood in the north.' },
    1,
  )
  await published(
    'dek-match',
    {
      headline: 'Valley news',
      dek: 'Flood defences were tested',
      body: 'Engineers checked the walls.',
    },
    3,
  )
  await published(
    'unrelated',
    { headline: 'Harbour reopens', body: 'Boats returned to the harbour on Monday.' },
    2,
  )
}

describe('GET /v1/articles?q=: ranking', () => {
  it('ranks a headline match above a dek match above body matches, more occurrences above fewer, whatever the recency', async () => {
    await floodCorpus()
    const body = await search(q('flood'))
    expect(slugsOf(body)).toEqual(['headline-match', 'body-thrice', 'dek-match', 'body-once'])
    const ranks = body.items.map((i) => i.rank)
    expect(ranks.every((r) => typeof r === 'number' && r > 0)).toBe(true)
    expect([...ranks].sort((a, b) => b - a)).toEqual(ranks)
    expect(new Set(ranks).size).toBe(ranks.length)
  })

  it('stems English words: "flooding" finds "flood"', async () => {
    await floodCorpus()
    expect(slugsOf(await search(q('flooding')))).toContain('headline-match')
  })

  it('words are AND-ed; "a phrase" needs the words adjacent; -word excludes; or widens', async () => {
    await published('surge-phrase', {
      headline: 'Coast braces',
      body: 'A storm surge is expected tonight.',
    })
    await published('surge-apart', {
      headline: 'Coast update',
      body: 'The surge of visitors ended before the storm.',
    })
    await published('storm-only', {
      headline: 'Storm passes',
      body: 'Quiet morning after the storm.',
    })

    expect(new Set(slugsOf(await search(q('storm surge'))))).toEqual(
      new Set(['surge-phrase', 'surge-apart']),
    )
    expect(slugsOf(await search(q('"storm surge"')))).toEqual(['surge-phrase'])
    expect(new Set(slugsOf(await search(q('storm -surge'))))).toEqual(new Set(['storm-only']))
    expect(new Set(slugsOf(await search(q('visitors or morning'))))).toEqual(
      new Set(['surge-apart', 'storm-only']),
    )
  })

  it('no match and stop words only are an empty 200 list', async () => {
    await floodCorpus()
    expect(await search(q('zeppelin'))).toEqual({
      items: [],
      page: { limit: 20, nextCursor: null },
    })
    expect((await search(q('the and of'))).items).toEqual([])
  })

  it('combines with section, tag, byline and include=body', async () => {
    const ana = await createByline(ctx, { name: 'Ana Ruiz' })
    await published('world-tagged', {
      headline: 'Flood in Spain',
      section: 'world',
      tags: ['climate'],
      bylines: [{ byline: ana.id }],
    })
    await published('world-untagged', { headline: 'Flood in France', section: 'world' })
    await published('local-tagged', {
      headline: 'Flood downtown',
      section: 'local',
      tags: ['climate'],
    })
    await published('world-dry', {
      headline: 'Drought in Spain',
      section: 'world',
      tags: ['climate'],
    })

    expect(new Set(slugsOf(await search(`${q('flood')}&section=world`)))).toEqual(
      new Set(['world-tagged', 'world-untagged']),
    )
    expect(new Set(slugsOf(await search(`${q('flood')}&tag=Climate`)))).toEqual(
      new Set(['world-tagged', 'local-tagged']),
    )
    expect(slugsOf(await search(`${q('flood')}&section=world&tag=climate`))).toEqual([
      'world-tagged',
    ])
    expect(slugsOf(await search(`${q('flood')}&byline=${ana.slug}`))).toEqual(['world-tagged'])
    const withBody = await search(`${q('spain')}&section=world&include=body`)
    expect(withBody.items.map((i) => typeof i.body)).toEqual(['string', 'string'])
    expect((await search(q('spain'))).items[0]).not.toHaveProperty('body')
  })
})

describe('GET /v1/articles?q=: pagination', () => {
  it('limit=1 pages through every match exactly once, in rank order, ties broken by recency then id', async () => {
    await floodCorpus()
    // Equal ranks: the same text, two of them at the same instant.
    await published('tie-newer', { headline: 'Tie', body: 'One flood here.' }, 4)
    await published('tie-same-a', { headline: 'Tie', body: 'One flood here.' }, 6)
    await published('tie-same-b', { headline: 'Tie', body: 'One flood here.' }, 6)

    const whole = await search(`${q('flood')}&limit=100`)
    expect(whole.items).toHaveLength(7)
    const paged = await allItems(`${q('flood')}&limit=1`)
    expect(paged.map((i) => i.id)).toEqual(whole.items.map((i) => i.id))
    expect(new Set(paged.map((i) => i.id)).size).toBe(7)

    const ties = whole.items.filter((i) => i.slug.startsWith('tie-'))
    expect(ties[0]?.slug).toBe('tie-newer')
    const sameInstant = ties.slice(1).map((i) => i.id)
    expect(sameInstant).toEqual([...sameInstant].sort().reverse())

    // Pages of two, with snippets and bodies: the same items in the same order.
    const pagedWithExtras = await allItems(`${q('flood')}&limit=2&snippet=true&include=body`)
    expect(pagedWithExtras.map((i) => i.id)).toEqual(whole.items.map((i) => i.id))
  })

  it('a forged or foreign cursor is a 400 naming query.cursor, never a 500', async () => {
    await floodCorpus()
    const listCursor = (await search('limit=1')).page.nextCursor
    const searchCursor = (await search(`${q('flood')}&limit=1`)).page.nextCursor
    expect(listCursor).toBeTruthy()
    expect(searchCursor).toBeTruthy()
    const id = '01890000-0000-7000-8000-000000000000'
    const forged = [
      listCursor,
      Buffer.from(JSON.stringify(['NaN@2026-01-01T00:00:00.000Z', id])).toString('base64url'),
      Buffer.from(JSON.stringify(['1e999@2026-01-01T00:00:00.000Z', id])).toString('base64url'),
      Buffer.from(JSON.stringify(['-1@2026-01-01T00:00:00.000Z', id])).toString('base64url'),
      Buffer.from(JSON.stringify(['0.5@not-a-date', id])).toString('base64url'),
      Buffer.from(JSON.stringify(['0.5@2026-01-01T00:00:00.000Z', 'not-a-uuid'])).toString(
        'base64url',
      ),
      'garbage',
    ]
    for (const cursor of forged) {
      const res = await ctx.api.get(
        `/v1/articles?${q('flood')}&cursor=${encodeURIComponent(String(cursor))}`,
      )
      expect(problem(res, 400).errors?.map((e) => e.path)).toEqual(['query.cursor'])
    }
    // And a search cursor on the plain list.
    const res = await ctx.api.get(`/v1/articles?cursor=${encodeURIComponent(String(searchCursor))}`)
    expect(problem(res, 400).errors?.map((e) => e.path)).toEqual(['query.cursor'])
  })
})

describe('GET /v1/articles?q=: visibility', () => {
  it('anonymous readers never find drafts, scheduled or trashed stories; keys find them with the usual status rules', async () => {
    await published('live', { headline: 'Flood live' })
    await createArticle(ctx, { slug: 'draft', headline: 'Flood draft', status: 'draft' })
    await createArticle(ctx, { slug: 'archived', headline: 'Flood archived', status: 'archived' })
    await createArticle(ctx, {
      slug: 'scheduled',
      headline: 'Flood scheduled',
      status: 'published',
      publishedAt: at(HOUR),
      creditLine: 'Desk',
    })
    const binned = await published('trashed', { headline: 'Flood trashed' })
    const trash = await ctx.api
      .delete(`/v1/articles/${binned.id}`)
      .set('authorization', ctx.auth.editor)
      .set('if-match', `"${binned.version}"`)
    expect(trash.status).toBe(204)

    expect(slugsOf(await search(q('flood')))).toEqual(['live'])
    expect(new Set(slugsOf(await search(q('flood'), ctx.auth.editor)))).toEqual(
      new Set(['live', 'draft', 'archived', 'scheduled']),
    )
    expect(slugsOf(await search(`${q('flood')}&status=trashed`, ctx.auth.editor))).toEqual([
      'trashed',
    ])
    expect(slugsOf(await search(`${q('flood')}&status=scheduled`, ctx.auth.editor))).toEqual([
      'scheduled',
    ])
    expect(slugsOf(await search(`${q('flood')}&status=draft`, ctx.auth.editor))).toEqual(['draft'])
    expect(slugsOf(await search(`${q('flood')}&status=published`, ctx.auth.editor))).toEqual([
      'live',
    ])
    problem(await ctx.api.get(`/v1/articles?${q('flood')}&status=draft`), 401)

    ctx.clock.advance(HOUR)
    expect(new Set(slugsOf(await search(q('flood'))))).toEqual(new Set(['live', 'scheduled']))
  })
})

describe('GET /v1/articles?q=: snippets', () => {
  it('snippet=true highlights the matches with <mark> and escapes everything else, <script> included', async () => {
    await published('xss', {
      headline: 'Security notes',
      dek: 'Tom & Jerry "quoted"',
      body: 'Before. <script>alert("flood")</script> The flood waters <b>rose</b> fast & high.',
    })
    const [item] = (await search(`${q('flood')}&snippet=true`)).items
    const snippet = String(item?.snippet)
    expect(snippet).toContain('<mark>flood</mark>')
    expect(snippet).toContain('&lt;script&gt;')
    expect(snippet).toContain('&amp;')
    expect(snippet).not.toContain('<script')
    expect(snippet).not.toContain('<b>')
    // The only markup left is <mark> and </mark>.
    expect(snippet.replace(/<\/?mark>/g, '')).not.toMatch(/[<>"]/)
    // Text that looks like ts_headline's own match markers cannot forge a <mark> either.
    await published('markers', {
      headline: 'Markers',
      body: 'A \uE000flood\uE001 of \uE001 odd \uE000 characters.',
    })
    const markers = (await search(`${q('characters')}&snippet=true`)).items[0]?.snippet
    expect(markers).toContain('flood of  odd  <mark>characters</mark>')
    expect(markers?.match(/<\/?mark>/g)).toEqual(['<mark>', '</mark>'])
    expect(markers).not.toMatch(/[\uE000\uE001]/)
    // Without snippet=true, there is none.
    expect((await search(q('flood'))).items[0]).not.toHaveProperty('snippet')
  })

  it('snippet=true without q is a 400 naming query.snippet', async () => {
    const res = await ctx.api.get('/v1/articles?snippet=true')
    expect(problem(res, 400).errors?.map((e) => e.path)).toEqual(['query.snippet'])
  })
})

describe('GET /v1/articles?q=: bounds and odd input', () => {
  it('sends the same, small number of SQL statements for 5 and for 50 matching stories', async () => {
    const ana = await createByline(ctx, { name: 'Ana Ruiz' })
    const counts: number[] = []
    for (const total of [5, 50]) {
      const existing = (await search(`${q('flood')}&limit=100`)).items.length
      for (let i = existing; i < total; i++) {
        await published(`flood-${i}`, {
          headline: `Flood ${i}`,
          body: 'The flood. '.repeat((i % 3) + 1),
          bylines: [{ byline: ana.id }],
        })
      }
      counts.push(
        await ctx.countQueries(async () => {
          const body = await search(`${q('flood')}&limit=100&snippet=true&include=body`)
          expect(body.items).toHaveLength(total)
        }),
      )
    }
    expect(counts[0]).toBe(counts[1])
    expect(counts[0]).toBeLessThanOrEqual(4)
  })

  it('odd input never yields a 500: quotes, dashes, or, unicode and tsquery operators', async () => {
    await floodCorpus()
    const odd = [
      '"',
      '""',
      '"flood',
      'flood"',
      '-',
      '--flood',
      '-flood',
      'or',
      'OR',
      'flood OR',
      'OR flood',
      'flood or or valley',
      '&|!():*',
      'flood & valley',
      'flood | x',
      '!flood',
      '(flood',
      'flood:*',
      "'",
      "flood's",
      '\\',
      '<->',
      'flood <-> valley',
      'ñandú 洪水 🌊',
      'Ünïcödé',
      '\u200b',
      'a'.repeat(200),
      '%',
      '_',
      ';DROP TABLE "Article";--',
      'select * from',
      '"-or"',
    ]
    for (const text of odd) {
      const res = await ctx.api.get(`/v1/articles?${q(text)}&snippet=true`)
      expect([200, 400], `${JSON.stringify(text)}: ${res.status}`).toContain(res.status)
      if (res.status === 200) expect(Array.isArray(res.body.items)).toBe(true)
    }
    expect(slugsOf(await search(q('"flood')))[0]).toBe('headline-match')
  })

  it('refuses an empty, blank, too long or NUL-carrying q with a 400 naming query.q', async () => {
    for (const text of ['', '   ', 'a'.repeat(201), 'flood\u0000']) {
      const res = await ctx.api.get(`/v1/articles?${q(text)}`)
      expect(problem(res, 400).errors?.map((e) => e.path)).toEqual(['query.q'])
    }
  })
})
