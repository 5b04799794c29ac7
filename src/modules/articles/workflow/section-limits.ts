import { ForbiddenError } from '../../../errors/app-error.js'
import type { Actor } from '../../audit/audit-actor.js'

// A key limited to sections (a sport desk, a freelancer for culture) writes only stories filed
// under them: it cannot file one elsewhere or without a section, nor move one out of them.

const isLimited = (actor: Actor): actor is Actor & { sections: readonly string[] } =>
  (actor.sections?.length ?? 0) > 0

/** Throws the 403 naming the key's sections when `section` (a story's, or where it would go) is outside them. */
export function assertSectionAllowed(actor: Actor, section: string | null): void {
  if (!isLimited(actor) || (section !== null && actor.sections.includes(section))) return
  const where = section === null ? 'a story without a section' : `a story in "${section}"`
  throw new ForbiddenError(
    `This key is limited to the sections ${actor.sections.join(', ')}: it cannot write ${where}.`,
    { sections: actor.sections },
  )
}

/** Throws the 403 for keys limited to sections, for changes that reach stories in every section. */
export function assertUnlimited(actor: Actor, what: string): void {
  if (!isLimited(actor)) return
  throw new ForbiddenError(
    `${what} changes stories in every section; this key is limited to the sections ${actor.sections.join(', ')}.`,
    { sections: actor.sections },
  )
}
