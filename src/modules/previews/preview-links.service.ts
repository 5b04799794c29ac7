import { createHash, randomBytes } from 'node:crypto'
import type { PrismaClient } from '../../db/client.js'
import { NotFoundError } from '../../errors/app-error.js'
import type { Actor } from '../audit/audit-actor.js'
import { findArticle } from '../articles/articles.service.js'
import { pendingVersionOf } from '../articles/pending/article-pending.service.js'
import { type ArticleRow, toArticleDto } from '../articles/store/article-mapper.js'
import type { CreatePreviewLinkBody } from './preview-links.schemas.js'

// A preview link shows one story, whatever its state, to someone without a key (a colleague, a
// lawyer, the subject of an interview). Its token is a bearer secret: only its SHA-256 is kept,
// and a wrong, expired or revoked token is a plain 404, like a link that never existed.

const DAY_SECONDS = 24 * 3600
const TOKEN_PREFIX = 'prv_'

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex')

const toLinkDto = (row: {
  id: string
  expiresAt: Date
  createdAt: Date
  keyName: string
  includePending: boolean
}) => ({
  id: row.id,
  expiresAt: row.expiresAt.toISOString(),
  createdAt: row.createdAt.toISOString(),
  keyName: row.keyName,
  includePending: row.includePending,
})

export function createPreviewLinksService({
  prisma,
  now,
}: {
  prisma: PrismaClient
  now: () => Date
}) {
  return {
    async create(ref: string, input: CreatePreviewLinkBody, actor: Actor) {
      const article = await findArticle(prisma, ref)
      const token = TOKEN_PREFIX + randomBytes(32).toString('base64url')
      const createdAt = now()
      const row = await prisma.previewLink.create({
        data: {
          articleId: article.id,
          tokenHash: hashToken(token),
          expiresAt: new Date(createdAt.getTime() + (input.expiresIn ?? DAY_SECONDS) * 1000),
          includePending: input.includePending ?? false,
          keyId: actor.keyId,
          keyName: actor.keyName,
          createdAt,
        },
      })
      return { ...toLinkDto(row), token, url: `/v1/preview/${token}` }
    },

    /** The links of an article that still work. */
    async list(ref: string) {
      const article = await findArticle(prisma, ref)
      const rows = await prisma.previewLink.findMany({
        where: { articleId: article.id, revokedAt: null, expiresAt: { gt: now() } },
        orderBy: { createdAt: 'desc' },
      })
      return { items: rows.map(toLinkDto) }
    },

    async revoke(ref: string, linkId: string) {
      const article = await findArticle(prisma, ref)
      const { count } = await prisma.previewLink.updateMany({
        where: { id: linkId, articleId: article.id, revokedAt: null },
        data: { revokedAt: now() },
      })
      if (count === 0) throw new NotFoundError('preview link', linkId)
    },

    /**
     * The article a working token shows, or its pending version for a link made with
     * `includePending`; trashed and killed stories are not shown.
     */
    async open(
      token: string,
    ): Promise<{ row: ArticleRow; article: ReturnType<typeof toArticleDto>; pending: boolean }> {
      const at = now()
      const link = await prisma.previewLink.findUnique({ where: { tokenHash: hashToken(token) } })
      if (!link || link.revokedAt || link.expiresAt <= at) throw new NotFoundError('preview', '…')
      const row = await findArticle(prisma, link.articleId)
      if (row.trashedAt || row.status === 'killed') throw new NotFoundError('preview', '…')
      const next = link.includePending ? await pendingVersionOf(prisma, row.id, now) : null
      const shown = next ?? row
      return { row: shown, article: toArticleDto(shown, at), pending: next !== null }
    },
  }
}
