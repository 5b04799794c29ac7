import { describe, expect, it } from 'vitest'
import {
  disclosureTemplateProblem,
  renderDisclosure,
  sponsorshipView,
} from '../../../../../src/modules/articles/formats/article-sponsorship.js'

describe('disclosures', () => {
  it('replaces every {sponsor} with the name, as given', () => {
    expect(renderDisclosure('Sponsored by {sponsor}', 'Delta Line')).toBe('Sponsored by Delta Line')
    expect(renderDisclosure('{sponsor} · paid by {sponsor}', '$& Co')).toBe('$& Co · paid by $& Co')
  })

  it('wants a template that names the sponsor and no other placeholder', () => {
    expect(disclosureTemplateProblem('Anzeige: {sponsor}')).toBeNull()
    expect(disclosureTemplateProblem('Advertisement')).toMatch(/\{sponsor\}/)
    expect(disclosureTemplateProblem('By {sponsor} {sponser}')).toMatch(/\{sponser\}/)
  })

  it('shows a stored sponsorship with its disclosure, and nothing for editorial copy', () => {
    expect(sponsorshipView({ kind: 'partner', sponsor: 'River Trust' })).toEqual({
      kind: 'partner',
      sponsor: 'River Trust',
      url: null,
      disclosure: 'In partnership with River Trust',
      rel: 'sponsored noopener',
    })
    expect(sponsorshipView(null)).toBeNull()
    expect(sponsorshipView({ kind: 'other', sponsor: 'X' })).toBeNull()
  })
})
