import { ConflictError } from '../../../errors/app-error.js'

// An embargo holds a story back from the public until a time, while syndication partners may
// already read it. A published story under embargo is simply scheduled for the embargo's end at
// the earliest, so every public route (lists, search, feeds, recommendations, sitemaps) leaves it
// out, and it goes live at that time without any action, like any scheduled story.

/** The publication time with the embargo applied: never before the embargo ends. */
export function embargoedPublication(
  publishedAt: Date | null,
  embargoUntil: Date | null,
  status: string,
): Date | null {
  if (status !== 'published' || !embargoUntil) return publishedAt
  return publishedAt && publishedAt > embargoUntil ? publishedAt : embargoUntil
}

/** A story already out cannot be taken back under embargo: that is unpublishing. */
export function assertEmbargoable(wasPublic: boolean, embargoUntil: Date | null, now: Date): void {
  if (wasPublic && embargoUntil && embargoUntil > now)
    throw new ConflictError(
      'The story is already public: an embargo can only hold back a story that is not out yet (unpublish it first).',
    )
}
