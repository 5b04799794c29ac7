import { describe, expect, it } from 'vitest'
import { newsLanguage, urlSet } from '../../../../src/modules/sitemaps/sitemap-documents.js'
import { sitemapErrors } from '../../../helpers/sitemap-schemas.js'

describe('newsLanguage', () => {
  it.each([
    ['en', 'en'],
    ['en-GB', 'en'],
    ['pt-BR', 'pt'],
    ['es-419', 'es'],
    ['fil', 'fil'],
    ['zh', 'zh-cn'],
    ['zh-CN', 'zh-cn'],
    ['zh-Hans-SG', 'zh-cn'],
    ['zh-Hant', 'zh-tw'],
    ['zh-TW', 'zh-tw'],
    ['zh-HK', 'zh-tw'],
    ['und', 'und'],
    ['not a tag', 'und'],
  ])('gives Google News %j as %j', (tag, language) => {
    expect(newsLanguage(tag)).toBe(language)
  })
})

describe('urlSet', () => {
  it('writes an empty news sitemap, which the library refuses to, as a well-formed urlset', async () => {
    const xml = await urlSet([], { news: true })
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?><urlset [^>]+><\/urlset>$/)
    // The schema asks for one URL at least, and says nothing else is wrong.
    expect(await sitemapErrors(xml, 'news')).toEqual([
      expect.stringContaining('Missing child element(s)'),
    ])
  })

  it('drops characters XML cannot carry and escapes markup, so the document stays valid', async () => {
    const xml = await urlSet(
      [
        {
          url: 'https://news.example/articles/a',
          news: {
            publication: { name: 'Tom & Jerry <News>', language: 'en' },
            publication_date: '2026-12-01T10:00:00.000Z',
            title: 'Bell\u0007 rings “</news:title>”',
          },
        },
      ],
      { news: true },
    )
    expect(await sitemapErrors(xml, 'news')).toEqual([])
    expect(xml).toContain('<news:title>Bell rings “&lt;/news:title&gt;”</news:title>')
    expect(xml).toContain('<news:name>Tom &amp; Jerry &lt;News&gt;</news:name>')
  })
})
