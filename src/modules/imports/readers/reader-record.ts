import type { ImportRecordInput } from '../import-record.js'

/** What the WordPress and Ghost readers produce: the core validates it with ImportRecordSchema. */
export type ReaderRecord = ImportRecordInput

/** Options the command line can hand a reader. */
export interface ReaderOptions {
  /** The old site's address, for URLs an export writes relative to it (Ghost's `__GHOST_URL__`). */
  siteUrl?: string
}
