/**
 * One item a reader found in a source file: a record to validate against ImportRecordSchema, or
 * why the item could not be read. `at` locates it for the report: "line 12", "item 3 (post 4512)".
 */
export interface SourceItem {
  at: string
  record?: unknown
  error?: { field: string; message: string }
}

export type SourceReader = (input: NodeJS.ReadableStream) => AsyncIterable<SourceItem>
