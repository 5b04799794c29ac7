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
    const known = names.get(sql)
    if (known !== undefined || names.size >= max) return known ?? ''
    const name = `s${names.size}`
    names.set(sql, name)
    return name
  }
}
