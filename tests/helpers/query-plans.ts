import { createRequire } from 'node:module'
import type pg from 'pg'
import type { Prisma } from '../../src/db/generated/client.js'

// EXPLAIN (FORMAT JSON) of a statement, as the plan of a first execution (custom: planned for its
// values) or as the generic plan a connection keeps for a prepared statement after a few.

/** pg's own conversion of a parameter to its text form (arrays, dates). */
const prepareValue = createRequire(import.meta.url)('pg/lib/utils.js').prepareValue as (
  value: unknown,
) => unknown

export interface PlanNode {
  'Node Type': string
  'Relation Name'?: string
  'Index Name'?: string
  Plans?: PlanNode[]
}

function flatten(node: PlanNode, out: PlanNode[] = []): PlanNode[] {
  out.push(node)
  for (const child of node.Plans ?? []) flatten(child, out)
  return out
}

let statements = 0

/** Every node of the plan of `sql`. Writes are planned, not run. */
export async function explainNodes(
  client: pg.Client,
  sql: Prisma.Sql,
  mode: 'custom' | 'generic',
): Promise<PlanNode[]> {
  const values = sql.values as unknown[]
  let plan: [{ Plan: PlanNode }]
  if (mode === 'custom') {
    const { rows } = await client.query(`EXPLAIN (FORMAT JSON) ${sql.text}`, values)
    plan = rows[0]['QUERY PLAN']
  } else {
    const name = `plan_${process.pid}_${statements++}`
    const literals = values.map((v) => {
      const text = prepareValue(v)
      return text === null ? 'NULL' : client.escapeLiteral(String(text))
    })
    await client.query(`PREPARE ${name} AS ${sql.text}`)
    try {
      await client.query('SET plan_cache_mode = force_generic_plan')
      const { rows } = await client.query(
        `EXPLAIN (FORMAT JSON) EXECUTE ${name}${literals.length ? `(${literals.join(', ')})` : ''}`,
      )
      plan = rows[0]['QUERY PLAN']
    } finally {
      await client.query('RESET plan_cache_mode')
      await client.query(`DEALLOCATE ${name}`)
    }
  }
  return flatten(plan[0].Plan)
}
