import { describe, expect, it } from 'vitest'
import { readWxr } from '../../../../../src/modules/imports/readers/wxr.js'
import { collect, fixture, split, text } from './collect.js'

const staff = (slug: string, name: string) => ({ slug, name, kind: 'staff', role: 'author' })
const JANE = staff('jdoe', 'Jane Doe')
const MARIO = staff('msmith', 'Mario Smith')

describe('readWxr on a WordPress export', async () => {
  const items = await collect(readWxr(fixture('wordpress.xml')))
  const { records, errors } = split(items)

  it('reads a block-editor post: Yoast primary category as section, tags, old slug, late featured image', () => {
    expect(records.get('wp:101')).toEqual({
      sourceId: 'wp:101',
      headline: 'Council votes to rebuild the harbour wall',
      slug: 'council-votes-harbour-wall',
      dek: 'The wall will cost £4.2m & take two years.',
      body: [
        'The town council voted **7 to 2** on Monday to rebuild the harbour wall, after [the March storm](https://gazette.example.com/2024/03/storm-damage/) breached it in two places.',
        '![Councillors seated around a horseshoe table](https://gazette.example.com/wp-content/uploads/2024/09/harbour-council.jpg)',
        'The vote took two hours.',
        '## What the plan includes',
        '- A new sea wall, 400 metres long\n- Raised quays at the _fish market_',
        '> We cannot wait for the next storm.\n> \n> — Mayor Lena Ortiz',
        'Read more on our site.',
      ].join('\n\n'),
      section: { slug: 'politics', name: 'Politics' },
      tags: [
        { slug: 'elections', name: 'Elections' },
        { slug: 'climate-energy', name: 'Climate & Energy' },
        { slug: 'world', name: 'World' },
      ],
      bylines: [JANE],
      status: 'published',
      publishedAt: '2024-09-03T09:30:00.000Z',
      createdAt: '2024-09-03T09:30:00.000Z',
      updatedAt: '2024-09-04T06:00:00.000Z',
      oldSlugs: ['council-vote-harbour'],
      heroImage: {
        url: 'https://gazette.example.com/wp-content/uploads/2024/09/harbour-wall-aerial.jpg',
        alt: 'Aerial view of the breached harbour wall',
        caption: 'The breach seen from the lighthouse.',
      },
      language: 'en-GB',
    })
  })

  it('reads a classic-editor post: paragraphs added, entities decoded, shortcodes, no style, frame as link', () => {
    expect(records.get('wp:102')).toEqual({
      sourceId: 'wp:102',
      headline: 'Café owners ‘relieved’ as ferry returns',
      slug: 'ferry-returns',
      body: [
        'The ferry to St Ives ran again on Monday — the first crossing since June.',
        'Owners of the quayside cafés said trade had halved.  \n“We kept the doors open,” said one.',
        '![The quay](https://gazette.example.com/wp-content/uploads/2024/09/harbour-council.jpg)',
        'Boats at the quay on Monday',
        '1. Timetable: hourly\n2. Fares: unchanged & cash accepted',
        '<https://www.youtube.com/embed/abc123>',
      ].join('\n\n'),
      section: { slug: 'arts-culture', name: 'Arts & Culture' },
      tags: [],
      bylines: [staff('ana-lima', 'Ana Lima')],
      status: 'published',
      publishedAt: '2024-08-20T14:05:00.000Z',
      createdAt: '2024-08-20T14:05:00.000Z',
      heroImage: {
        url: 'https://gazette.example.com/wp-content/uploads/2024/09/harbour-council.jpg',
        alt: 'Councillors seated around a horseshoe table',
        caption: 'The council chamber on election night.',
      },
      language: 'en-GB',
    })
  })

  it('reads a draft: no publication time, slug from the headline, its last save as creation', () => {
    expect(records.get('wp:104')).toEqual({
      sourceId: 'wp:104',
      headline: 'Fish market to close for repairs',
      slug: 'fish-market-to-close-for-repairs',
      body: 'Notes so far: closing _three weeks_, from October.',
      tags: [],
      bylines: [MARIO],
      status: 'draft',
      createdAt: '2024-09-05T15:45:12.000Z',
      updatedAt: '2024-09-05T15:45:12.000Z',
      language: 'en-GB',
    })
  })

  it('reads a scheduled post as published at its future time, with its Co-Authors Plus bylines', () => {
    expect(records.get('wp:105')).toEqual({
      sourceId: 'wp:105',
      headline: 'Harbour festival line-up announced',
      slug: 'harbour-festival-line-up',
      dek: 'Twelve bands, two stages.',
      body: 'Twelve bands will play on the quay.',
      section: { slug: 'arts-culture', name: 'Arts & Culture' },
      tags: [],
      bylines: [MARIO, JANE],
      status: 'published',
      publishedAt: '2030-01-15T08:00:00.000Z',
      createdAt: '2030-01-15T08:00:00.000Z',
      language: 'en-GB',
    })
  })

  it('skips what is not a post, and trashed posts, saying why and where', () => {
    expect(errors).toEqual([
      {
        at: 'item 1 (post 200, line 63)',
        error: {
          field: 'wp:post_type',
          message:
            'skipped attachment item: media files are not imported; one that is a featured image becomes its post’s hero image',
        },
      },
      {
        at: 'item 4 (post 103, line 223)',
        error: {
          field: 'wp:post_type',
          message: 'skipped page item: pages (About, Contact, …) are site furniture, not stories',
        },
      },
      {
        at: 'item 7 (post 201, line 289)',
        error: {
          field: 'wp:post_type',
          message:
            'skipped attachment item: media files are not imported; one that is a featured image becomes its post’s hero image',
        },
      },
      {
        at: 'item 8 (post 106, line 314)',
        error: {
          field: 'wp:post_type',
          message: 'skipped nav_menu_item item: menus belong to the old site’s theme',
        },
      },
      {
        at: 'item 9 (post 107, line 339)',
        error: { field: 'wp:status', message: 'skipped trash post: it is in WordPress’s trash' },
      },
    ])
    expect(records.size).toBe(4)
  })

  it('holds back only the post whose featured image comes later in the file, until the end', () => {
    expect(items.filter((item) => item.record).map((item) => item.at)).toEqual([
      'item 3 (post 102, line 183)',
      'item 5 (post 104, line 243)',
      'item 6 (post 105, line 266)',
      'item 2 (post 101, line 96)',
    ])
  })
})

describe('readWxr on other input', () => {
  const wxr = (items: string) =>
    `<?xml version="1.0"?><rss xmlns:wp="http://wordpress.org/export/1.2/" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>${items}</channel></rss>`

  it('reports XML that is not well-formed at its line, after the items before it', async () => {
    const items = await collect(
      readWxr(
        text(
          wxr(
            '<item><title>A</title><wp:post_id>1</wp:post_id><wp:post_type>post</wp:post_type><wp:status>publish</wp:status></item>\n<item><title>B</title></itme>',
          ),
        ),
      ),
    )
    expect(
      items.map((item) => item.record && (item.record as { headline: string }).headline),
    ).toEqual(['A', undefined])
    expect(items[1]).toEqual({
      at: 'line 2',
      error: {
        field: 'xml',
        message: expect.stringMatching(/^not well-formed XML: Unexpected close tag/),
      },
    })
  })

  it('reports an XML file without items', async () => {
    expect(await collect(readWxr(text(wxr(''))))).toEqual([
      {
        at: 'file',
        error: { field: 'channel', message: 'no items: not a WordPress export (WXR)?' },
      },
    ])
  })

  it('keeps a password-protected post a draft', async () => {
    const [item] = await collect(
      readWxr(
        text(
          wxr(
            '<item><title>Secret</title><wp:post_id>3</wp:post_id><wp:post_type>post</wp:post_type><wp:status>publish</wp:status><wp:post_date_gmt>2024-01-02 03:04:05</wp:post_date_gmt><wp:post_password>hunter2</wp:post_password></item>',
          ),
        ),
      ),
    )
    expect(item?.record).toMatchObject({ status: 'draft', createdAt: '2024-01-02T03:04:05.000Z' })
    expect(item?.record).not.toHaveProperty('publishedAt')
  })

  it('keeps a featured image out when the export has no attachments (a "Posts" export)', async () => {
    const [item] = await collect(
      readWxr(
        text(
          wxr(
            '<item><title>A</title><wp:post_id>9</wp:post_id><wp:post_type>post</wp:post_type><wp:status>draft</wp:status><wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>77</wp:meta_value></wp:postmeta></item>',
          ),
        ),
      ),
    )
    expect(item?.record).toMatchObject({ sourceId: 'wp:9', slug: 'a', status: 'draft' })
    expect(item?.record).not.toHaveProperty('heroImage')
  })

  it('derives a slug from a percent-encoded one and keeps the author login when the channel has none', async () => {
    const [item] = await collect(
      readWxr(
        text(
          wxr(
            '<item><title>Tokyo</title><dc:creator xmlns:dc="http://purl.org/dc/elements/1.1/">night.desk</dc:creator><wp:post_id>5</wp:post_id><wp:post_name>%c3%a9t%c3%a9-chaud</wp:post_name><wp:post_type>post</wp:post_type><wp:status>pending</wp:status></item>',
          ),
        ),
      ),
    )
    expect(item?.record).toMatchObject({
      slug: 'ete-chaud',
      bylines: [{ slug: 'night-desk', name: 'night.desk', kind: 'contributor' }],
      status: 'draft',
    })
  })
})
