const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value)
}

/** A Prisma `where` for a path segment that is either a UUID or a slug. */
export function byIdOrSlug(ref: string): { id: string } | { slug: string } {
  return UUID.test(ref) ? { id: ref.toLowerCase() } : { slug: ref }
}
