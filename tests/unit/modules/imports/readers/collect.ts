import { createReadStream } from 'node:fs'
import { Readable } from 'node:stream'
import type { SourceItem } from '../../../../../src/modules/imports/readers/source-item.js'

export const FIXTURES = new URL('../../../../fixtures/imports/', import.meta.url)

/** A fixture file as a stream of small chunks, so that values are cut across chunks as in real files. */
export function fixture(name: string): Readable {
  return createReadStream(new URL(name, FIXTURES), { highWaterMark: 256 })
}

export function text(value: string): Readable {
  return Readable.from([Buffer.from(value)])
}

export async function collect(items: AsyncIterable<SourceItem>): Promise<SourceItem[]> {
  const all: SourceItem[] = []
  for await (const item of items) all.push(item)
  return all
}

/** The records by source id, and the items that were skipped or refused, in order. */
export function split(items: SourceItem[]) {
  const records = new Map<string, unknown>()
  for (const item of items) {
    if (item.record) records.set((item.record as { sourceId: string }).sourceId, item.record)
  }
  return { records, errors: items.filter((item) => item.error) }
}
