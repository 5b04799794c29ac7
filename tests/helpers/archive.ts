// Generated archives for import tests and measurements: realistic NDJSON records.
import type { ImportRecordInput } from '../../src/modules/imports/import-record.js'

const WORDS =
  'harbour council water storm election budget school river market energy climate court museum rail housing'.split(
    ' ',
  )

/** Record n (from 1) of a generated archive: published, with a section, tags and a byline. */
export function archiveRecord(n: number, prefix = 'gen'): ImportRecordInput {
  const word = (k: number) => WORDS[(n * 7 + k * 3) % WORDS.length]
  const day = new Date(Date.UTC(2005, 0, 1) + n * 3_600_000).toISOString()
  return {
    sourceId: `${prefix}:${n}`,
    headline: `The ${word(1)} ${word(2)} story number ${n}`,
    dek: `What happened to the ${word(3)}`,
    body: Array.from(
      { length: 12 },
      (_, p) => `Paragraph ${p} about the ${word(p)} and the ${word(p + 1)}, story ${n}.`,
    ).join('\n\n'),
    section: ['World', 'Climate', 'Local', 'Business'][n % 4] as string,
    tags: [word(4), word(5)] as string[],
    bylines: [{ slug: `writer-${n % 50}`, name: `Writer ${n % 50}` }],
    status: 'published',
    publishedAt: day,
    createdAt: day,
    updatedAt: day,
  }
}

/** `count` lines of NDJSON, from record `from`. */
export function archiveNdjson(count: number, from = 1, prefix = 'gen'): string {
  let out = ''
  for (let n = from; n < from + count; n++) out += `${JSON.stringify(archiveRecord(n, prefix))}\n`
  return out
}
