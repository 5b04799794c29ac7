import type { Db } from '../../../db/client.js'
import { byIdOrSlug } from '../../../lib/id-or-slug.js'
import { ConflictError, GoneError } from '../../../errors/app-error.js'
import type { Actor } from '../../audit/audit-actor.js'

// A killed story is taken down for good: gone from every public route (they show `published`
// stories only), its URL a 410 with the notice, its slug still reserved. Nothing brings it back;
// deleting it for good is the only way to free the slug.

export interface KillInput {
  reason: string
  notice: string
}

export function assertNotKilled(current: { status: string }): void {
  if (current.status === 'killed')
    throw new ConflictError(
      'The story was killed: it cannot be changed, published or restored. Delete it for good (chief key) to free its slug.',
    )
}

export async function recordKill(
  tx: Db,
  articleId: string,
  { reason, notice }: KillInput,
  actor: Actor,
  at: Date,
) {
  await tx.articleKill.create({
    data: { articleId, reason, notice, killedAt: at, keyId: actor.keyId, keyName: actor.keyName },
  })
}

export async function findKill(db: Db, articleId: string) {
  return db.articleKill.findUnique({ where: { articleId } })
}

/** The reader's 410 for a killed story found by id, slug or old slug; nothing when there is none. */
export async function assertNotGone(db: Db, ref: string): Promise<void> {
  const key = byIdOrSlug(ref)
  const kill = await db.articleKill.findFirst({
    where: {
      article:
        'id' in key
          ? { id: key.id }
          : { OR: [{ slug: key.slug }, { oldSlugs: { some: { slug: key.slug } } }] },
    },
    select: { notice: true, killedAt: true },
  })
  if (kill)
    throw new GoneError(kill.notice, {
      notice: kill.notice,
      killedAt: kill.killedAt.toISOString(),
    })
}
