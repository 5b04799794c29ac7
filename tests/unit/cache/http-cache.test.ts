import { describe, expect, it } from 'vitest'
import {
  boundedKeys,
  codedETag,
  contentETag,
  MAX_SURROGATE_KEYS,
  noneMatch,
} from '../../../src/cache/http-cache.js'
import { surrogateKey } from '../../../src/db/resource-keys.js'

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

  it('match If-None-Match lists, weak forms and *, answering with the tag the client holds', () => {
    expect(noneMatch(undefined, '"x"')).toBeUndefined()
    expect(noneMatch('"x"', '"x"')).toBe('"x"')
    expect(noneMatch('"y", W/"x"', '"x"')).toBe('"x"')
    expect(noneMatch('*', '"x"')).toBe('"x"')
    expect(noneMatch('"y"', '"x"')).toBeUndefined()
    expect(noneMatch('x', '"x"')).toBeUndefined()
  })

  it('name content-coded bodies apart, and match them as the same content', () => {
    const etag = contentETag('{"a":1}')
    const gzip = codedETag(etag, 'gzip')
    expect(gzip).toBe(`${etag.slice(0, -1)}-gzip"`)
    expect(noneMatch(`"y", ${gzip}`, etag)).toBe(gzip)
    expect(noneMatch(codedETag(etag, 'br'), etag)).toBe(codedETag(etag, 'br'))
    expect(noneMatch(codedETag(etag, 'zstd'), etag)).toBeUndefined()
    expect(noneMatch(codedETag(contentETag('{"a":2}'), 'gzip'), etag)).toBeUndefined()
    expect(noneMatch(`${etag.slice(0, -1)}-gzipx"`, etag)).toBeUndefined()
  })
})
