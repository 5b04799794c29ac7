import type { Db } from '../../db/client.js'
import { decodeTimeCursor, paginate } from '../../lib/cursor.js'
import { toNoteDto } from '../articles/notes/article-notes.service.js'

/** The site's public corrections, newest first: for a standards or corrections page. */
export function createCorrectionsService({ prisma, now }: { prisma: Db; now: () => Date }) {
  return {
    async list({ limit, cursor }: { limit: number; cursor?: string }) {
      const after = decodeTimeCursor(cursor)
      const rows = await prisma.articleNote.findMany({
        where: {
          kind: 'correction',
          // Only on stories readers can see now, as every public read.
          article: { status: 'published', publishedAt: { lte: now() }, trashedAt: null },
          ...(after
            ? {
                OR: [
                  { displayedAt: { lt: after.at } },
                  { displayedAt: after.at, id: { lt: after.id } },
                ],
              }
            : {}),
        },
        orderBy: [{ displayedAt: 'desc' }, { id: 'desc' }],
        take: limit + 1,
        include: { article: { select: { id: true, slug: true, headline: true } } },
      })
      const page = paginate(rows, limit, (r) => ({ key: r.displayedAt.toISOString(), id: r.id }))
      return {
        items: page.items.map((row) => ({ ...toNoteDto(row), article: row.article })),
        page: page.page,
      }
    },
  }
}
