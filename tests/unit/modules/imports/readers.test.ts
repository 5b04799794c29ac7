import { Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import {
  detectFormat,
  formatOfContentType,
  READERS,
} from '../../../../src/modules/imports/readers/index.js'
import { readNdjson } from '../../../../src/modules/imports/readers/ndjson.js'
import type { SourceItem } from '../../../../src/modules/imports/readers/source-item.js'

async function items(text: string): Promise<SourceItem[]> {
  const out: SourceItem[] = []
  for await (const item of readNdjson(Readable.from([text]))) out.push(item)
  return out
}

describe('readNdjson', () => {
  it('gives each line its number, skips blank lines and reports what is not JSON', async () => {
    expect(await items('{"a":1}\r\n\n  \n{oops\n{"b":2}')).toEqual([
      { at: 'line 1', record: { a: 1 } },
      {
        at: 'line 4',
        error: { field: '(line)', message: expect.stringMatching(/^Not JSON: /) },
      },
      { at: 'line 5', record: { b: 2 } },
    ])
  })

  it('reads lines split across chunks', async () => {
    const out: SourceItem[] = []
    for await (const item of readNdjson(Readable.from(['{"hea', 'dline":"é"}\n{"x"', ':1}\n'])))
      out.push(item)
    expect(out.map((i) => i.record)).toEqual([{ headline: 'é' }, { x: 1 }])
  })
})

describe('detectFormat', () => {
  it('knows NDJSON by its extension or its first line', () => {
    expect(detectFormat('archive.ndjson')).toBe('ndjson')
    expect(detectFormat('ARCHIVE.JSONL')).toBe('ndjson')
    expect(detectFormat('upload', Buffer.from('{"sourceId":"a"}\n{"sourceId":"b"}\n'))).toBe(
      'ndjson',
    )
  })

  it('knows XML as WordPress and JSON as Ghost once their readers are registered', () => {
    const wxr = 'wxr' in READERS ? 'wxr' : undefined
    expect(detectFormat('export.xml')).toBe(wxr)
    expect(detectFormat('upload', Buffer.from('<?xml version="1.0"?>'))).toBe(wxr)
    expect(detectFormat('ghost.json')).toBe('ghost' in READERS ? 'ghost' : undefined)
    expect(detectFormat('notes.txt', Buffer.from('hello'))).toBeUndefined()
  })

  it('reads the Content-Type of an upload, parameters aside', () => {
    expect(formatOfContentType('application/x-ndjson; charset=utf-8')).toBe('ndjson')
    expect(formatOfContentType('text/plain')).toBeUndefined()
  })
})
