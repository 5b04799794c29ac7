import { beforeEach, describe, expect, it } from 'vitest'
import { createArticle } from '../../helpers/factories.js'
import { createSlot, putItems, setItems, slotSnapshot } from '../../helpers/slots.js'
import { problem, useTestApp } from '../../helpers/test-app.js'

const ctx = useTestApp()

type Problem = { errors?: { path: string; message: string }[] }
const paths = (body: Problem) => [...new Set((body.errors ?? []).map((e) => e.path))]

/** Runs a request that must be rejected and asserts that it changed nothing in the database. */
async function unchanged<T>(run: () => Promise<T>): Promise<T> {
  const before = await slotSnapshot(ctx)
  const result = await run()
  expect(await slotSnapshot(ctx)).toEqual(before)
  return result
}

const sponsored = (n: number, fields: Record<string, unknown> = {}) => ({
  type: 'external',
  url: `https://ads.example.com/offer-${n}`,
  title: `Offer ${n}`,
  sponsor: 'Acme Travel',
  ...fields,
})
const article = (ref: string, fields: Record<string, unknown> = {}) => ({
  type: 'article',
  article: ref,
  ...fields,
})

let stories: { id: string; slug: string }[]

/** How an article that is not sponsored content shows in a list. */
const EDITORIAL = { sponsored: false, sponsor: null, disclosure: null }

beforeEach(async () => {
  await createSlot(ctx, { key: 'related', capacity: 4, fill: 'mixed' })
  await createSlot(ctx, { key: 'partner', capacity: 4, fill: 'mixed', allowSponsored: true })
  stories = []
  for (const slug of ['source', 'one', 'two', 'three', 'four', 'five']) {
    const fields = {
      slug,
      headline: `Story ${slug}`,
      status: 'published',
      creditLine: 'Newsroom staff',
    }
    stories.push(await createArticle(ctx, fields))
  }
})

describe('PUT and GET /v1/slots/{key}/items (site-wide defaults)', () => {
  it('stores the list in the order given, articles by slug or id, and returns it', async () => {
    const res = await putItems(ctx, 'partner', [
      article('two'),
      sponsored(1, {
        imageUrl: 'https://ads.example.com/1.jpg',
        startsAt: '2026-06-01T00:00:00Z',
        endsAt: '2026-07-01T00:00:00+02:00',
      }),
      article(stories[1]!.id),
    ])
    expect(res.status).toBe(200)
    expect(res.body).toEqual({
      slot: 'partner',
      article: null,
      items: [
        {
          type: 'article',
          article: {
            id: stories[2]!.id,
            slug: 'two',
            headline: 'Story two',
            status: 'published',
            publishedAt: expect.any(String),
          },
          ...EDITORIAL,
          startsAt: null,
          endsAt: null,
        },
        {
          type: 'external',
          url: 'https://ads.example.com/offer-1',
          title: 'Offer 1',
          imageUrl: 'https://ads.example.com/1.jpg',
          sponsored: true,
          sponsor: 'Acme Travel',
          disclosure: 'Sponsored by Acme Travel',
          rel: 'sponsored noopener',
          startsAt: '2026-06-01T00:00:00.000Z',
          endsAt: '2026-06-30T22:00:00.000Z',
        },
        {
          type: 'article',
          article: {
            id: stories[1]!.id,
            slug: 'one',
            headline: 'Story one',
            status: 'published',
            publishedAt: expect.any(String),
          },
          ...EDITORIAL,
          startsAt: null,
          endsAt: null,
        },
      ],
      violations: [],
    })
    const read = await ctx.api.get('/v1/slots/partner/items').set('authorization', ctx.auth.editor)
    expect(read.status).toBe(200)
    expect(read.body).toEqual(res.body)
  })

  it('replaces the whole list on every PUT, and [] empties it', async () => {
    await setItems(ctx, 'related', [article('one'), article('two'), article('three')])
    const second = await setItems(ctx, 'related', [article('three'), article('one')])
    expect(second.items.map((i) => (i as { article: { slug: string } }).article.slug)).toEqual([
      'three',
      'one',
    ])
    expect(await ctx.db.prisma.slotItem.count()).toBe(2)
    expect((await setItems(ctx, 'related', [])).items).toEqual([])
    expect(await ctx.db.prisma.slotItem.count()).toBe(0)
  })

  it('answers 404 for an unknown slot', async () => {
    problem(await unchanged(() => putItems(ctx, 'no-such-slot', [article('one')])), 404)
    problem(
      await ctx.api.get('/v1/slots/no-such-slot/items').set('authorization', ctx.auth.editor),
      404,
    )
  })

  it('needs a key to read or write', async () => {
    problem(await unchanged(() => ctx.api.put('/v1/slots/related/items').send({ items: [] })), 401)
    problem(await ctx.api.get('/v1/slots/related/items'), 401)
  })
})

describe('PUT and GET /v1/articles/{idOrSlug}/slots/{key} (one article’s list)', () => {
  it("keeps an article's list apart from the defaults and from other articles' lists", async () => {
    await setItems(ctx, 'related', [article('one')])
    const own = await setItems(ctx, 'related', [article('two'), article('three')], 'source')
    expect(own.article).toEqual({ id: stories[0]!.id, slug: 'source' })
    const bySlug = await ctx.api
      .get('/v1/articles/source/slots/related')
      .set('authorization', ctx.auth.editor)
    const byId = await ctx.api
      .get(`/v1/articles/${stories[0]!.id}/slots/related`)
      .set('authorization', ctx.auth.editor)
    expect(bySlug.body).toEqual(own)
    expect(byId.body).toEqual(own)
    const other = await ctx.api
      .get('/v1/articles/four/slots/related')
      .set('authorization', ctx.auth.editor)
    expect(other.body).toEqual({
      slot: 'related',
      article: { id: stories[4]!.id, slug: 'four' },
      items: [],
      violations: [],
    })
    const defaults = await ctx.api
      .get('/v1/slots/related/items')
      .set('authorization', ctx.auth.editor)
    expect(defaults.body.items).toHaveLength(1)
  })

  it('records the change in the audit log: defaults on the slot, own lists on the article', async () => {
    await setItems(ctx, 'related', [article('one')])
    await setItems(ctx, 'related', [article('two')], 'source')
    const related = await ctx.db.prisma.recommendationSlot.findUniqueOrThrow({
      where: { key: 'related' },
    })
    const entries = await ctx.db.prisma.auditEntry.findMany({
      where: { action: { in: ['slot.items.replace', 'article.slot-items.replace'] } },
      orderBy: { id: 'asc' },
    })
    expect(entries.map((e) => [e.action, e.resourceType, e.resourceId, e.keyName])).toEqual([
      ['slot.items.replace', 'slot', related.id, 'test editor'],
      ['article.slot-items.replace', 'article', stories[0]!.id, 'test editor'],
    ])
  })

  it('answers 404 for an unknown article or slot', async () => {
    const noArticle = problem(
      await unchanged(() => putItems(ctx, 'related', [], 'no-such-story')),
      404,
    )
    expect(noArticle.detail).toMatch(/article/)
    const noSlot = problem(await unchanged(() => putItems(ctx, 'no-such-slot', [], 'source')), 404)
    expect(noSlot.detail).toMatch(/slot/)
  })

  it('loses the items recommending an article when that article is deleted', async () => {
    await setItems(ctx, 'related', [article('one'), article('two')], 'source')
    await ctx.db.prisma.article.delete({ where: { slug: 'one' } })
    const res = await ctx.api
      .get('/v1/articles/source/slots/related')
      .set('authorization', ctx.auth.editor)
    expect(res.body.items.map((i: { article: { slug: string } }) => i.article.slug)).toEqual([
      'two',
    ])
  })
})

describe('item rules: each broken rule is refused, naming the item, and changes nothing', () => {
  beforeEach(async () => {
    await setItems(ctx, 'partner', [article('five')], 'source')
  })

  const refuse = async (status: number, items: unknown[], slot = 'partner') => {
    const body = problem(await unchanged(() => putItems(ctx, slot, items, 'source')), status)
    return { paths: paths(body), messages: (body.errors ?? []).map((e) => e.message).join(' | ') }
  }

  it('400: a javascript:, data:, relative or ftp URL', async () => {
    for (const url of [
      'javascript:alert(1)',
      'data:text/html,<b>hi</b>',
      '/relative',
      'ftp://ads.example.com/x',
    ]) {
      const refused = await refuse(400, [article('one'), sponsored(1, { url })])
      expect(refused.paths, url).toEqual(['items.1.url'])
      expect(refused.messages).toMatch(/http\(s\)/)
    }
  })

  it('400: credentials in the URL', async () => {
    const refused = await refuse(400, [
      sponsored(1, { url: 'https://user:secret@ads.example.com/' }),
    ])
    expect(refused.paths).toEqual(['items.0.url'])
    expect(refused.messages).toMatch(/user name or password/)
  })

  it('400: a bare IP on a private range, or localhost', async () => {
    for (const url of [
      'http://192.168.0.10/',
      'http://10.0.0.1/',
      'http://127.0.0.1:8080/',
      'http://[::1]/',
      'http://localhost/',
    ]) {
      const refused = await refuse(400, [article('one'), article('two'), sponsored(1, { url })])
      expect(refused.paths, url).toEqual(['items.2.url'])
    }
  })

  it('400: an unsafe image URL', async () => {
    const refused = await refuse(400, [sponsored(1, { imageUrl: 'data:image/png;base64,AAAA' })])
    expect(refused.paths).toEqual(['items.0.imageUrl'])
  })

  it('400: an external item without a sponsor, or with a blank one', async () => {
    const { sponsor: _sponsor, ...unsponsored } = sponsored(1)
    expect((await refuse(400, [article('one'), unsponsored])).paths).toEqual(['items.1.sponsor'])
    expect((await refuse(400, [sponsored(1, { sponsor: '  ' })])).paths).toEqual([
      'items.0.sponsor',
    ])
  })

  it('400: an item without a type, with unknown fields, or ending before it starts', async () => {
    expect((await refuse(400, [{ article: 'one' }])).paths).toEqual(['items.0.type'])
    expect((await refuse(400, [article('one', { url: 'https://x.example.com' })])).paths).toEqual([
      'items.0.url',
    ])
    const window = { startsAt: '2026-06-02T00:00:00Z', endsAt: '2026-06-01T00:00:00Z' }
    expect((await refuse(400, [article('one'), article('two', window)])).paths).toEqual([
      'items.1.endsAt',
    ])
  })

  it('400: more than 24 items, whatever the capacity', async () => {
    const items = Array.from({ length: 25 }, (_, n) => sponsored(n))
    expect((await refuse(400, items)).paths).toEqual(['items'])
  })

  it('422: an article that does not exist', async () => {
    const refused = await refuse(422, [article('one'), article('two'), article('no-such-story')])
    expect(refused.paths).toEqual(['items.2.article'])
    expect(refused.messages).toMatch(/no-such-story/)
    const unknownId = await refuse(422, [article('0199aaaa-bbbb-7ccc-8ddd-eeeeffff0000')])
    expect(unknownId.paths).toEqual(['items.0.article'])
  })

  it('422: an article recommending itself, by slug or by id', async () => {
    expect((await refuse(422, [article('one'), article('source')])).paths).toEqual([
      'items.1.article',
    ])
    expect((await refuse(422, [article(stories[0]!.id)])).messages).toMatch(/itself/)
  })

  it('422: the same article twice (by slug and by id) or the same link twice', async () => {
    const refused = await refuse(422, [article('one'), article('two'), article(stories[1]!.id)])
    expect(refused.paths).toEqual(['items.2'])
    expect(refused.messages).toMatch(/items\.0/)
    expect((await refuse(422, [article('one'), sponsored(1), sponsored(1)])).paths).toEqual([
      'items.2',
    ])
  })

  it('422: more items than the capacity of the slot', async () => {
    await ctx.api
      .patch('/v1/slots/partner')
      .set('authorization', ctx.auth.admin)
      .send({ capacity: 3 })
    const refused = await refuse(422, [
      article('one'),
      article('two'),
      article('three'),
      article('four'),
      sponsored(1),
    ])
    expect(refused.paths).toEqual(['items.3', 'items.4'])
    expect(refused.messages).toMatch(/at most 3/)
    expect(
      (await setItems(ctx, 'partner', [article('one'), article('two'), article('three')], 'source'))
        .items,
    ).toHaveLength(3)
  })

  it('422: an external item in a slot that does not allow sponsored content', async () => {
    const refused = await refuse(422, [article('one'), sponsored(1)], 'related')
    expect(refused.paths).toEqual(['items.1'])
    expect(refused.messages).toMatch(/sponsored/)
  })

  it('422: an article pinned in a slot that chooses its articles automatically', async () => {
    await createSlot(ctx, { key: 'auto', fill: 'automatic', allowSponsored: true })
    const refused = await refuse(422, [sponsored(1), article('one')], 'auto')
    expect(refused.paths).toEqual(['items.1'])
    expect(refused.messages).toMatch(/automatically/)
    expect((await setItems(ctx, 'auto', [sponsored(1)])).items).toHaveLength(1)
  })

  it('names every broken item at once', async () => {
    const refused = await refuse(422, [
      article('no-such-story'),
      article('one'),
      article('source'),
      article('one'),
    ])
    expect(refused.paths).toEqual(['items.0.article', 'items.2.article', 'items.3'])
  })

  it('keeps a draft as a valid target: it only shows once published', async () => {
    const draft = await createArticle(ctx, { slug: 'draft-story' })
    expect((await setItems(ctx, 'partner', [article(draft.slug)], 'source')).items).toHaveLength(1)
  })
})
