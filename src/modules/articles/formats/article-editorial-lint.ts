/**
 * Editorial lint: a second pair of eyes for paste errors and missing pieces. Pure functions over
 * an article's fields; warnings never block anything and never change the text.
 */
export interface LintInput {
  headline: string
  dek: string | null
  body: string
  creditLine: string | null
  bylineCount: number
  heroImage: { url: string; alt: string } | null
}

/** Every warning the lint gives; the API's LintWarning schema lists these. */
export const LINT_CODES = [
  'duplicate-paragraph',
  'dek-repeats-lead',
  'unbalanced-quotes',
  'name-spelled-two-ways',
  'missing-alt-text',
  'headline-too-long',
  'nobody-credited',
  'non-http-link',
] as const
export type LintCode = (typeof LINT_CODES)[number]

export const LINT_FIELDS = ['headline', 'dek', 'body', 'heroImage', 'bylines'] as const

export interface LintWarning {
  code: LintCode
  field: (typeof LINT_FIELDS)[number]
  message: string
}

export const HEADLINE_SOFT_LIMIT = 110

/** Paragraphs as a reader sees them: split on blank lines, whitespace collapsed. */
function paragraphs(body: string): string[] {
  return body
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
}

/** Text without Markdown emphasis or link syntax, for comparing prose. */
function plain(text: string): string {
  return text
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*_`>#]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase()
}

function duplicateParagraphs(body: string): LintWarning[] {
  const firstSeen = new Map<string, number>()
  const warnings: LintWarning[] = []
  paragraphs(body).forEach((paragraph, index) => {
    const key = plain(paragraph)
    if (key.length < 20) return
    const first = firstSeen.get(key)
    if (first === undefined) firstSeen.set(key, index)
    else
      warnings.push({
        code: 'duplicate-paragraph',
        field: 'body',
        message: `Paragraph ${index + 1} repeats paragraph ${first + 1}.`,
      })
  })
  return warnings
}

function dekRepeatsLead(dek: string | null, body: string): LintWarning[] {
  const lead = paragraphs(body)[0]
  if (!dek || !lead || plain(dek) !== plain(lead)) return []
  return [
    {
      code: 'dek-repeats-lead',
      field: 'dek',
      message: 'The dek is identical to the first paragraph.',
    },
  ]
}

function count(text: string, char: string): number {
  return text.split(char).length - 1
}

function unbalancedQuotes(field: LintWarning['field'], text: string | null): LintWarning[] {
  if (!text) return []
  const pieces = field === 'body' ? paragraphs(text) : [text]
  return pieces.flatMap((piece, index) => {
    const where = field === 'body' ? `Paragraph ${index + 1}` : `The ${field}`
    const problems: string[] = []
    if (count(piece, '"') % 2 === 1) problems.push('an odd number of straight double quotes (")')
    if (count(piece, '“') !== count(piece, '”'))
      problems.push(`${count(piece, '“')} opening “ but ${count(piece, '”')} closing ”`)
    return problems.map((p) => ({
      code: 'unbalanced-quotes' as const,
      field,
      message: `${where} has ${p}.`,
    }))
  })
}

/** True when a and b differ by one swap of adjacent letters, or one substituted letter. */
function oneSlipApart(a: string, b: string): boolean {
  if (a.length !== b.length || a === b) return false
  const diffs: number[] = []
  for (let i = 0; i < a.length && diffs.length <= 2; i++) if (a[i] !== b[i]) diffs.push(i)
  const [first = -1] = diffs
  if (diffs.length === 1) return first > 0 && first < a.length - 1
  if (diffs.length !== 2) return false
  const [i, j] = diffs as [number, number]
  return j === i + 1 && a[i] === b[j] && a[j] === b[i]
}

const NAME = /\b\p{Lu}[\p{Ll}\p{M}'’-]{3,}\b/gu

/** Capitalised words spelled two ways in one story, e.g. "Kowalski" and "Kowalksi". */
function namesSpelledTwoWays(input: LintInput): LintWarning[] {
  const text = [input.headline, input.dek ?? '', input.body].join('\n')
  const names = [...new Set(text.match(NAME) ?? [])]
  const warnings: LintWarning[] = []
  for (let i = 0; i < names.length; i++) {
    for (let j = i + 1; j < names.length; j++) {
      const [a = '', b = ''] = [names[i], names[j]]
      if (oneSlipApart(a, b)) {
        warnings.push({
          code: 'name-spelled-two-ways',
          field: 'body',
          message: `"${a}" and "${b}" look like one name spelled two ways.`,
        })
      }
    }
  }
  return warnings
}

function missingAltText(input: LintInput): LintWarning[] {
  const warnings: LintWarning[] = []
  if (input.heroImage && !input.heroImage.alt.trim()) {
    warnings.push({
      code: 'missing-alt-text',
      field: 'heroImage',
      message: 'The hero image has no alt text.',
    })
  }
  for (const match of input.body.matchAll(/!\[([^\]]*)\]\(([^)\s]*)/g)) {
    if (!match[1]?.trim()) {
      warnings.push({
        code: 'missing-alt-text',
        field: 'body',
        message: `The image ${match[2]} in the body has no alt text.`,
      })
    }
  }
  return warnings
}

function nonHttpLinks(body: string): LintWarning[] {
  const targets = [
    ...body.matchAll(/\]\(\s*<?([^)\s>]+)/g),
    ...body.matchAll(/<([a-z][a-z0-9+.-]*:[^>\s]+)>/gi),
  ].map((m) => m[1] ?? '')
  return targets
    .filter((href) => /^[a-z][a-z0-9+.-]*:/i.test(href) && !/^https?:/i.test(href))
    .map((href) => ({
      code: 'non-http-link' as const,
      field: 'body' as const,
      message: `The link ${href.slice(0, 80)} does not use http or https.`,
    }))
}

export function lintArticle(input: LintInput): LintWarning[] {
  return [
    ...(input.headline.length > HEADLINE_SOFT_LIMIT
      ? [
          {
            code: 'headline-too-long' as const,
            field: 'headline' as const,
            message: `The headline has ${input.headline.length} characters; keep it within ${HEADLINE_SOFT_LIMIT}.`,
          },
        ]
      : []),
    ...unbalancedQuotes('headline', input.headline),
    ...unbalancedQuotes('dek', input.dek),
    ...dekRepeatsLead(input.dek, input.body),
    ...duplicateParagraphs(input.body),
    ...unbalancedQuotes('body', input.body),
    ...namesSpelledTwoWays(input),
    ...missingAltText(input),
    ...nonHttpLinks(input.body),
    ...(input.bylineCount === 0 && !input.creditLine?.trim()
      ? [
          {
            code: 'nobody-credited' as const,
            field: 'bylines' as const,
            message: 'Nobody is credited: add a byline or a credit line.',
          },
        ]
      : []),
  ]
}
