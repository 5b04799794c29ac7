import type { ChangeFeed, Changed } from '../../../db/change-feed.js'
import type { Db, PrismaClient } from '../../../db/client.js'
import type { ArticlePending, Prisma } from '../../../db/generated/client.js'
import { resourceKeys } from '../../../db/resource-keys.js'
import { AppError, ConflictError, NotFoundError } from '../../../errors/app-error.js'
import { PreconditionFailedError } from '../../../errors/precondition-errors.js'
import { type Actor, systemActor } from '../../audit/audit-actor.js'
import { recordAudit } from '../../audit/audit.service.js'
import type { Article } from '../articles.schemas.js'
import { applyArticleUpdate, findArticle } from '../articles.service.js'
import { type ArticleRow, toArticleDto } from '../store/article-mapper.js'
import { assertNotKilled } from '../workflow/article-kill.js'
import { displayStatus } from '../workflow/article-visibility.js'
import { fieldChanges } from './article-pending-diff.js'
import type { PendingArticle, PendingArticleBody } from './article-pending.schemas.js'

/** A pending version as the service returns it; the route adds the article's JSON-LD. */
export type PendingView = Omit<PendingArticle, 'article'> & { article: Article }

// A pending version is the PATCH body an editor saved for a live story, kept out of readers'
// sight in ArticlePending. It is shown, and checked, by applying it to the live version in a
// transaction that is rolled back (a dry run); publishing applies it for real, conditional on
// the live version it was prepared on, so a hot fix made meanwhile is never silently undone.

type StoredFields = Omit<PendingArticleBody, 'significant'>
type PendingRow = ArticlePending

const inputOf = (stored: PendingRow) => ({
  ...(stored.fields as StoredFields),
  ...(stored.significant ? { significant: true } : {}),
})

class DryRun {
  constructor(readonly row: ArticleRow) {}
}
const nothingChanged: Changed = Object.assign(() => {}, { event: () => {} })

/**
 * The article as it reads with `input` applied to its live version, as PATCH would write it:
 * PATCH's checks run (a 409 or 422 comes out as it would), then everything is rolled back.
 */
async function dryRun(
  prisma: PrismaClient,
  articleId: string,
  input: PendingArticleBody,
  actor: Actor,
  now: () => Date,
): Promise<ArticleRow> {
  try {
    await prisma.$transaction(async (tx) => {
      const current = await findArticle(tx, articleId)
      const row = await applyArticleUpdate(tx, nothingChanged, {
        current,
        input,
        expectedVersion: undefined,
        actor,
        action: 'article.pending.preview',
        now,
      })
      throw new DryRun(row)
    })
  } catch (err) {
    if (err instanceof DryRun) return err.row
    throw err
  }
  throw new Error('a dry run always rolls back')
}

const PREVIEW_ACTOR = systemActor('pending version preview')

/** The article's pending version as readers would get it, or null when it has none. */
export async function pendingVersionOf(
  prisma: PrismaClient,
  articleId: string,
  now: () => Date,
): Promise<ArticleRow | null> {
  const stored = await prisma.articlePending.findUnique({ where: { articleId } })
  return stored ? dryRun(prisma, articleId, inputOf(stored), PREVIEW_ACTOR, now) : null
}

/** A pending version is for a story readers see now; a draft or a scheduled one is simply edited. */
function assertLive(current: ArticleRow, at: Date) {
  assertNotKilled(current)
  if (displayStatus(current, at) !== 'published')
    throw new ConflictError(
      `The article is ${displayStatus(current, at)}, not live: readers do not see it, so change it with PATCH.`,
    )
}

/** Thrown inside a publish's transaction when live moved on; rendered after the rollback. */
class LiveMovedOn {
  constructor(
    readonly current: ArticleRow,
    readonly stored: PendingRow,
  ) {}
}

/** Locks the pending row, so that concurrent publications of it (and the scheduler) take turns. */
async function lockPending(tx: Db, articleId: string): Promise<PendingRow | null> {
  const [locked] = await tx.$queryRaw<{ articleId: string }[]>`
    SELECT "articleId"::text AS "articleId" FROM "ArticlePending"
    WHERE "articleId" = ${articleId}::uuid FOR UPDATE`
  return locked ? tx.articlePending.findUnique({ where: { articleId } }) : null
}

export type ArticlePendingService = ReturnType<typeof createArticlePendingService>

export function createArticlePendingService({
  prisma,
  changes,
  now,
}: {
  prisma: PrismaClient
  changes: ChangeFeed
  now: () => Date
}) {
  async function view(stored: PendingRow): Promise<PendingView> {
    const row = await dryRun(prisma, stored.articleId, inputOf(stored), PREVIEW_ACTOR, now)
    const current = await findArticle(prisma, stored.articleId)
    const at = now()
    const pending = toArticleDto(row, at)
    return {
      article: pending,
      changes: fieldChanges(toArticleDto(current, at), pending),
      basedOnVersion: stored.basedOnVersion,
      liveVersion: current.version,
      significant: stored.significant,
      publishAt: stored.publishAt?.toISOString() ?? null,
      keyName: stored.keyName,
      createdAt: stored.createdAt.toISOString(),
      updatedAt: stored.updatedAt.toISOString(),
    }
  }

  /** The 412 of a publication after live moved on: both versions, so the editor can merge. */
  async function liveMovedOn({ current, stored }: LiveMovedOn) {
    const pending = await view(stored).catch(() => ({
      fields: stored.fields,
      basedOnVersion: stored.basedOnVersion,
    }))
    return new AppError(
      412,
      'precondition-failed',
      'Precondition failed',
      `The live article moved on to version ${current.version} since the pending version was prepared on version ${stored.basedOnVersion}: publishing it would undo that change. Compare \`live\` and \`pending\`, save the pending version again on the live one, then publish.`,
      { currentVersion: current.version, live: toArticleDto(current, now()), pending },
    )
  }

  /**
   * The checks and the publication itself, in the caller's transaction: the pending row locked
   * first, then live read afresh, so that of two publications the second sees the first's result.
   */
  async function publishIn(
    tx: Db,
    changed: Changed,
    articleId: string,
    expectedVersion: number | undefined,
    actor: Actor,
  ): Promise<ArticleRow> {
    const stored = await lockPending(tx, articleId)
    const current = await findArticle(tx, articleId)
    assertNotKilled(current)
    changed(...resourceKeys('article', current.id))
    if (stored && stored.basedOnVersion !== current.version) throw new LiveMovedOn(current, stored)
    if (expectedVersion !== undefined && expectedVersion !== current.version)
      throw new PreconditionFailedError('article', current.version)
    if (!stored) throw new NotFoundError('pending version of the article', articleId)
    const row = await applyArticleUpdate(tx, changed, {
      current,
      input: inputOf(stored),
      expectedVersion: current.version,
      actor,
      action: 'article.pending.publish',
      now,
    })
    await tx.articlePending.delete({ where: { articleId } })
    return row
  }

  async function storedOf(ref: string) {
    const { id } = await findArticle(prisma, ref)
    const stored = await prisma.articlePending.findUnique({ where: { articleId: id } })
    if (!stored) throw new NotFoundError('pending version of the article', ref)
    return stored
  }

  return {
    /** Creates or replaces the pending version; `created` tells which. Replacing it unschedules it. */
    async save(ref: string, body: PendingArticleBody, expectedVersion: number, actor: Actor) {
      const live = await findArticle(prisma, ref)
      const { id } = live
      assertLive(live, now())
      if (expectedVersion !== live.version)
        throw new PreconditionFailedError('article', live.version)
      // PATCH's own checks (an unknown section, a slug taken, nothing left to credit) answer now, not at publication.
      await dryRun(prisma, id, body, actor, now)
      const { significant = false, ...fields } = body
      const { stored, created } = await changes.write(async (tx) => {
        const current = await findArticle(tx, id)
        if (current.version !== expectedVersion)
          throw new PreconditionFailedError('article', current.version)
        const at = now()
        const before = await tx.articlePending.findUnique({ where: { articleId: id } })
        const data = {
          fields: fields as Prisma.InputJsonValue,
          basedOnVersion: expectedVersion,
          significant,
          publishAt: null,
          scheduledKeyId: null,
          scheduledKeyName: null,
          keyId: actor.keyId,
          keyName: actor.keyName,
          updatedAt: at,
        }
        const stored = await tx.articlePending.upsert({
          where: { articleId: id },
          create: { ...data, articleId: id, createdAt: at },
          update: data,
        })
        await recordAudit(tx, actor, 'article.pending.save', 'article', id)
        return { stored, created: !before }
      })
      return { pending: await view(stored), created }
    },

    async get(ref: string) {
      return view(await storedOf(ref))
    },

    async remove(ref: string, actor: Actor) {
      await changes.write(async (tx) => {
        const { id } = await findArticle(tx, ref)
        const { count } = await tx.articlePending.deleteMany({ where: { articleId: id } })
        if (count === 0) throw new NotFoundError('pending version of the article', ref)
        await recordAudit(tx, actor, 'article.pending.delete', 'article', id)
      })
    },

    /**
     * Publishes the pending version now (the new live article), or schedules it for a future `at`
     * (the pending version, with `publishAt`): the event workers publish it then.
     */
    async publish(
      ref: string,
      at: Date | undefined,
      expectedVersion: number,
      actor: Actor,
    ): Promise<{ article: Article } | { scheduled: PendingView }> {
      const { id } = await findArticle(prisma, ref)
      try {
        if (at && at > now()) {
          const stored = await changes.write(async (tx) => {
            const locked = await lockPending(tx, id)
            const current = await findArticle(tx, id)
            assertLive(current, now())
            if (locked && locked.basedOnVersion !== current.version)
              throw new LiveMovedOn(current, locked)
            if (expectedVersion !== current.version)
              throw new PreconditionFailedError('article', current.version)
            if (!locked) throw new NotFoundError('pending version of the article', ref)
            await recordAudit(tx, actor, 'article.pending.schedule', 'article', id)
            return tx.articlePending.update({
              where: { articleId: id },
              data: { publishAt: at, scheduledKeyId: actor.keyId, scheduledKeyName: actor.keyName },
            })
          })
          return { scheduled: await view(stored) }
        }
        const row = await changes.write((tx, changed) =>
          publishIn(tx, changed, id, expectedVersion, actor),
        )
        return { article: toArticleDto(row, now()) }
      } catch (err) {
        if (err instanceof LiveMovedOn) throw await liveMovedOn(err)
        throw err
      }
    },

    /**
     * Publishes the pending versions whose time has come (the event workers' job), one
     * transaction each, claimed with SKIP LOCKED so that instances share the work; times that
     * passed while no instance ran are caught up at the next start. One that can no longer be
     * published as prepared (live moved on, a 4xx) stays pending, unscheduled, and is audited.
     */
    async publishDue(): Promise<number> {
      let done = 0
      for (;;) {
        let claimed: PendingRow | null = null
        try {
          const published = await changes.write(async (tx, changed) => {
            const [due] = await tx.$queryRaw<{ articleId: string }[]>`
              SELECT "articleId"::text AS "articleId" FROM "ArticlePending"
              WHERE "publishAt" <= ${now()}::timestamptz
              ORDER BY "publishAt", "articleId" LIMIT 1 FOR UPDATE SKIP LOCKED`
            if (!due) return false
            claimed = await tx.articlePending.findUnique({ where: { articleId: due.articleId } })
            const actor: Actor = {
              keyId: claimed?.scheduledKeyId ?? null,
              keyName: claimed?.scheduledKeyName ?? 'scheduled publication',
              role: null,
              requestId: 'scheduled-publication',
            }
            await publishIn(tx, changed, due.articleId, undefined, actor)
            return true
          })
          if (!published) return done
          done++
        } catch (err) {
          const failed = claimed as PendingRow | null
          if (!failed || !(err instanceof AppError || err instanceof LiveMovedOn)) throw err
          await changes.write(async (tx) => {
            await tx.articlePending.updateMany({
              where: { articleId: failed.articleId, updatedAt: failed.updatedAt },
              data: { publishAt: null },
            })
            await recordAudit(
              tx,
              systemActor('scheduled publication'),
              'article.pending.schedule-failed',
              'article',
              failed.articleId,
            )
          })
          done++
        }
      }
    },
  }
}
