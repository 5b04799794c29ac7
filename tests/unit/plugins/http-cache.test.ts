import { describe, expect, it } from 'vitest'
import { boundedKeys, contentETag, MAX_SURROGATE_KEYS, noneMatchHits, surrogateKey } from '../../../src/plugins/http-cache.js'

describe('surrogate keys', () => {
  it('percent-encode values so that keys hold no separator and only header-safe characters', () => {
    expect(surrogateKey('section', 'world')).toBe('section:world')
    expect(surrogateKey('tag', 'a b,c')).toBe('tag:a%20b%2Cc')
    expect(surrogateKey('tag', 'économie')).toBe('tag:%C3%A9conomie')
  })

  it('are deduplicated, and past the limit the kind’s scope stands for the keys left out', () => {
    expect(boundedKeys(['articles', 'article:1', 'article:1'])).toEqual(['articles', 'article:1'])
    const many = Array.from({ length: MAX_SURROGATE_KEYS + 50 }, (_, i) => `article:${i}`)
    const kept = boundedKeys(['slot:x', ...many, 'byline:9'])
    expect(kept.length).toBeLessThanOrEqual(MAX_SURROGATE_KEYS)
    expect(kept[0]).toBe('slot:x')
    expect(kept).toContain('articles')
    expect(kept).toContain('bylines')
    expect(kept).not.toContain('slots')
  })
})

describe('ETags', () => {
  it('hash the body into a strong ETag of 27 base64url characters', () => {
    const etag = contentETag('{"a":1}')
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/)
    expect(contentETag(Buffer.from('{"a":1}'))).toBe(etag)
    expect(contentETag('{"a":2}')).not.toBe(etag)
  })

  it('match If-None-Match lists, weak forms and *', () => {
    expect(noneMatchHits(undefined, '"x"')).toBe(false)
    expect(noneMatchHits('"x"', '"x"')).toBe(true)
    expect(noneMatchHits('"y", W/"x"', '"x"')).toBe(true)
    expect(noneMatchHits('*', '"x"')).toBe(true)
    expect(noneMatchHits('"y"', '"x"')).toBe(false)
    expect(noneMatchHits('x', '"x"')).toBe(false)
  })
})
