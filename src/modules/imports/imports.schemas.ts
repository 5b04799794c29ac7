import { z } from 'zod'
import { IsoDateTime } from '../../schemas/common.js'
import { IMPORT_FORMATS } from './readers/index.js'

export const MAX_REPORTED_SKIPS = 1_000

export const ImportSkipSchema = z.object({
  at: z.string().describe('Where in the file: "line 12", "item 3 (post 4512)"'),
  field: z
    .string()
    .describe('The field that is wrong, e.g. `bylines.0.slug`; `(line)` for the item as a whole'),
  message: z.string(),
})

const JOB_EXAMPLE = {
  id: '01939a2b-7c3d-7e4f-8a5b-6c7d8e9f0a1b',
  state: 'running',
  format: 'ndjson',
  fileName: 'archive.ndjson',
  position: 12000,
  processed: 12000,
  imported: 11890,
  updated: 0,
  unchanged: 0,
  skipped: 110,
  skips: [
    {
      at: 'line 17',
      field: 'headline',
      message: 'Too small: expected string to have >=1 characters',
    },
  ],
  perSecond: 4100,
  error: null,
  startedAt: '2026-12-07T16:00:00.000Z',
  finishedAt: null,
} as const

export const ImportJobSchema = z
  .object({
    id: z.uuid(),
    state: z
      .enum(['running', 'completed', 'failed'])
      .describe(
        '`failed`: stopped by an error (see `error`); a re-run of the same file resumes it',
      ),
    format: z.string(),
    fileName: z.string(),
    position: z
      .number()
      .int()
      .describe('Items of the file read and committed: a resumed job starts after them'),
    processed: z.number().int(),
    imported: z.number().int().describe('New articles'),
    updated: z
      .number()
      .int()
      .describe('Articles whose sourceId was imported before, and whose record changed'),
    unchanged: z
      .number()
      .int()
      .describe('Records imported before exactly as they are: nothing written'),
    skipped: z.number().int().describe('Invalid records: nothing of them was written'),
    skips: z
      .array(ImportSkipSchema)
      .describe(`The first ${MAX_REPORTED_SKIPS} skipped records and why`),
    perSecond: z.number().int().describe('Items processed per second of import time'),
    error: z.string().nullable(),
    startedAt: IsoDateTime,
    finishedAt: IsoDateTime.nullable(),
  })
  .meta({ id: 'ImportJob', examples: [JOB_EXAMPLE] })
export type ImportJobDto = z.infer<typeof ImportJobSchema>

export const ImportQuery = z.strictObject({
  format: z
    .enum(IMPORT_FORMATS)
    .optional()
    .describe('The file format; by default from the Content-Type (application/x-ndjson: `ndjson`)'),
  fileName: z.string().max(500).optional().describe('A name for the upload, shown on the job'),
})

export const ImportJobParams = z.object({ id: z.uuid() })
