import { describe, expect, it } from 'vitest'
import {
  bylineText,
  type Credit,
} from '../../../../../src/modules/articles/formats/article-byline-text.js'

const staff = (name: string, role: Credit['role'] = 'author'): Credit => ({
  name,
  kind: 'staff',
  role,
})
const agency = (name: string, role: Credit['role'] = 'author'): Credit => ({
  name,
  kind: 'agency',
  role,
})

describe('bylineText', () => {
  it('credits one, two and three authors the way a news page prints them', () => {
    expect(bylineText([staff('Ana Ruiz')])).toBe('By Ana Ruiz')
    expect(bylineText([staff('Ana Ruiz'), staff('Li Wei')])).toBe('By Ana Ruiz and Li Wei')
    expect(bylineText([staff('Ana Ruiz'), staff('Li Wei'), staff('Sam Roe')])).toBe(
      'By Ana Ruiz, Li Wei and Sam Roe',
    )
  })

  it('prints the agency name alone for agency copy', () => {
    expect(bylineText([agency('AMPE')])).toBe('AMPE')
    expect(bylineText([agency('AMPE', 'contributor')])).toBe('AMPE')
  })

  it('is null when there is nobody to credit, never a bare "By"', () => {
    expect(bylineText([])).toBeNull()
    expect(bylineText([staff('Photo Desk', 'photographer')])).toBeNull()
    expect(bylineText([staff('   ')])).toBeNull()
  })

  it('credits only authors when there are any, in their order', () => {
    expect(
      bylineText([
        staff('Kim Photo', 'photographer'),
        staff('Li Wei'),
        agency('AMPE', 'contributor'),
      ]),
    ).toBe('By Li Wei')
    expect(bylineText([staff('Ana Ruiz'), agency('AMPE')])).toBe('By Ana Ruiz and AMPE')
  })

  it('names a person credited twice once', () => {
    expect(bylineText([staff('Ana Ruiz'), staff('Ana Ruiz')])).toBe('By Ana Ruiz')
  })
})
