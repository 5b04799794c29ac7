import { z } from 'zod'
import type { Db } from '../../db/client.js'
import { Prisma } from '../../db/generated/client.js'
import { UnprocessableError } from '../../errors/app-error.js'

/** A section as articles show it: what a link and its label need. */
export const SectionRefSchema = z
  .object({ slug: z.string(), name: z.string() })
  .meta({ id: 'SectionRef', description: 'A section: its slug (for URLs) and its name (to print)' })
export type SectionRef = z.infer<typeof SectionRefSchema>

/**
 * The slug of the section an article names by `ref`: a section's slug, its name in any case, or
 * one of its old slugs; 422 naming `section` (at `path`) and the value when there is none.
 */
export async function resolveSection(
  db: Db,
  ref: string | null | undefined,
  path = 'section',
): Promise<string | null | undefined> {
  if (ref === undefined || ref === null) return ref
  const [found] = await db.$queryRaw<{ slug: string }[]>(Prisma.sql`
    SELECT slug FROM (
      SELECT s.slug, 1 AS rank FROM "Section" s WHERE s.slug = ${ref}
      UNION ALL SELECT s.slug, 2 FROM "Section" s WHERE lower(s.name) = lower(${ref})
      UNION ALL SELECT s.slug, 3 FROM "SectionSlugRedirect" r JOIN "Section" s ON s.id = r."sectionId" WHERE r.slug = ${ref}
    ) found ORDER BY rank LIMIT 1`)
  if (found) return found.slug
  throw new UnprocessableError(
    `There is no section "${ref}": name an existing section by its slug or name (GET /v1/sections).`,
    [{ path, message: `Unknown section "${ref}"` }],
  )
}
