// Pure rules of sponsored content: how an article's sponsorship is stored and how a disclosure
// (the text that labels a sponsored item wherever it appears) is rendered.

export type SponsorshipKind = 'sponsored' | 'partner'

/** An article's sponsorship as stored in its `sponsorship` column. */
export interface StoredSponsorship {
  kind: SponsorshipKind
  sponsor: string
  url?: string | null
}

/** The placeholder a disclosure template names the sponsor with. */
export const SPONSOR_PLACEHOLDER = '{sponsor}'

/** The `rel` of every link to sponsored content or to a sponsor (RFC 8288 / Google's link attributes). */
export const SPONSORED_REL = 'sponsored noopener'

/**
 * The disclosure of an article outside any slot (its own JSON, lists, feeds, JSON-LD, ninjs):
 * paid content and content made with a partner are told apart, as the FTC and the EU's UCPD ask.
 */
export const ARTICLE_DISCLOSURES: Record<SponsorshipKind, string> = {
  sponsored: 'Sponsored by {sponsor}',
  partner: 'In partnership with {sponsor}',
}

/** `{sponsor}` replaced by the sponsor's name, everywhere it appears in the template. */
export function renderDisclosure(template: string, sponsor: string): string {
  return template.split(SPONSOR_PLACEHOLDER).join(sponsor)
}

/**
 * What is wrong with a disclosure template, or null: it must name the sponsor with `{sponsor}`,
 * and no other `{…}` placeholder exists (a typo such as `{sponser}` would reach readers verbatim).
 */
export function disclosureTemplateProblem(template: string): string | null {
  if (!template.includes(SPONSOR_PLACEHOLDER))
    return `Must name the sponsor with the placeholder ${SPONSOR_PLACEHOLDER}`
  const unknown = template
    .split(SPONSOR_PLACEHOLDER)
    .join('')
    .match(/\{[^{}]*\}/)
  if (unknown) return `Unknown placeholder ${unknown[0]}: only ${SPONSOR_PLACEHOLDER} is replaced`
  return null
}

/** The stored sponsorship of a row (a JSON column), or null for editorial copy. */
export function sponsorshipOf(json: unknown): StoredSponsorship | null {
  if (json === null || typeof json !== 'object') return null
  const { kind, sponsor, url } = json as Record<string, unknown>
  if ((kind !== 'sponsored' && kind !== 'partner') || typeof sponsor !== 'string') return null
  return { kind, sponsor, url: typeof url === 'string' ? url : null }
}

/** An article's sponsorship as the API shows it: with its disclosure and the `rel` of the sponsor's link. */
export function sponsorshipView(json: unknown) {
  const stored = sponsorshipOf(json)
  if (!stored) return null
  return {
    kind: stored.kind,
    sponsor: stored.sponsor,
    url: stored.url ?? null,
    disclosure: renderDisclosure(ARTICLE_DISCLOSURES[stored.kind], stored.sponsor),
    rel: SPONSORED_REL,
  } as const
}
export type SponsorshipView = NonNullable<ReturnType<typeof sponsorshipView>>
