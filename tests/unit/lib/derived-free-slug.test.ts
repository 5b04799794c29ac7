import { describe, expect, it } from 'vitest'
import { derivedFreeSlug } from '../../../src/lib/slug.js'

/** A findTaken over a fixed set of used slugs that records the candidates it was asked about. */
function usedSlugs(used: string[]) {
  const asked: string[][] = []
  const findTaken = async (candidates: string[]) => {
    asked.push(candidates)
    return candidates.filter((c) => used.includes(c))
  }
  return { asked, findTaken }
}

describe('derivedFreeSlug', () => {
  it('asks once about the base slug and its first numbered variants, and keeps a free base', async () => {
    const { asked, findTaken } = usedSlugs([])
    expect(await derivedFreeSlug('Storm hits', 'story', findTaken)).toBe('storm-hits')
    expect(asked).toEqual([
      ['storm-hits', ...[2, 3, 4, 5, 6, 7, 8, 9, 10].map((n) => `storm-hits-${n}`)],
    ])
  })

  it('numbers a taken base with the first free number', async () => {
    const { findTaken } = usedSlugs(['storm', 'storm-2', 'storm-4'])
    expect(await derivedFreeSlug('Storm', 'story', findTaken)).toBe('storm-3')
  })

  it('asks about more numbers only when the first ten are all taken', async () => {
    const used = ['storm', ...Array.from({ length: 20 }, (_, i) => `storm-${i + 2}`)]
    const { asked, findTaken } = usedSlugs(used)
    expect(await derivedFreeSlug('Storm', 'story', findTaken)).toBe('storm-22')
    expect(asked.map((batch) => [batch[0], batch.at(-1)])).toEqual([
      ['storm', 'storm-10'],
      ['storm-11', 'storm-100'],
    ])
  })

  it('uses the fallback when the text has nothing URL-safe', async () => {
    const { findTaken } = usedSlugs(['story'])
    expect(await derivedFreeSlug('🔥', 'story', findTaken)).toBe('story-2')
  })

  it('stays within the length limit when numbering', async () => {
    const base = 'a'.repeat(120)
    const slug = await derivedFreeSlug(base, 'story', usedSlugs([base]).findTaken)
    expect(slug).toHaveLength(120)
    expect(slug.endsWith('-2')).toBe(true)
  })
})
