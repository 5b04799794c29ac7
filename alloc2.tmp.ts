import pg from 'pg'
import { PrismaPg } from '@prisma/adapter-pg'
import { PrismaClient, Prisma } from './src/db/generated/client.js'
import { findRecommendationContext } from './src/modules/recommendations/context.sql.js'
const url = 'postgresql://postgres@127.0.0.1:5432/cms_probe'
const pool = new pg.Pool({ connectionString: url, max: 1 })
const factory = new PrismaPg(pool, { statementNameGenerator: ({ sql }) => 'ctx' + sql.length })
const prisma = new PrismaClient({ adapter: factory })
const adapter = await factory.connect()
const slugs = (await pool.query(`select slug from "Article" where status='published' and "publishedAt" < now() order by random() limit 300`)).rows.map((r) => r.slug)
let captured: any
const fake = { $queryRaw: async (st: any, ...v: any[]) => { captured = Prisma.sql(st, ...v); return [] } }
const sqlFor = async (s: string) => { await findRecommendationContext(fake as never, s, { visibleAt: new Date(), now: new Date(), excludeSlugs: [] }); return captured as Prisma.Sql }
async function measure(label: string, fn: (s: string) => Promise<unknown>) {
  for (const s of slugs.slice(0, 30)) await fn(s)
  globalThis.gc?.()
  const before = process.memoryUsage().heapUsed
  const t = performance.now()
  for (let r = 0; r < 3; r++) for (const s of slugs) await fn(s)
  const ms = (performance.now() - t) / slugs.length / 3
  console.log(label, 'ms/call', ms.toFixed(3), 'KB/call', ((process.memoryUsage().heapUsed - before) / slugs.length / 3 / 1024).toFixed(1))
}
await measure('prisma $queryRaw', (s) => findRecommendationContext(prisma, s, { visibleAt: new Date(), now: new Date(), excludeSlugs: [] }))
await measure('adapter.queryRaw', async (s) => { const q = await sqlFor(s); const r = await adapter.queryRaw({ sql: q.text, args: q.values as any, argTypes: q.values.map(() => ({ scalarType: 'unknown', arity: 'scalar' })) as any }); return r })
await measure('pool.query named', async (s) => { const q = await sqlFor(s); return pool.query({ name: 'x', text: q.text, values: q.values as any }) })
await measure('prisma $queryRaw', (s) => findRecommendationContext(prisma, s, { visibleAt: new Date(), now: new Date(), excludeSlugs: [] }))
await measure('adapter.queryRaw', async (s) => { const q = await sqlFor(s); const r = await adapter.queryRaw({ sql: q.text, args: q.values as any, argTypes: q.values.map(() => ({ scalarType: 'unknown', arity: 'scalar' })) as any }); return r })
await measure('prisma SELECT 1', () => prisma.$queryRaw`SELECT 1 AS one`)
await measure('adapter SELECT 1', () => adapter.queryRaw({ sql: 'SELECT 1 AS one', args: [], argTypes: [] }))
await prisma.$disconnect(); await pool.end()
