import type { Db } from '../../../db/client.js'
import { ForbiddenError } from '../../../errors/app-error.js'
import type { Actor } from '../../audit/audit-actor.js'

// Contributors (freelancers, guest writers) file drafts: they create drafts and change their own
// drafts while they are drafts; publishing and everyone else's stories need an editor.

const NEEDS_EDITOR = 'needs an editor key (or a role above it); contributors may only'

export function assertContributorMayCreate(actor: Actor, status: string): void {
  if (actor.role !== 'contributor' || status === 'draft') return
  throw new ForbiddenError(`Creating a story with status "${status}" ${NEEDS_EDITOR} file drafts.`)
}

interface Current {
  id: string
  status: string
  trashedAt: Date | null
}

export async function assertContributorMayChange(
  db: Db,
  actor: Actor,
  current: Current,
  nextStatus: string | undefined,
): Promise<void> {
  if (actor.role !== 'contributor') return
  if (nextStatus !== undefined && nextStatus !== 'draft')
    throw new ForbiddenError(`Setting status "${nextStatus}" ${NEEDS_EDITOR} edit drafts.`)
  if (current.status !== 'draft' || current.trashedAt)
    throw new ForbiddenError(
      `Changing a story that is no longer a draft ${NEEDS_EDITOR} edit drafts.`,
    )
  // The key that wrote the first revision created the story.
  const first = await db.articleRevision.findUnique({
    where: { articleId_version: { articleId: current.id, version: 1 } },
    select: { keyId: true },
  })
  if (first?.keyId !== actor.keyId)
    throw new ForbiddenError(
      `Changing another person's story ${NEEDS_EDITOR} edit their own drafts.`,
    )
}
