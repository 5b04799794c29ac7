import { describe, expect, it } from 'vitest'
import { readingStats, renderMarkdown } from '../../../src/lib/markdown.js'

describe('renderMarkdown', () => {
  it('renders CommonMark', () => {
    expect(renderMarkdown('# Title\n\nSome *emphasis* and [a link](https://example.com).')).toBe(
      '<h1>Title</h1>\n<p>Some <em>emphasis</em> and <a href="https://example.com">a link</a>.</p>\n',
    )
  })

  it('never lets raw HTML, scripts or script URLs through', () => {
    const html = renderMarkdown(
      '<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[click](javascript:alert(1)) [d](data:text/html;base64,PHNjcmlwdD4=)',
    )
    expect(html).not.toMatch(/<script|<img|href="javascript:|href="data:/i)
    expect(html).toContain('&lt;script&gt;')
  })

  it('keeps typographic quotes and non-Latin text as written', () => {
    expect(renderMarkdown('“Мир” — 和平 🙂')).toBe('<p>“Мир” — 和平 🙂</p>\n')
  })
})

describe('readingStats', () => {
  it('counts the words a reader sees, not markup or link targets', () => {
    const stats = readingStats(
      renderMarkdown('Hello **brave** new [world](https://example.com/a-b-c-d).'),
    )
    expect(stats).toEqual({ wordCount: 4, readingTimeMinutes: 1 })
  })

  it('takes about a minute per 230 words and zero for an empty body', () => {
    expect(readingStats(renderMarkdown('word '.repeat(461))).readingTimeMinutes).toBe(3)
    expect(readingStats('')).toEqual({ wordCount: 0, readingTimeMinutes: 0 })
  })
})
