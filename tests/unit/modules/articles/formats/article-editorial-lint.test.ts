import { describe, expect, it } from 'vitest'
import {
  type LintInput,
  lintArticle,
} from '../../../../../src/modules/articles/formats/article-editorial-lint.js'

const clean: LintInput = {
  headline: 'Ministers hail “a new chapter” in river talks',
  dek: 'Seven states agree how to share the Serava in dry years.',
  body: 'The agreement was signed in Geneva on Tuesday by seven ministers.\n\nIt takes effect next spring, officials said.',
  creditLine: null,
  bylineCount: 1,
  heroImage: { url: 'https://img.example.com/a.jpg', alt: 'Ministers at a table' },
}

const codes = (input: Partial<LintInput>) => lintArticle({ ...clean, ...input }).map((w) => w.code)

describe('lintArticle', () => {
  it('finds nothing wrong with clean copy', () => {
    expect(lintArticle(clean)).toEqual([])
  })

  it('flags a lead paragraph pasted twice, naming both paragraphs', () => {
    const lead = 'The agreement was signed in Geneva on Tuesday by seven ministers.'
    const warnings = lintArticle({ ...clean, body: `${lead}\n\nMore detail here.\n\n${lead}` })
    expect(warnings).toEqual([
      expect.objectContaining({
        code: 'duplicate-paragraph',
        field: 'body',
        message: 'Paragraph 3 repeats paragraph 1.',
      }),
    ])
  })

  it('flags a dek identical to the first paragraph', () => {
    expect(
      codes({ dek: 'The agreement was signed in Geneva on Tuesday by seven ministers.' }),
    ).toEqual(['dek-repeats-lead'])
  })

  it('flags unbalanced straight and typographic quotes', () => {
    expect(codes({ headline: 'Ministers hail “a new chapter in river talks' })).toEqual([
      'unbalanced-quotes',
    ])
    expect(codes({ body: 'He said "yes and left.\n\nFine.' })).toEqual(['unbalanced-quotes'])
    expect(codes({ body: 'He said "yes" and “no”.' })).toEqual([])
  })

  it('flags one name spelled two ways by a transposed letter, but not different words', () => {
    expect(
      codes({ body: 'Minister Kowalski spoke first.\n\nLater Kowalksi left the room.' }),
    ).toEqual(['name-spelled-two-ways'])
    expect(codes({ body: 'Ms Hansen said so. Then Hanson agreed.' })).toEqual([
      'name-spelled-two-ways',
    ])
    expect(
      codes({ body: 'Geneva and Vienna hosted. Minister and Ministers met in Paris, not Maris.' }),
    ).toEqual([])
  })

  it('flags images without alt text, in the hero image and in the body', () => {
    expect(codes({ heroImage: { url: 'https://img.example.com/a.jpg', alt: ' ' } })).toEqual([
      'missing-alt-text',
    ])
    expect(codes({ body: 'See ![](https://img.example.com/b.jpg) here.' })).toEqual([
      'missing-alt-text',
    ])
    expect(codes({ body: 'See ![A map](https://img.example.com/b.jpg) here.' })).toEqual([])
  })

  it('flags a headline over 110 characters', () => {
    expect(codes({ headline: 'x'.repeat(111) })).toEqual(['headline-too-long'])
    expect(codes({ headline: 'x'.repeat(110) })).toEqual([])
  })

  it('flags copy with nobody to credit, unless a credit line names someone', () => {
    expect(codes({ bylineCount: 0 })).toEqual(['nobody-credited'])
    expect(codes({ bylineCount: 0, creditLine: 'AMPE' })).toEqual([])
  })

  it('flags links whose scheme is not http or https', () => {
    expect(codes({ body: '[click](javascript:alert(1)) and <ftp://files.example.com/x>' })).toEqual(
      ['non-http-link', 'non-http-link'],
    )
    expect(codes({ body: '[ok](https://example.com) and [anchor](#notes)' })).toEqual([])
  })
})
