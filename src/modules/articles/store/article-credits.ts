import type { Db } from '../../../db/client.js'
import type { BylineKind, BylineRole } from '../../../db/generated/client.js'
import { type FieldError, UnprocessableError } from '../../../errors/app-error.js'
import { byIdOrSlug } from '../../../lib/id-or-slug.js'

export interface CreditInput {
  byline: string
  role: BylineRole
}

export interface ResolvedCredit {
  position: number
  role: BylineRole
  /** The byline as an article credits it. */
  byline: { id: string; name: string; slug: string; kind: BylineKind }
}

/**
 * Resolves credits given by byline id or slug in one query. Unknown bylines and repeated
 * credits are refused with 422, naming each offending `bylines.N` entry.
 */
export async function resolveCredits(db: Db, credits: CreditInput[]): Promise<ResolvedCredit[]> {
  if (credits.length === 0) return []
  const refs = credits.map((c) => byIdOrSlug(c.byline))
  const ids = refs.flatMap((r) => ('id' in r ? [r.id] : []))
  const slugs = refs.flatMap((r) => ('slug' in r ? [r.slug] : []))
  const found = await db.byline.findMany({
    where: { OR: [{ id: { in: ids } }, { slug: { in: slugs } }] },
    select: { id: true, name: true, slug: true, kind: true },
  })
  const byRef = new Map(found.flatMap((b) => [[b.id, b] as const, [b.slug, b] as const]))

  const errors: FieldError[] = []
  const seen = new Set<string>()
  const resolved = credits.map((credit, position) => {
    const given = refs[position]
    const ref = given && 'id' in given ? given.id : credit.byline
    const byline = byRef.get(ref)
    if (!byline) {
      errors.push({
        path: `bylines.${position}.byline`,
        message: `No byline with id or slug "${credit.byline}"`,
      })
    } else if (seen.has(`${byline.id}/${credit.role}`)) {
      errors.push({
        path: `bylines.${position}`,
        message: 'This byline is already credited in this role',
      })
    }
    seen.add(`${byline?.id}/${credit.role}`)
    return byline && { position, role: credit.role, byline }
  })
  if (errors.length > 0) throw new UnprocessableError('Some bylines cannot be credited.', errors)
  return resolved.filter((c) => c !== undefined)
}
