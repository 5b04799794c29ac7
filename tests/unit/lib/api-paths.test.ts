import { describe, expect, it } from 'vitest'
import { isApiPath } from '../../../src/lib/api-paths.js'

describe('isApiPath', () => {
  it.each([
    '/v1/articles',
    '/v1/feeds/rss?tag=water',
    '/sitemap.xml',
    '/sitemap.xml?junk=1',
    '/sitemaps/news.xml',
    '/sitemaps/articles-:period.xml',
  ])('counts %s among the API’s answers', (path) => {
    expect(isApiPath(path)).toBe(true)
  })

  it.each([
    '/healthz',
    '/readyz',
    '/docs',
    '/docs/json',
    '/v1',
    '/sitemap.xml.gz',
    '/sitemaps',
    undefined,
  ])('leaves %s alone', (path) => {
    expect(isApiPath(path)).toBe(false)
  })
})
