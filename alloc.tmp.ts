import { openDatabase } from './src/db/client.js'
import { createRecommendationsService } from './src/modules/recommendations/recommendations.service.js'
import { findRecommendationContext } from './src/modules/recommendations/context.sql.js'
import pg from 'pg'
const url = 'postgresql://postgres@127.0.0.1:5432/cms_probe'
const c = new pg.Client({ connectionString: url }); await c.connect()
const slugs = (await c.query(`select slug from "Article" where status='published' and "publishedAt" < now() order by random() limit 300`)).rows.map((r) => r.slug)
await c.end()
const db = await openDatabase({ kind: 'postgres', url, poolSize: 1 })
const svc = createRecommendationsService({ prisma: db.prisma, now: () => new Date() })
for (const s of slugs.slice(0, 50)) await svc.resolve(s, {} as never, { keyed: false })
async function measure(label: string, fn: (s: string) => Promise<unknown>) {
  globalThis.gc?.()
  const before = process.memoryUsage().heapUsed
  for (const s of slugs) await fn(s)
  const after = process.memoryUsage().heapUsed
  console.log(label, 'KB allocated per call (no GC in between):', ((after - before) / slugs.length / 1024).toFixed(1))
}
await measure('resolve', (s) => svc.resolve(s, {} as never, { keyed: false }))
await measure('context only', (s) => findRecommendationContext(db.prisma, s, { visibleAt: new Date(), now: new Date(), excludeSlugs: [] }))
const { Prisma } = await import('./src/db/generated/client.js')
await measure('raw SELECT 1', () => db.prisma.$queryRaw`SELECT 1 AS one`)
let captured: any
await measure('build sql only', (s) => findRecommendationContext({ $queryRaw: async (st: any, ...v: any[]) => { captured = Prisma.sql(st, ...v); return [] } } as never, s, { visibleAt: new Date(), now: new Date(), excludeSlugs: [] }))
console.log('sql text length', captured.text.length)
await db.close()
