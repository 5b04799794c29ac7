import { extname } from 'node:path'
import { readNdjson } from './ndjson.js'
import type { SourceReader } from './source-item.js'

/** Every format the importer reads, by name (`--format`, the job's `format`). */
export const READERS = { ndjson: readNdjson } satisfies Record<string, SourceReader>
export type ImportFormat = keyof typeof READERS
export const IMPORT_FORMATS = Object.keys(READERS) as [ImportFormat, ...ImportFormat[]]

const BY_EXTENSION: Record<string, string> = {
  '.ndjson': 'ndjson',
  '.jsonl': 'ndjson',
  '.xml': 'wxr',
  '.json': 'ghost',
}
const BY_CONTENT_TYPE: Record<string, string> = {
  'application/x-ndjson': 'ndjson',
  'application/jsonl': 'ndjson',
  'application/xml': 'wxr',
  'text/xml': 'wxr',
  'application/json': 'ghost',
}

const known = (format: string | undefined): ImportFormat | undefined =>
  format !== undefined && format in READERS ? (format as ImportFormat) : undefined

/** The format of a file by its name, else its first bytes: `<` is XML, `{` on a line of its own Ghost, `{…}` a line of NDJSON. */
export function detectFormat(fileName: string, firstBytes?: Buffer): ImportFormat | undefined {
  const byName = known(BY_EXTENSION[extname(fileName).toLowerCase()])
  if (byName || !firstBytes) return byName
  const start = firstBytes.toString('utf8').trimStart()
  if (start.startsWith('<')) return known('wxr')
  const firstLine = start.split('\n', 1)[0]?.trim() ?? ''
  if (firstLine.startsWith('{') && firstLine.endsWith('}')) return known('ndjson')
  return start.startsWith('{') ? known('ghost') : undefined
}

/** The format of an upload by its Content-Type (parameters ignored). */
export function formatOfContentType(contentType: string | undefined): ImportFormat | undefined {
  const type = (contentType ?? '').split(';', 1)[0]?.trim().toLowerCase() ?? ''
  return known(BY_CONTENT_TYPE[type])
}
