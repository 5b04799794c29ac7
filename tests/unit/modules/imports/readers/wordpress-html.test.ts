import { describe, expect, it } from 'vitest'
import { wordpressHtml } from '../../../../../src/modules/imports/readers/wordpress-html.js'

describe('wordpressHtml', () => {
  it('adds paragraphs and line breaks to classic-editor text, as WordPress does on display', () => {
    expect(wordpressHtml('One\nstill one\n\nTwo\n<ul>\n<li>a</li>\n</ul>\nThree')).toBe(
      '<p>One<br>\nstill one</p>\n<p>Two</p>\n<ul>\n<li>a</li>\n</ul>\n<p>Three</p>',
    )
  })

  it('leaves preformatted text and block-editor content as they are', () => {
    expect(wordpressHtml('Code:\n\n<pre>a\n\n  b</pre>')).toBe('<p>Code:</p>\n<pre>a\n\n  b</pre>')
    const blocks = '<!-- wp:paragraph -->\n<p>Text\nmore</p>\n<!-- /wp:paragraph -->'
    expect(wordpressHtml(blocks)).toBe(blocks)
  })

  it('expands caption and embed shortcodes and drops gallery and player ones', () => {
    expect(
      wordpressHtml(
        '[caption id="attachment_1" width="300"]<a href="https://x.example/a.jpg"><img src="https://x.example/a.jpg" alt="A"></a> A cat[/caption]',
      ),
    ).toBe(
      '<figure><a href="https://x.example/a.jpg"><img src="https://x.example/a.jpg" alt="A"></a>\n<figcaption>A cat</figcaption>\n</figure>',
    )
    expect(wordpressHtml('[embed]https://video.example/1[/embed]')).toBe(
      '<p>https://video.example/1</p>',
    )
    expect(wordpressHtml('Before [gallery ids="1,2"] after [video src="x.mp4"][/video]')).toBe(
      '<p>Before  after</p>',
    )
  })
})
