import { describe, expect, it } from 'vitest'
import { slugFrom, tagFilterValue, taxonomySlug } from '../../../src/lib/slug.js'
import { SLUG_PATTERN } from '../../../src/schemas/common.js'

describe('slugFrom', () => {
  it('transliterates and drops punctuation, including typographic quotes', () => {
    expect(slugFrom('Ministers hail “a new chapter” in Zürich', 'story')).toBe(
      'ministers-hail-a-new-chapter-in-zuerich',
    )
    expect(slugFrom('Zoë Ndlovu', 'byline')).toBe('zoe-ndlovu')
  })

  it('falls back when nothing URL-safe is left', () => {
    expect(slugFrom('🙂🙂', 'story')).toBe('story')
  })

  it('cuts long titles at a word boundary within 120 characters', () => {
    const slug = slugFrom('word '.repeat(60), 'story')
    expect(slug.length).toBeLessThanOrEqual(120)
    expect(slug).toMatch(SLUG_PATTERN)
    expect(slug.endsWith('-')).toBe(false)
  })
})

describe('taxonomySlug', () => {
  it('slugifies Latin names as slugFrom does', () => {
    expect(taxonomySlug('Climate Change')).toBe('climate-change')
    expect(taxonomySlug('  Café Society ')).toBe('cafe-society')
    expect(taxonomySlug('climate-change')).toBe('climate-change')
  })

  it('keeps names with nothing to transliterate, lower-cased with hyphens for spaces', () => {
    expect(taxonomySlug('東京')).toBe('東京')
    expect(taxonomySlug(' 東京  大阪 ')).toBe('東京-大阪')
  })
})

describe('tagFilterValue', () => {
  it('turns a tag name into its slug by case and spaces only', () => {
    expect(tagFilterValue(' Deep  Water ')).toBe('deep-water')
    expect(tagFilterValue('climate%')).toBe('climate%')
  })
})
