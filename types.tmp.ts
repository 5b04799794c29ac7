import pg from 'pg'
import { PrismaPg } from '@prisma/adapter-pg'
import { PrismaClient } from './src/db/generated/client.js'
const pool = new pg.Pool({ connectionString: 'postgresql://postgres@127.0.0.1:5432/cms_probe', max: 1 })
const factory = new PrismaPg(pool)
const prisma = new PrismaClient({ adapter: factory })
const adapter = await factory.connect()
const sql = `SELECT 1::int AS i4, 2::bigint AS i8, 1.5::float8 AS f8, 1.25::numeric AS num, true AS b, 'x'::text AS t, now() AS tz, now()::timestamp AS ts, '2026-01-01'::date AS d,
 '{"a":[1,{"b":"2026-01-01T00:00:00Z"}]}'::json AS j, '{"a":1}'::jsonb AS jb, ARRAY['a','b'] AS ta, ARRAY[1.5,2.5]::float8[] AS fa, ARRAY[gen_random_uuid()] AS ua, gen_random_uuid() AS u,
 'published'::"ArticleStatus" AS e, NULL::text AS n, NULL::json AS nj, '\\x0102'::bytea AS by, ARRAY[now()] AS tza, '{}'::text[] AS empty`
const r = await adapter.queryRaw({ sql, args: [], argTypes: [] })
console.log(JSON.stringify(r.columnTypes)); console.log(r.rows[0])
const p: any[] = await prisma.$queryRawUnsafe(sql)
console.log(p[0])
await prisma.$disconnect(); await pool.end()
