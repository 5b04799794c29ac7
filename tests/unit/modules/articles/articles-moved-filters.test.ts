import { describe, expect, it } from 'vitest'
import {
  movedFilterOf,
  withParams,
} from '../../../../src/modules/articles/articles.moved-filters.js'

const renamed = (map: Record<string, string>) => ({
  movedTo: async (slug: string) => map[slug],
})

describe('withParams', () => {
  it('replaces the named parameters and keeps the others in their order', () => {
    expect(withParams('/v1/articles?limit=5&section=world&q=a%20b', { section: 'intl' })).toBe(
      '/v1/articles?limit=5&section=intl&q=a+b',
    )
    expect(withParams('/v1/articles?tag=x', { section: undefined, tag: 'y' })).toBe(
      '/v1/articles?tag=y',
    )
  })
})

describe('movedFilterOf', () => {
  const moved = movedFilterOf(renamed({ world: 'intl' }), renamed({ water: 'h2o' }))

  it('answers the URL with the current slugs when a section or a tag was renamed', async () => {
    expect(
      await moved('/v1/articles?section=world&tag=water', { section: 'world', tag: 'water' }),
    ).toBe('/v1/articles?section=intl&tag=h2o')
    expect(
      await moved('/v1/articles?section=sport&tag=water', { section: 'sport', tag: 'water' }),
    ).toBe('/v1/articles?section=sport&tag=h2o')
  })

  it('answers nothing when neither was renamed', async () => {
    expect(await moved('/v1/articles?section=sport', { section: 'sport' })).toBeUndefined()
    expect(await moved('/v1/articles', {})).toBeUndefined()
  })
})
