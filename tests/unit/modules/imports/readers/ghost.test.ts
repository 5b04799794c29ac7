import { describe, expect, it } from 'vitest'
import { readGhost } from '../../../../../src/modules/imports/readers/ghost.js'
import { collect, fixture, split, text } from './collect.js'

const staff = (slug: string, name: string) => ({ slug, name, kind: 'staff', role: 'author' })
const MORWENNA = staff('morwenna', 'Morwenna Trelawny')
const IDRIS = staff('idris', 'Idris Kane')
const SEA_RESCUE = { slug: 'sea-rescue', name: 'Sea Rescue' }
const GULL_POINT = { slug: 'gull-point', name: 'Gull Point' }
const COMMUNITY = { slug: 'community', name: 'Community' }
const ID = (n: number) => `6650a1f2c3b8a40001a1b00${n}`

describe('readGhost on a Ghost 5 export', async () => {
  const items = await collect(
    readGhost(fixture('ghost.json'), { siteUrl: 'https://harbourtimes.example/' }),
  )
  const { records, errors } = split(items)

  it('reads a post with two authors in order, tags without the internal one, the first as section', () => {
    expect(records.get(`ghost:${ID(1)}`)).toEqual({
      sourceId: `ghost:${ID(1)}`,
      headline: 'Night ferry crew rescue “two fishermen” off Gull Point',
      slug: 'night-ferry-rescue',
      dek: 'Two men were in the water for half an hour.',
      body: [
        'The crew of the _Morwenna_ pulled two fishermen from the water at 02:10 on Sunday.',
        '![Gull Point at dawn](https://harbourtimes.example/content/images/2024/05/gull-point.jpg)',
        'Gull Point, where the boat capsized',
        '## What happened',
        '1. The boat capsized at 01:40.\n2. The ferry heard the call on channel 16.',
        '> We saw the torch first.',
        'Support [local journalism](https://harbourtimes.example/membership/).',
      ].join('\n\n'),
      section: { slug: 'sea-rescue', name: 'Sea Rescue' },
      tags: [SEA_RESCUE, GULL_POINT],
      bylines: [MORWENNA, IDRIS],
      status: 'published',
      publishedAt: '2024-05-26T06:00:00.000Z',
      createdAt: '2024-05-24T21:05:11.000Z',
      updatedAt: '2024-05-26T08:12:40.000Z',
      heroImage: {
        url: 'https://images.harbourtimes.example/2024/05/ferry.jpg',
        alt: 'The ferry Morwenna at the quay',
        caption: 'Photo: Tom Penrose',
      },
      language: 'en',
    })
  })

  it('reads a post with a canonical URL elsewhere', () => {
    expect(records.get(`ghost:${ID(2)}`)).toEqual({
      sourceId: `ghost:${ID(2)}`,
      headline: 'Lifeboat station appeal passes £1m',
      slug: 'lifeboat-appeal',
      body: 'The appeal reached its target on Friday & the new boathouse will open in spring.\n\nRead the [appeal page](https://rnli.example.org/appeal).',
      section: { slug: 'community', name: 'Community' },
      tags: [COMMUNITY],
      bylines: [IDRIS],
      status: 'published',
      publishedAt: '2024-04-12T10:00:00.000Z',
      createdAt: '2024-04-12T09:00:00.000Z',
      updatedAt: '2024-04-12T10:30:00.000Z',
      canonicalUrl: 'https://partner.example.org/news/lifeboat-appeal',
      language: 'en',
    })
  })

  it('reads a draft, with a slug from its headline in place of "untitled"', () => {
    expect(records.get(`ghost:${ID(3)}`)).toEqual({
      sourceId: `ghost:${ID(3)}`,
      headline: 'Draft: harbour dredging costs',
      slug: 'draft-harbour-dredging-costs',
      body: 'Figures to check with the port authority.',
      tags: [],
      bylines: [MORWENNA],
      status: 'draft',
      createdAt: '2024-06-01T12:00:00.000Z',
      updatedAt: '2024-06-02T15:20:00.000Z',
      language: 'en',
    })
  })

  it('reads a scheduled post as published at its future time; the headline stands in for a missing alt', () => {
    expect(records.get(`ghost:${ID(4)}`)).toEqual({
      sourceId: `ghost:${ID(4)}`,
      headline: 'Regatta returns after five years',
      slug: 'regatta-returns',
      body: 'Forty boats have entered.',
      section: { slug: 'community', name: 'Community' },
      tags: [COMMUNITY, GULL_POINT],
      bylines: [staff('sofia', 'Sofía Núñez'), MORWENNA],
      status: 'published',
      publishedAt: '2030-07-04T07:00:00.000Z',
      createdAt: '2024-06-10T08:00:00.000Z',
      updatedAt: '2024-06-10T08:30:00.000Z',
      heroImage: {
        url: 'https://harbourtimes.example/content/images/2030/07/regatta.jpg',
        alt: 'Regatta returns after five years',
      },
      language: 'en',
    })
  })

  it('skips pages and email-only newsletters, saying why', () => {
    expect(errors).toEqual([
      {
        at: `post 5 (id ${ID(5)})`,
        error: {
          field: 'type',
          message: 'skipped page: pages (About, Contact, …) are not stories',
        },
      },
      {
        at: `post 6 (id ${ID(6)})`,
        error: {
          field: 'status',
          message: 'skipped: sent as an email newsletter only, never on the site',
        },
      },
    ])
    expect(records.size).toBe(4)
  })
})

describe('readGhost without the site address', () => {
  it('keeps links to the site relative, and refuses a feature image it cannot place', async () => {
    const { records, errors } = split(await collect(readGhost(fixture('ghost.json'))))
    expect((records.get(`ghost:${ID(1)}`) as { body: string }).body).toContain(
      '![Gull Point at dawn](/content/images/2024/05/gull-point.jpg)',
    )
    expect(errors[0]).toEqual({
      at: `post 4 (id ${ID(4)})`,
      error: {
        field: 'feature_image',
        message:
          "is relative to the Ghost site (__GHOST_URL__/content/images/2030/07/regatta.jpg): put the site's address in the file for __GHOST_URL__, e.g. sed 's#__GHOST_URL__#https://example.com#g'",
      },
    })
  })
})

describe('readGhost on older and broken exports', () => {
  it('reads the Ghost 1 shape: {meta, data}, author_id, plain-text body, times without a zone', async () => {
    const legacy = {
      meta: { version: '1.25.0' },
      data: {
        posts: [
          {
            id: '12',
            title: 'Old post',
            slug: 'old-post',
            html: null,
            plaintext: 'First <para>.\n\nSecond *para*.',
            status: 'published',
            published_at: '2017-03-01 10:00:00',
            author_id: '1',
          },
        ],
        users: [{ id: '1', name: 'Old Hand', slug: 'old-hand' }],
      },
    }
    const [item] = await collect(readGhost(text(JSON.stringify(legacy))))
    expect(item).toEqual({
      at: 'post 1 (id 12)',
      record: {
        sourceId: 'ghost:12',
        headline: 'Old post',
        slug: 'old-post',
        body: 'First <para>.\n\nSecond \\*para\\*.',
        tags: [],
        bylines: [staff('old-hand', 'Old Hand')],
        status: 'published',
        publishedAt: '2017-03-01T10:00:00.000Z',
      },
    })
  })

  it('reports a file that is not JSON', async () => {
    expect(await collect(readGhost(text('{"db": [ {"data": {"posts": [ {"id": ')))).toEqual([
      {
        at: 'file',
        error: { field: 'json', message: expect.stringMatching(/^not a Ghost export: /) },
      },
    ])
  })

  it('reports an export without posts', async () => {
    expect(await collect(readGhost(text('{"db": [{"meta": {}, "data": {"users": []}}]}')))).toEqual(
      [{ at: 'file', error: { field: 'db', message: 'no posts in this export' } }],
    )
  })
})
