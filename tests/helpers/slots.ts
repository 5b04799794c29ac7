import type { TestContext } from './test-app.js'

export interface SlotBody {
  id: string
  key: string
  label: string
  description: string | null
  capacity: number
  fill: 'curated' | 'automatic' | 'mixed'
  allowSponsored: boolean
  position: number
  version: number
  createdAt: string
  updatedAt: string
}

/** Creates a slot through the API (as admin) and returns its body. */
export async function createSlot(ctx: TestContext, fields: Record<string, unknown> = {}) {
  const res = await ctx.api
    .post('/v1/slots')
    .set('authorization', ctx.auth.admin)
    .send({ key: 'you-may-also-like', label: 'You May Also Like', ...fields })
  if (res.status !== 201) throw new Error(`createSlot: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body as SlotBody
}

/** PUTs an item list: the slot's defaults, or an article's own list when `article` is given. */
export function putItems(ctx: TestContext, slot: string, items: unknown[], article?: string) {
  const path = article ? `/v1/articles/${article}/slots/${slot}` : `/v1/slots/${slot}/items`
  return ctx.api.put(path).set('authorization', ctx.auth.editor).send({ items })
}

/** Like putItems, but fails unless the list was saved. */
export async function setItems(ctx: TestContext, slot: string, items: unknown[], article?: string) {
  const res = await putItems(ctx, slot, items, article)
  if (res.status !== 200) throw new Error(`setItems: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body as {
    slot: string
    article: { id: string; slug: string } | null
    items: unknown[]
  }
}

/** ctx.snapshot() plus the slots, the stored item lists themselves and the audit log's size. */
export async function slotSnapshot(ctx: TestContext) {
  const prisma = ctx.db.prisma
  const [base, slots, versions, items, auditEntries] = await Promise.all([
    ctx.snapshot(),
    prisma.recommendationSlot.findMany({ orderBy: { key: 'asc' } }),
    prisma.recommendationSlot.aggregate({ _sum: { version: true } }),
    prisma.slotItem.findMany({
      orderBy: [{ slotId: 'asc' }, { articleId: 'asc' }, { position: 'asc' }],
    }),
    prisma.auditEntry.count(),
  ])
  return { ...base, slots, slotVersions: versions._sum.version ?? 0, items, auditEntries }
}
