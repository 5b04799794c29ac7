// The rules of sponsored items in a slot, as pure functions: checked when a list is saved or a
// slot's rules change, and applied again when a slot is resolved for readers (items hidden by
// their time window or their article's state move the others, and automatic picks may be
// sponsored articles).

/** The most items any slot can hold; a slot's own `capacity` may be lower. */
export const MAX_SLOT_CAPACITY = 24

export const DEFAULT_SLOT_DISCLOSURE = 'Sponsored by {sponsor}'

/** Every position but the first: a reader's first pick is never an advertisement. */
export const DEFAULT_SPONSORED_POSITIONS: readonly number[] = Array.from(
  { length: MAX_SLOT_CAPACITY - 1 },
  (_, i) => i + 2,
)

export interface SponsoredRules {
  key: string
  allowSponsored: boolean
  /** How many sponsored items may be shown at once. */
  maxSponsored: number
  /** The 1-based positions sponsored items may take. */
  sponsoredPositions: readonly number[]
}

/** How many sponsored items a slot may show: none at all where sponsored content is off. */
export const sponsoredCap = (rules: SponsoredRules) =>
  rules.allowSponsored ? rules.maxSponsored : 0

export interface RuleViolation {
  /** 0-based index in the list. */
  index: number
  message: string
}

const positionsText = (positions: readonly number[]) =>
  positions.length === 0 ? 'no position' : `positions ${positions.join(', ')}`

/**
 * The sponsored items of a list, as stored (every item counts, whatever its time window), that
 * break the slot's rules: at a position they may not take, or past the slot's cap. In a slot
 * that chooses its articles itself (`automatic`) the list holds only sponsored links, and their
 * places come from arrangeSlot (the first allowed positions, in order): only the cap applies.
 */
export function sponsoredRuleViolations(
  rules: SponsoredRules & { fill?: string },
  sponsored: readonly boolean[],
): RuleViolation[] {
  const positioned = rules.fill !== 'automatic'
  const cap = sponsoredCap(rules)
  const allowed = new Set(rules.sponsoredPositions)
  const violations: RuleViolation[] = []
  let count = 0
  sponsored.forEach((isSponsored, index) => {
    if (!isSponsored) return
    if (!rules.allowSponsored) {
      violations.push({ index, message: `Slot "${rules.key}" does not allow sponsored items` })
    } else if (positioned && !allowed.has(index + 1)) {
      const where = positionsText(rules.sponsoredPositions)
      violations.push({
        index,
        message: `A sponsored item cannot be at position ${index + 1}: slot "${rules.key}" allows them at ${where}`,
      })
    } else if (++count > cap) {
      violations.push({
        index,
        message: `Slot "${rules.key}" shows at most ${cap} sponsored item${cap === 1 ? '' : 's'}`,
      })
    }
  })
  return violations
}

/**
 * The items of a slot as readers get them, at most `capacity`: `items` in order (curated picks,
 * then automatic candidates; read lazily, so that only what is used is taken), except that a
 * sponsored item only takes an allowed position while the slot is under its cap. One that comes
 * too early waits for the next allowed position, while the items after it move up; one that
 * finds no allowed position (or is past the cap) is left out. There are never gaps, so a
 * sponsored item that nothing else can precede in an allowed position is left out too.
 */
export function arrangeSlot<T>(
  rules: SponsoredRules & { capacity: number },
  items: Iterable<T>,
  isSponsored: (item: T) => boolean,
): T[] {
  const cap = sponsoredCap(rules)
  const allowed = new Set(rules.sponsoredPositions)
  const placed: T[] = []
  const waiting: T[] = []
  let sponsoredCount = 0
  const source = items[Symbol.iterator]()
  while (placed.length < rules.capacity) {
    const mayPlaceSponsored = allowed.has(placed.length + 1) && sponsoredCount < cap
    const first = waiting[0]
    if (mayPlaceSponsored && first !== undefined) {
      placed.push(first)
      waiting.shift()
      sponsoredCount++
      continue
    }
    const next = source.next()
    if (next.done) break
    const item = next.value
    if (!isSponsored(item)) {
      placed.push(item)
    } else if (mayPlaceSponsored) {
      placed.push(item)
      sponsoredCount++
    } else if (sponsoredCount + waiting.length < cap) {
      waiting.push(item)
    }
  }
  return placed
}
