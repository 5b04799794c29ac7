import { describe, expect, it } from 'vitest'
import {
  automaticDemand,
  type CuratedRow,
  curatedPicks,
  fillSlots,
  type SlotConfig,
} from '../../../../src/modules/recommendations/slot-fill.js'
import type {
  ArticleCard,
  RelatedReason,
} from '../../../../src/modules/recommendations/recommendations.types.js'

const NOW = new Date('2026-06-01T12:00:00Z')
const HOUR = 3_600_000
const SOURCE = 'source-id'

const slot = (id: string, fields: Partial<SlotConfig> = {}): SlotConfig => ({
  id,
  key: id,
  capacity: 4,
  fill: 'mixed',
  allowSponsored: false,
  maxSponsored: 1,
  sponsoredPositions: [2, 3, 4],
  ...fields,
})

const card = (id: string): ArticleCard => ({
  id,
  slug: `slug-${id}`,
  headline: `Headline ${id}`,
  dek: null,
  heroImage: null,
  section: null,
  publishedAt: new Date(NOW.getTime() - HOUR),
  sponsorship: null,
})

const pinned = (slotId: string, id: string, fields: Partial<CuratedRow> = {}): CuratedRow => ({
  slotId,
  articleId: null,
  targetArticle: { ...card(id), status: 'published', trashedAt: null },
  url: null,
  title: null,
  imageUrl: null,
  sponsor: null,
  startsAt: null,
  endsAt: null,
  ...fields,
})

const link = (slotId: string, url: string, fields: Partial<CuratedRow> = {}): CuratedRow => ({
  ...pinned(slotId, 'unused'),
  targetArticle: null,
  url,
  title: 'An offer',
  sponsor: 'Acme',
  ...fields,
})

const ranked = (id: string, reason: RelatedReason = 'recent') => ({ ...card(id), reason })

const ids = (picks: { type: string; article?: ArticleCard; url?: string }[] | undefined) =>
  (picks ?? []).map((p) => (p.type === 'article' ? p.article?.id : p.url))

const context = { sourceId: SOURCE, now: NOW, exclude: new Set<string>() }

describe('curatedPicks', () => {
  it("uses the article's own list instead of the defaults when it has one", () => {
    const rows = [pinned('s', 'default-1'), pinned('s', 'own-1', { articleId: SOURCE })]
    expect(ids(curatedPicks([slot('s')], rows, context).get('s'))).toEqual(['own-1'])
    expect(ids(curatedPicks([slot('s')], rows.slice(0, 1), context).get('s'))).toEqual([
      'default-1',
    ])
  })

  it('keeps the item order and stops at the capacity', () => {
    const rows = ['c', 'a', 'd', 'b'].map((id) => pinned('s', id))
    expect(ids(curatedPicks([slot('s', { capacity: 3 })], rows, context).get('s'))).toEqual([
      'c',
      'a',
      'd',
    ])
  })

  it('skips items outside their time window, with startsAt inclusive and endsAt exclusive', () => {
    const rows = [
      pinned('s', 'started', { startsAt: NOW }),
      pinned('s', 'future', { startsAt: new Date(NOW.getTime() + 1) }),
      pinned('s', 'ended', { endsAt: NOW }),
      pinned('s', 'running', { startsAt: new Date(0), endsAt: new Date(NOW.getTime() + 1) }),
    ]
    expect(ids(curatedPicks([slot('s')], rows, context).get('s'))).toEqual(['started', 'running'])
  })

  it('skips articles readers cannot see, the article itself and excluded slugs', () => {
    const target = (id: string, fields: object) => ({
      ...card(id),
      status: 'published' as const,
      trashedAt: null,
      ...fields,
    })
    const rows = [
      pinned('s', 'draft', { targetArticle: target('draft', { status: 'draft' }) }),
      pinned('s', 'archived', { targetArticle: target('archived', { status: 'archived' }) }),
      pinned('s', 'scheduled', {
        targetArticle: target('scheduled', { publishedAt: new Date(NOW.getTime() + HOUR) }),
      }),
      pinned('s', 'trashed', { targetArticle: target('trashed', { trashedAt: NOW }) }),
      pinned('s', SOURCE),
      pinned('s', 'read'),
      pinned('s', 'ok'),
    ]
    const picks = curatedPicks([slot('s')], rows, { ...context, exclude: new Set(['slug-read']) })
    expect(ids(picks.get('s'))).toEqual(['ok'])
  })

  it('gives an article to the first slot that pins it only', () => {
    const rows = [pinned('b', 'x'), pinned('a', 'x'), pinned('b', 'y')]
    const picks = curatedPicks([slot('a'), slot('b')], rows, context)
    expect(ids(picks.get('a'))).toEqual(['x'])
    expect(ids(picks.get('b'))).toEqual(['y'])
  })

  it('keeps sponsored links only in slots that allow them, and pinned articles not in automatic slots', () => {
    const rows = [
      link('open', 'https://a.example'),
      link('closed', 'https://b.example'),
      pinned('auto', 'x'),
      link('auto', 'https://c.example'),
    ]
    const slots = [
      slot('open', { allowSponsored: true }),
      slot('closed'),
      slot('auto', { fill: 'automatic', allowSponsored: true }),
    ]
    const picks = curatedPicks(slots, rows, context)
    expect(ids(picks.get('open'))).toEqual(['https://a.example'])
    expect(ids(picks.get('closed'))).toEqual([])
    expect(ids(picks.get('auto'))).toEqual(['https://c.example'])
  })
})

describe('automaticDemand and fillSlots', () => {
  it('asks for the room left in the slots that fill automatically', () => {
    const slots = [
      slot('a', { capacity: 4 }),
      slot('b', { capacity: 3, fill: 'curated' }),
      slot('c', { capacity: 2, fill: 'automatic' }),
    ]
    const curated = new Map([
      ['a', curatedPicks([slots[0]!], [pinned('a', 'x')], context).get('a') ?? []],
    ])
    expect(automaticDemand(slots, curated)).toBe(3 + 2)
  })

  it('tops up after the curated items, in slot order, never repeating an article and never filling curated slots', () => {
    const slots = [
      slot('a', { capacity: 3 }),
      slot('b', { capacity: 2, fill: 'curated' }),
      slot('c', { capacity: 2 }),
    ]
    const curated = curatedPicks(slots, [pinned('a', 'pin'), pinned('b', 'pin-b')], context)
    const filled = fillSlots(slots, curated, [
      ranked('r1', 'same-section'),
      ranked('r2'),
      ranked('r3'),
      ranked('r4'),
    ])
    expect(ids(filled.get('a'))).toEqual(['pin', 'r1', 'r2'])
    expect(ids(filled.get('b'))).toEqual(['pin-b'])
    expect(ids(filled.get('c'))).toEqual(['r3', 'r4'])
    expect(filled.get('a')?.map((p) => p.reason)).toEqual(['curated', 'same-section', 'recent'])
  })

  it('leaves a slot short when there are not enough candidates', () => {
    const filled = fillSlots([slot('a', { capacity: 4 })], new Map(), [ranked('r1')])
    expect(ids(filled.get('a'))).toEqual(['r1'])
  })
})
