import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Prisma } from '../../../src/db/generated/client.js'
import { databaseFailure } from '../../../src/db/prisma-errors.js'
import { readRows } from '../../../src/db/raw-reads.js'
import { openTestDatabase, type TestDatabase } from '../../helpers/test-database.js'

let db: TestDatabase
let statements: string[] = []
beforeAll(async () => {
  db = await openTestDatabase({ onQuery: (sql) => statements.push(sql) })
})
afterAll(() => db?.close())

/** One value of every kind the hot reads select, with bound parameters of every kind they pass. */
const everyType = (at: Date, tags: string[]) => Prisma.sql`
  SELECT 1::int AS int4, 2::smallint AS int2, 1.5::float8 AS float8, count(*)::int AS count,
    true AS bool, 'Ministers hail “a new chapter”'::text AS text, ${at}::timestamptz AS at,
    '2026-06-01 12:00:00.123456+00'::timestamptz AS micros,
    json_build_object('a', json_build_array(1, 'x'), 'at', ${at}::timestamptz) AS json, '{"b": null}'::jsonb AS jsonb,
    ${tags}::text[] AS tags, ARRAY[1.5, 2.5]::float8[] AS floats, ARRAY['01900000-0000-7000-8000-000000000000']::uuid[] AS ids,
    '01900000-0000-7000-8000-000000000000'::uuid AS id, 'published'::"ArticleStatus" AS status, NULL::text AS nothing,
    NULL::json AS "noJson", ARRAY[${at}::timestamptz] AS dates, '{}'::text[] AS "noTags"`

describe('readRows', () => {
  it('returns what $queryRaw returns, value for value', async () => {
    const sql = everyType(new Date('2026-06-01T12:00:00.250Z'), ['water', 'It’s'])
    const [direct] = await readRows<Record<string, unknown>>(db.prisma, sql)
    const [client] = await db.prisma.$queryRaw<Record<string, unknown>[]>(sql)
    expect(direct).toEqual(client)
    expect(Object.keys(direct!)).toEqual(Object.keys(client!))
    expect(direct).toMatchObject({
      count: 1,
      at: new Date('2026-06-01T12:00:00.250Z'),
      tags: ['water', 'It’s'],
      status: 'published',
    })
  })

  it('reports each statement it sends, as the client does', async () => {
    statements = []
    await readRows(db.prisma, Prisma.sql`SELECT ${1}::int AS one`)
    expect(statements).toHaveLength(1)
  })

  it.runIf(process.env.DATABASE_URL)('sends each read as a named prepared statement', async () => {
    const seen = await readRows<{ name: string }>(
      db.prisma,
      Prisma.sql`SELECT name FROM pg_prepared_statements WHERE statement LIKE ${'SELECT name FROM pg_prepared_statements %'}`,
    )
    expect(seen).toEqual([{ name: expect.stringMatching(/^s\d+$/) }])
  })

  it('runs on the client of a transaction inside that transaction', async () => {
    const seen = await db.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`CREATE TEMP TABLE only_here (n int) ON COMMIT DROP`
      return readRows<{ n: number }>(tx, Prisma.sql`SELECT count(*)::int AS n FROM only_here`)
    })
    expect(seen).toEqual([{ n: 0 }])
  })

  it("fails with PostgreSQL's error, which translates as the client's does", async () => {
    const sql = Prisma.sql`SELECT * FROM no_such_table`
    const direct = await readRows(db.prisma, sql).catch((e: unknown) => e)
    const client = await db.prisma.$queryRaw(sql).catch((e: unknown) => e)
    expect(direct).toMatchObject({ code: '42P01' })
    expect((direct as Error).message).toMatch(/no_such_table/)
    expect(databaseFailure(direct)).toEqual({ sqlState: '42P01' })
    expect(databaseFailure(client)).toEqual({ sqlState: '42P01' })
  })
})
