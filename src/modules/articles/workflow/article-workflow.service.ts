import { ConflictError, NotFoundError } from '../../../errors/app-error.js'
import type { Db } from '../../../db/client.js'
import { embargoedPublication } from './article-embargo.js'
import { assertNotKilled, findKill, type KillInput, recordKill } from './article-kill.js'
import type { ChangeFeed } from '../../../db/change-feed.js'
import { resourceKeys } from '../../../db/resource-keys.js'
import type { Actor } from '../../audit/audit-actor.js'
import { assertPublishable, commitArticleChange } from '../store/article-writes.js'
import { type ArticleRow, toArticleDto } from '../store/article-mapper.js'
import { findArticle, findArticleToWrite } from '../articles.service.js'

type Transition = {
  status: 'published' | 'draft' | 'archived' | 'killed'
  /** The publication time to set, from the article as read in the transaction. */
  publishedAt?: (current: ArticleRow, at: Date) => Date
}

/** Explicit publishing actions. Each is one versioned, audited change. */
export type ArticleWorkflowService = ReturnType<typeof createArticleWorkflowService>

export function createArticleWorkflowService({
  prisma,
  changes,
  now,
}: {
  prisma: Db
  changes: ChangeFeed
  now: () => Date
}) {
  async function transition(
    ref: string,
    to: Transition,
    expectedVersion: number | undefined,
    actor: Actor,
    action: string,
    alongside?: (tx: Db, articleId: string, at: Date) => Promise<void>,
  ) {
    const row = await changes.write(async (tx, changed) => {
      const current = await findArticleToWrite(tx, ref, actor)
      changed(...resourceKeys('article', current.id))
      if (current.trashedAt)
        throw new ConflictError('The article is in the trash: restore it first (POST …/restore).')
      assertNotKilled(current)
      if (to.status === 'published') assertPublishable(current, current.bylines.length)
      const at = now()
      const publishedAt = embargoedPublication(
        to.publishedAt?.(current, at) ?? null,
        current.embargoUntil,
        to.status,
      )
      const data = publishedAt
        ? { status: to.status, publishedAt, sortAt: publishedAt }
        : { status: to.status }
      const row = await commitArticleChange(tx, {
        current,
        data,
        expectedVersion,
        actor,
        action,
        now: at,
        changed,
      })
      await alongside?.(tx, current.id, at)
      return row
    })
    return toArticleDto(row, now())
  }

  return {
    /**
     * Publishes now, or at `publishedAt` when it is in the future (scheduled: readers see the
     * story from then on, decided at query time). Without a time, a story published before keeps
     * its first publication time; a scheduled one is published now.
     */
    publish: (
      ref: string,
      publishedAt: string | undefined,
      expectedVersion: number | undefined,
      actor: Actor,
    ) =>
      transition(
        ref,
        {
          status: 'published',
          publishedAt: (current, at) =>
            publishedAt
              ? new Date(publishedAt)
              : current.publishedAt && current.publishedAt <= at
                ? current.publishedAt
                : at,
        },
        expectedVersion,
        actor,
        'article.publish',
      ),

    unpublish: (ref: string, expectedVersion: number | undefined, actor: Actor) =>
      transition(ref, { status: 'draft' }, expectedVersion, actor, 'article.unpublish'),

    archive: (ref: string, expectedVersion: number | undefined, actor: Actor) =>
      transition(ref, { status: 'archived' }, expectedVersion, actor, 'article.archive'),

    /** Takes the story down for good (see article-kill.ts), recording why in the same transaction. */
    kill: (ref: string, input: KillInput, expectedVersion: number | undefined, actor: Actor) =>
      transition(ref, { status: 'killed' }, expectedVersion, actor, 'article.kill', (tx, id, at) =>
        recordKill(tx, id, input, actor, at),
      ),

    /** Why and when a story was killed, and by whom; 404 for a story that was not. */
    async killOf(ref: string) {
      const { id } = await findArticle(prisma, ref)
      const kill = await findKill(prisma, id)
      if (!kill) throw new NotFoundError('kill of the article', ref)
      return {
        reason: kill.reason,
        notice: kill.notice,
        killedAt: kill.killedAt.toISOString(),
        keyName: kill.keyName,
      }
    },
  }
}
