import { createHash } from 'node:crypto'
import { ALL, type ChangeFeed } from '../../db/change-feed.js'
import type { Prisma } from '../../db/generated/client.js'
import type { Actor } from '../audit/audit-actor.js'
import { bodyFields } from '../articles/store/article-writes.js'
import { type Prepared, type Skip, writeBatch } from './import-batch.js'
import type { ImportJob } from './import-jobs.js'
import { ImportRecordSchema } from './import-record.js'
import { ImportRefs } from './import-refs.js'
import { ImportStatistics } from './import-statistics.js'
import { MAX_REPORTED_SKIPS } from './imports.schemas.js'
import { findUnstorable } from '../../plugins/request-checks.js'
import { type ImportFormat, READERS } from './readers/index.js'
import type { SourceItem } from './readers/source-item.js'

/** Records per transaction: large enough that per-statement costs vanish, small enough to stay short. */
export const DEFAULT_BATCH_SIZE = 1_000
/** A batch's transaction may take this long: on a slow disk or PGlite a thousand stories take seconds. */
const BATCH_TIMEOUT_MS = 120_000
/** A batch also ends once its bodies reach this many characters, so that memory stays bounded. */
const MAX_BATCH_CHARS = 16 * 1024 * 1024

export interface RunOptions {
  batchSize?: number
  /** Called after every committed batch with the job as committed. */
  onBatch?: (job: ImportJob) => void
  signal?: AbortSignal
}

/** What a record's hash covers: its validated content, so that re-importing the same record is a no-op. */
const hashOf = (record: unknown) =>
  createHash('sha256').update(JSON.stringify(record)).digest('base64url')

function firstProblem(item: SourceItem): Skip | Prepared {
  if (item.error) return { at: item.at, ...item.error }
  // A NUL or a lone surrogate passes validation but not jsonb: the batch, then the job, would fail.
  const [unstorable] = findUnstorable(item.record)
  if (unstorable)
    return {
      at: item.at,
      field: unstorable.path.join('.') || '(record)',
      message: unstorable.message,
    }
  const parsed = ImportRecordSchema.safeParse(item.record)
  if (parsed.success)
    return {
      at: item.at,
      record: parsed.data,
      hash: hashOf(parsed.data),
      body: bodyFields(parsed.data.body),
    }
  const [issue] = parsed.error.issues
  return {
    at: item.at,
    field: issue?.path.join('.') || '(record)',
    message: issue?.message ?? 'Invalid',
  }
}

/**
 * Runs (or resumes) `job` over the source file: items before `job.position` are read and passed
 * over, the rest validated and written in batches, one transaction each, which also commits the
 * job's position and counts. A crash therefore loses at most the batch in flight, and the next
 * run starts after the last committed one.
 */
export async function runImport(
  deps: { changes: ChangeFeed; now: () => Date; actor: Actor },
  start: ImportJob,
  input: NodeJS.ReadableStream,
  options: RunOptions = {},
): Promise<ImportJob> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE
  const refs = new ImportRefs()
  let statistics: ImportStatistics | undefined
  let job = start
  let position = 0
  let batch: Prepared[] = []
  let batchChars = 0
  // The sources and ids in the batch: a record repeating one must update what the earlier wrote.
  let sourceIds = new Set<string>()
  let ids = new Set<string>()
  let skips: Skip[] = []
  let processed = 0
  let since = Date.now()
  // The batch being written while the next one is read, validated and rendered: the database
  // and this process work at the same time.
  let inFlight: Promise<void> = Promise.resolve()

  /** Commits the batch, and the job's position as `upTo` items of the file, once the previous one is. */
  const flush = async (final: boolean, upTo: number) => {
    const items = batch
    const newSkips = skips
    const read = processed
    batch = []
    batchChars = 0
    sourceIds = new Set()
    ids = new Set()
    skips = []
    processed = 0
    await inFlight
    inFlight = commit(items, newSkips, read, final, upTo)
    // Awaited by the next flush; meanwhile a failure must not count as unhandled.
    inFlight.catch(() => {})
  }

  const commit = async (
    items: Prepared[],
    newSkips: Skip[],
    read: number,
    final: boolean,
    upTo: number,
  ) => {
    job = await deps.changes.write(
      async (tx, changed) => {
        const now = deps.now()
        statistics ??= await ImportStatistics.load(tx)
        const result = items.length
          ? await writeBatch(tx, items, { refs, actor: deps.actor, jobId: job.id, now })
          : { imported: 0, updated: 0, unchanged: 0, skips: [] }
        // One purge per batch, of everything: lists, feeds, sitemaps, tags and sections all move.
        if (result.imported + result.updated > 0) changed(ALL)
        await statistics.written(tx, result.imported)
        // No event per story (a million webhook deliveries): one for the import, telling a CDN
        // or a frontend to purge everything when anything was written (see docs/events.md).
        if (final) {
          if (job.imported + job.updated > 0) changed(ALL)
          changed.event({
            type: 'import.completed',
            resource: { type: 'import', id: job.id, slug: null, version: null },
          })
        }
        const allSkips = [...newSkips, ...result.skips]
        const room = Math.max(0, MAX_REPORTED_SKIPS - job.skipped)
        const active = Date.now() - since
        since = Date.now()
        return tx.importJob.update({
          where: { id: job.id },
          data: {
            position: upTo,
            processed: { increment: read },
            imported: { increment: result.imported },
            updated: { increment: result.updated },
            unchanged: { increment: result.unchanged },
            skipped: { increment: allSkips.length },
            skips: [
              ...(job.skips as unknown as Skip[]),
              ...allSkips.slice(0, room),
            ] as unknown as Prisma.InputJsonValue,
            activeMs: { increment: active },
            heartbeatAt: now,
            ...(final ? { state: 'completed' as const, finishedAt: now, spoolPath: null } : {}),
          },
        })
      },
      { timeoutMs: BATCH_TIMEOUT_MS },
    )
    refs.commit()
    options.onBatch?.(job)
  }

  try {
    for await (const item of READERS[job.format as ImportFormat](input)) {
      position++
      if (position <= start.position) continue
      options.signal?.throwIfAborted()
      const prepared = firstProblem(item)
      if (
        'record' in prepared &&
        (sourceIds.has(prepared.record.sourceId) ||
          (prepared.record.id != null && ids.has(prepared.record.id)))
      )
        await flush(false, position - 1)
      processed++
      if ('record' in prepared) {
        batch.push(prepared)
        sourceIds.add(prepared.record.sourceId)
        if (prepared.record.id) ids.add(prepared.record.id)
        batchChars += prepared.record.body.length
      } else skips.push(prepared)
      if (batch.length >= batchSize || batchChars >= MAX_BATCH_CHARS || skips.length >= batchSize)
        await flush(false, position)
    }
    await flush(true, position)
    await inFlight
    return job
  } catch (error) {
    await inFlight.catch(() => {})
    // Stopped on purpose (the server closing): left `running`, for the next start to resume.
    if (options.signal?.aborted) throw error
    await deps.changes
      .write((tx) =>
        tx.importJob.update({
          where: { id: job.id },
          data: { state: 'failed', error: (error as Error).message.slice(0, 2000) },
        }),
      )
      .catch(() => {})
    throw error
  }
}
