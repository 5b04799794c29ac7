import { assertNotKilled } from '../workflow/article-kill.js'
import { isDeepStrictEqual } from 'node:util'
import type { Db, PrismaClient } from '../../../db/client.js'
import { NotFoundError, ValidationError } from '../../../errors/app-error.js'
import type { ChangeFeed } from '../../../db/change-feed.js'
import { decodeCursor, paginate } from '../../../lib/cursor.js'
import { resourceKeys } from '../../../db/resource-keys.js'
import { resolveSection } from '../../sections/section-refs.js'
import { resolveTags } from '../../tags/tag-refs.js'
import type { Actor } from '../../audit/audit-actor.js'
import {
  type ArticleSnapshot,
  bodyFields,
  commitArticleChange,
  jsonOrDbNull,
} from '../store/article-writes.js'
import { resolveCredits } from '../store/article-credits.js'
import type { Revision, RevisionDiff } from './article-revisions.schemas.js'
import { moveSlug } from '../store/article-slugs.js'
import { toArticleDto } from '../store/article-mapper.js'
import { findArticle, findArticleToWrite } from '../articles.service.js'

export type ArticleRevisionsService = ReturnType<typeof createArticleRevisionsService>

export function createArticleRevisionsService({
  prisma,
  changes,
  now,
}: {
  prisma: PrismaClient
  changes: ChangeFeed
  now: () => Date
}) {
  async function findRevision(db: Db, articleId: string, version: number) {
    const row = await db.articleRevision.findUnique({
      where: { articleId_version: { articleId, version } },
    })
    if (!row) throw new NotFoundError('revision', String(version))
    return { ...row, snapshot: row.snapshot as ArticleSnapshot }
  }

  const toDto = (row: Awaited<ReturnType<typeof findRevision>>): Revision => ({
    version: row.version,
    keyName: row.keyName,
    createdAt: row.createdAt.toISOString(),
    // The stored heroImage is jsonb written from a validated HeroImageInput.
    article: row.snapshot as Revision['article'],
  })

  return {
    /** Newest first. */
    async list(ref: string, { limit, cursor }: { limit: number; cursor?: string }) {
      const { id } = await findArticle(prisma, ref)
      // Ours name this article and the version to continue below; anything else was forged.
      const after = decodeCursor(cursor)
      if (after && (after.id !== id || !/^[1-9]\d{0,8}$/.test(after.key))) {
        throw new ValidationError('The cursor is not one this API produced.', [
          {
            path: 'query.cursor',
            message: 'Invalid cursor: pass page.nextCursor from a previous response unchanged',
          },
        ])
      }
      const rows = await prisma.articleRevision.findMany({
        where: { articleId: id, ...(after ? { version: { lt: Number(after.key) } } : {}) },
        orderBy: { version: 'desc' },
        take: limit + 1,
      })
      const page = paginate(rows, limit, (r) => ({ key: String(r.version), id }))
      return {
        items: page.items.map((r) => ({
          version: r.version,
          keyName: r.keyName,
          createdAt: r.createdAt.toISOString(),
          headline: (r.snapshot as ArticleSnapshot).headline,
        })),
        page: page.page,
      }
    },

    async get(ref: string, version: number) {
      const { id } = await findArticle(prisma, ref)
      return toDto(await findRevision(prisma, id, version))
    },

    /** Field by field, what changed from version `against` to `version`. */
    async diff(ref: string, version: number, against: number): Promise<RevisionDiff> {
      const { id } = await findArticle(prisma, ref)
      const to = (await findRevision(prisma, id, version)).snapshot
      const from = (await findRevision(prisma, id, against)).snapshot
      const fields = Object.keys(to) as (keyof ArticleSnapshot)[]
      return {
        version,
        against,
        changes: fields
          .filter((f) => !isDeepStrictEqual(from[f], to[f]))
          .map((f) => ({ field: f, from: from[f], to: to[f] })),
      }
    },

    /** A new version equal to an old one; the history itself is never rewritten. */
    async restore(ref: string, version: number, expectedVersion: number | undefined, actor: Actor) {
      const row = await changes.write(async (tx, changed) => {
        const current = await findArticleToWrite(tx, ref, actor)
        assertNotKilled(current)
        changed(...resourceKeys('article', current.id))
        const { snapshot } = await findRevision(tx, current.id, version)
        const credits = await resolveCredits(
          tx,
          snapshot.bylines.map((b) => ({ byline: b.bylineId, role: b.role })),
        )
        if (snapshot.slug !== current.slug) await moveSlug(tx, current, snapshot.slug)
        const publishedAt = snapshot.publishedAt ? new Date(snapshot.publishedAt) : null
        const { bylines: _credits, trashedAt: _trash, ...fields } = snapshot
        // Its section and tags as they are called now (renamed, merged); a deleted section is a 422.
        const section = await resolveSection(tx, snapshot.section)
        const tags = await resolveTags(tx, snapshot.tags, changed)
        return commitArticleChange(tx, {
          current,
          data: {
            ...fields,
            section,
            tags: tags.slugs,
            ...bodyFields(snapshot.body),
            heroImage: jsonOrDbNull(snapshot.heroImage),
            // Revisions from before sponsorships existed were editorial copy.
            sponsorship: jsonOrDbNull(snapshot.sponsorship ?? null),
            publishedAt,
            sortAt: publishedAt ?? current.createdAt,
          },
          credits,
          expectedVersion,
          actor,
          action: 'article.restore-revision',
          now: now(),
          changed,
        })
      })
      return toArticleDto(row, now())
    },
  }
}
