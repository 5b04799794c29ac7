/** A slot as events name it: its key is its slug. */
export const slotResource = (row: { id: string; key: string; version: number }) =>
  ({ type: 'slot', id: row.id, slug: row.key, version: row.version }) as const
