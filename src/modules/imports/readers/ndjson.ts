import { createInterface } from 'node:readline'
import type { SourceItem } from './source-item.js'

/** Our own format: one JSON object per line (blank lines ignored), read a line at a time. */
export async function* readNdjson(input: NodeJS.ReadableStream): AsyncIterable<SourceItem> {
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })
  let n = 0
  for await (const line of lines) {
    n++
    if (!line.trim()) continue
    const at = `line ${n}`
    try {
      yield { at, record: JSON.parse(line) }
    } catch (error) {
      yield { at, error: { field: '(line)', message: `Not JSON: ${(error as Error).message}` } }
    }
  }
}
