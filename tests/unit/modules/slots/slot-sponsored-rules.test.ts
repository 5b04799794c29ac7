import { describe, expect, it } from 'vitest'
import {
  arrangeSlot,
  DEFAULT_SPONSORED_POSITIONS,
  sponsoredRuleViolations,
} from '../../../../src/modules/slots/slot-sponsored-rules.js'

const rules = (fields: Record<string, unknown> = {}) => ({
  key: 'for-you',
  allowSponsored: true,
  maxSponsored: 1,
  sponsoredPositions: DEFAULT_SPONSORED_POSITIONS,
  capacity: 4,
  ...fields,
})
/** Items as letters; upper case ones are sponsored. */
const items = (letters: string) => [...letters]
const isSponsored = (item: string) => item !== item.toLowerCase()
const arrange = (letters: string, fields: Record<string, unknown> = {}) =>
  arrangeSlot(rules(fields), items(letters), isSponsored).join('')
const violations = (letters: string, fields: Record<string, unknown> = {}) =>
  sponsoredRuleViolations(rules(fields), items(letters).map(isSponsored)).map((v) => v.index)

describe('sponsoredRuleViolations', () => {
  it('allows one sponsored item anywhere but first by default', () => {
    expect(DEFAULT_SPONSORED_POSITIONS).toEqual(Array.from({ length: 23 }, (_, i) => i + 2))
    expect(violations('aBcd')).toEqual([])
    expect(violations('abcD')).toEqual([])
    expect(violations('Abcd')).toEqual([0])
  })

  it('names every item over the cap or out of place, counting only the placed ones', () => {
    expect(violations('ABCD')).toEqual([0, 2, 3])
    expect(violations('aBCd', { maxSponsored: 2 })).toEqual([])
    expect(violations('aBcD', { sponsoredPositions: [2, 3] })).toEqual([3])
    expect(violations('aBcd', { sponsoredPositions: [] })).toEqual([1])
  })

  it('refuses every sponsored item where sponsored content is off', () => {
    const found = sponsoredRuleViolations(rules({ allowSponsored: false }), [false, true, true])
    expect(found.map((v) => v.index)).toEqual([1, 2])
    expect(found[0]?.message).toMatch(/does not allow sponsored/)
  })

  it('checks only the cap in automatic slots, whose links take the first allowed places', () => {
    expect(violations('A', { fill: 'automatic' })).toEqual([])
    expect(violations('AB', { fill: 'automatic' })).toEqual([1])
  })
})

describe('arrangeSlot', () => {
  it('keeps a list that follows the rules as it is, up to the capacity', () => {
    expect(arrange('aBcde')).toBe('aBcd')
    expect(arrange('ab')).toBe('ab')
  })

  it('moves a sponsored item that comes too early to the next allowed place', () => {
    expect(arrange('Abcd')).toBe('bAcd')
    expect(arrange('Abcd', { sponsoredPositions: [3] })).toBe('bcAd')
  })

  it('leaves out sponsored items past the cap, and lets the next ones move up', () => {
    expect(arrange('aBCde')).toBe('aBde')
    expect(arrange('aBCde', { maxSponsored: 2 })).toBe('aBCd')
    expect(arrange('aBcd', { maxSponsored: 0 })).toBe('acd')
    expect(arrange('aBcd', { allowSponsored: false })).toBe('acd')
  })

  it('leaves out a sponsored item that nothing can precede: there are no gaps', () => {
    expect(arrange('A')).toBe('')
    expect(arrange('Ab')).toBe('bA')
    expect(arrange('Abc', { sponsoredPositions: [4] })).toBe('bc')
  })

  it('reads only what it places', () => {
    let read = 0
    function* many() {
      for (const letter of 'abcdefgh') {
        read++
        yield letter
      }
    }
    expect(arrangeSlot(rules(), many(), isSponsored)).toEqual(['a', 'b', 'c', 'd'])
    expect(read).toBe(4)
  })
})
