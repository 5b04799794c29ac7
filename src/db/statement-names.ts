/**
 * Names for PostgreSQL prepared statements, for PrismaPg's `statementNameGenerator`. A named
 * statement is parsed and planned once per connection, then only bound and executed: for the
 * reads of single articles, planning cost PostgreSQL more than running the query. pg keeps every
 * named statement for the life of its connection, so only the first `max` distinct SQL texts get
 * a name; any other runs as the unnamed statement (`''`), parsed each time as before.
 */
export function statementNames(max: number): (query: { sql: string }) => string {
  const names = new Map<string, string>()
  return ({ sql }) => {
    if (sql.startsWith(PLANNED_PER_EXECUTION)) return ''
    const known = names.get(sql)
    if (known !== undefined || names.size >= max) return known ?? ''
    const name = `s${names.size}`
    names.set(sql, name)
    return name
  }
}

/**
 * The start of a statement that is never named (see plannedPerExecution in sql-fragments.ts): as
 * the unnamed statement, PostgreSQL plans it for the values of each execution.
 */
export const PLANNED_PER_EXECUTION = '/* planned per execution */'
