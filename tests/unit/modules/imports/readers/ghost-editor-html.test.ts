import { describe, expect, it } from 'vitest'
import {
  lexicalToHtml,
  mobiledocToHtml,
} from '../../../../../src/modules/imports/readers/ghost-editor-html.js'
import { htmlToMarkdown } from '../../../../../src/modules/imports/readers/html-to-markdown.js'

const text = (value: string, format = 0) => ({ type: 'text', text: value, format })

describe('lexicalToHtml', () => {
  it('renders text formats, links, headings, lists, quotes, images and cards', () => {
    const doc = {
      root: {
        type: 'root',
        children: [
          { type: 'heading', tag: 'h2', children: [text('Tides')] },
          {
            type: 'paragraph',
            children: [
              text('High '),
              text('water', 1),
              text(' at <6>', 2),
              { type: 'linebreak' },
              { type: 'link', url: 'https://tides.example/?a=1&b=2', children: [text('table')] },
            ],
          },
          {
            type: 'list',
            listType: 'number',
            children: [{ type: 'listitem', children: [text('one')] }],
          },
          { type: 'quote', children: [text('Watch the bar.')] },
          { type: 'image', src: 'https://img.example/a.jpg', altText: 'Bar', caption: 'The bar' },
          { type: 'markdown', markdown: 'Some *md*' },
          { type: 'bookmark', url: 'https://elsewhere.example' },
        ],
      },
    }
    const html = lexicalToHtml(JSON.stringify(doc))
    expect(html).toBe(
      '<h2>Tides</h2><p>High <strong>water</strong><em> at &lt;6&gt;</em><br><a href="https://tides.example/?a=1&amp;b=2">table</a></p><ol><li>one</li></ol><blockquote>Watch the bar.</blockquote><figure><img src="https://img.example/a.jpg" alt="Bar"><figcaption>The bar</figcaption></figure><p>Some <em>md</em></p>\n',
    )
    expect(htmlToMarkdown(html ?? '')).toBe(
      '## Tides\n\nHigh **water** _at <6>_  \n[table](https://tides.example/?a=1&b=2)\n\n1. one\n\n> Watch the bar.\n\n![Bar](https://img.example/a.jpg)\n\nThe bar\n\nSome _md_',
    )
  })

  it('is undefined for JSON it cannot read', () => {
    expect(lexicalToHtml('{not json')).toBeUndefined()
    expect(lexicalToHtml('{"nothing": 1}')).toBeUndefined()
  })
})

describe('mobiledocToHtml', () => {
  it('renders markup sections with nested markups, lists and cards', () => {
    const doc = {
      version: '0.3.1',
      atoms: [],
      markups: [['strong'], ['a', ['href', 'https://x.example/']]],
      cards: [
        ['image', { src: 'https://img.example/b.jpg', alt: 'B' }],
        ['html', { html: '<p>Raw</p>' }],
        ['gallery', { images: [] }],
      ],
      sections: [
        [1, 'h2', [[0, [], 0, 'Title']]],
        [
          1,
          'p',
          [
            [0, [0], 0, 'bold '],
            [0, [1], 2, 'link'],
            [0, [], 0, ' end'],
          ],
        ],
        [3, 'ul', [[[0, [], 0, 'a']], [[0, [], 0, 'b']]]],
        [10, 0],
        [10, 1],
        [10, 2],
      ],
    }
    expect(mobiledocToHtml(JSON.stringify(doc))).toBe(
      '<h2>Title</h2><p><strong>bold <a href="https://x.example/">link</a></strong> end</p><ul><li>a</li><li>b</li></ul><p><img src="https://img.example/b.jpg" alt="B"></p><p>Raw</p>',
    )
  })
})
