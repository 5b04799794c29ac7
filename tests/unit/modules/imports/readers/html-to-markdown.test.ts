import { describe, expect, it } from 'vitest'
import {
  htmlToMarkdown,
  htmlToText,
} from '../../../../../src/modules/imports/readers/html-to-markdown.js'
import { renderMarkdown } from '../../../../../src/lib/markdown.js'

describe('htmlToMarkdown', () => {
  it('leaves out scripts, styles, forms and inline SVG, text and all', () => {
    const html =
      '<p>Before</p><script>alert(1)</script><style>p{}</style><noscript>no js</noscript><form><input name="q"></form><svg><script>x()</script></svg><p>After</p>'
    expect(htmlToMarkdown(html)).toBe('Before\n\nAfter')
  })

  it('keeps the text of links to javascript: and drops images from data: URLs', () => {
    expect(
      htmlToMarkdown(
        '<p><a href="javascript:alert(1)">click</a> <a href="/local">here</a> <img src="data:image/png;base64,AAAA" alt="x"></p>',
      ),
    ).toBe('click [here](/local)')
  })

  it('turns frames into a link to what they embedded, and nothing for odd schemes', () => {
    expect(htmlToMarkdown('<iframe src="https://player.example/v/1"></iframe>')).toBe(
      '<https://player.example/v/1>',
    )
    expect(htmlToMarkdown('<iframe src="javascript:x()"></iframe>')).toBe('')
  })

  it('decodes entities and escapes what Markdown would read as markup', () => {
    expect(htmlToMarkdown('<p>5 &lt; 6 &amp;&nbsp;*not bold* &#8220;q&#8221;</p>')).toBe(
      '5 < 6 &\u00a0\\*not bold\\* “q”',
    )
  })

  it('writes nested and numbered lists with one space after the marker', () => {
    expect(
      htmlToMarkdown('<ol start="3"><li>three</li><li>four<ul><li>inner</li></ul></li></ol>'),
    ).toBe('3. three\n4. four\n   - inner')
  })

  it('writes tables as pipe tables, the first row as the header', () => {
    expect(
      htmlToMarkdown(
        '<table><tbody><tr><th>Party</th><th>Seats</th></tr><tr><td>Blue | Green</td><td><b>7</b></td></tr></tbody></table>',
      ),
    ).toBe('| Party | Seats |\n| --- | --- |\n| Blue \\| Green | **7** |')
  })

  it('produces Markdown that renders without raw HTML', () => {
    const rendered = renderMarkdown(htmlToMarkdown('<p onclick="x()">Hi <b>there</b></p>'))
    expect(rendered).toBe('<p>Hi <strong>there</strong></p>\n')
  })
})

describe('htmlToText', () => {
  it('drops tags, decodes entities and collapses white space', () => {
    expect(htmlToText('  <p>Arts &amp; <b>Culture</b>&#8217;s\n best</p> ')).toBe(
      'Arts & Culture’s best',
    )
  })
})
