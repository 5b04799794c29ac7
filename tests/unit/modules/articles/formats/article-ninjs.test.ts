import { describe, expect, it } from 'vitest'
import { publicSite } from '../../../../../src/lib/public-site.js'
import { NinjsSchema, toNinjs } from '../../../../../src/modules/articles/formats/article-ninjs.js'
import { articleFixture } from '../article-fixture.js'

const site = publicSite('https://news.example', 'The Daily Example')

describe('toNinjs', () => {
  it('maps a story to IPTC ninjs 2.1', () => {
    const ninjs = toNinjs(articleFixture(), site)
    expect(ninjs).toEqual({
      standard: {
        name: 'ninjs',
        version: '2.1',
        schema: 'https://www.iptc.org/std/ninjs/ninjs-schema_2.1.json',
      },
      uri: 'urn:uuid:0190a3b2-1111-7000-8000-000000000001',
      type: 'text',
      representationtype: 'full',
      version: '4',
      firstcreated: '2026-05-01T08:00:00.000Z',
      versioncreated: '2026-05-02T09:30:00.000Z',
      contentcreated: '2026-04-30T17:00:00.000Z',
      pubstatus: 'usable',
      language: 'en',
      slugline: 'river-talks',
      headlines: [{ role: 'main', value: 'Ministers hail “a new chapter” in river talks' }],
      descriptions: [{ role: 'summary', value: 'Seven states agree how to share the Serava.' }],
      bodies: [
        {
          role: 'main',
          contenttype: 'text/html',
          value: '<p>The agreement was signed in <em>Geneva</em>.</p>\n',
          wordcount: 6,
        },
      ],
      by: 'By Ana Ruiz and Li Wei',
      infosources: [{ name: 'AMPE', literal: 'ampe' }],
      subjects: [
        { name: 'World', rel: 'section' },
        { name: 'water', rel: 'tag' },
        { name: 'diplomacy', rel: 'tag' },
      ],
      renditions: [
        {
          name: 'web',
          href: 'https://news.example/articles/river-talks',
          contenttype: 'text/html',
          title: 'Ministers hail “a new chapter” in river talks',
        },
      ],
      associations: [
        {
          name: 'featureimage',
          uri: 'https://img.example/river.jpg',
          type: 'picture',
          representationtype: 'partial',
          descriptions: [
            { role: 'alt', value: 'The Serava at dusk' },
            { role: 'caption', value: 'The river in May' },
          ],
          by: 'Photo: AMPE',
          renditions: [{ name: 'original', href: 'https://img.example/river.jpg' }],
        },
      ],
    })
    expect(NinjsSchema.strict().safeParse(ninjs).success).toBe(true)
  })

  it('leaves out what the article lacks, and signs uncredited copy with its credit line', () => {
    const ninjs = toNinjs(
      articleFixture({
        dek: null,
        heroImage: null,
        section: null,
        tags: [],
        bylines: [],
        bylineText: null,
        creditLine: 'Staff and agencies',
      }),
      site,
    )
    for (const key of ['descriptions', 'infosources', 'subjects', 'associations'])
      expect(ninjs, key).not.toHaveProperty(key)
    expect(ninjs.by).toBe('Staff and agencies')
    expect(JSON.stringify(ninjs)).not.toContain('null')
  })

  it('dates a version by what readers were told changed, not by copy fixes', () => {
    const ninjs = toNinjs(
      articleFixture({
        publishedAt: '2026-05-01T08:00:00.000Z',
        displayedUpdatedAt: '2026-05-01T08:00:00.000Z',
        updatedAt: '2026-05-03T07:00:00.000Z',
      }),
      site,
    )
    expect(ninjs.firstcreated).toBe('2026-05-01T08:00:00.000Z')
    expect(ninjs.versioncreated).toBe('2026-05-01T08:00:00.000Z')
  })

  it('uses only property names of the ninjs 2.1 schema', () => {
    // The top-level properties of https://www.iptc.org/std/ninjs/ninjs-schema_2.1.json that this CMS fills.
    const ninjs21 = [
      'standard',
      'uri',
      'type',
      'representationtype',
      'version',
      'firstcreated',
      'versioncreated',
      'contentcreated',
      'pubstatus',
      'ednote',
      'embargoed',
      'language',
      'slugline',
      'headlines',
      'descriptions',
      'bodies',
      'by',
      'infosources',
      'subjects',
      'renditions',
      'associations',
    ]
    expect(
      Object.keys(toNinjs(articleFixture(), site)).filter((k) => !ninjs21.includes(k)),
    ).toEqual([])
    expect(Object.keys(NinjsSchema.shape).filter((k) => !ninjs21.includes(k))).toEqual([])
  })
})
