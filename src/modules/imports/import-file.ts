import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { open } from 'node:fs/promises'
import { basename } from 'node:path'
import type { PrismaClient } from '../../db/client.js'
import type { ChangeFeed } from '../../db/change-feed.js'
import { ConflictError, UnprocessableError } from '../../errors/app-error.js'
import type { Actor } from '../audit/audit-actor.js'
import { claimJob, createJob, type ImportJob, ownerAlive, unfinishedJobOf } from './import-jobs.js'
import { type RunOptions, runImport } from './import-runner.js'
import { detectFormat, type ImportFormat } from './readers/index.js'

export interface ImportDeps {
  prisma: PrismaClient
  changes: ChangeFeed
  now: () => Date
}

export interface ImportFileOptions extends RunOptions {
  format?: ImportFormat
  /** Start over instead of resuming an unfinished job of the same file (a re-run is idempotent either way). */
  restart?: boolean
  actor: Actor
  /** Called once the job is known (new, or resumed from `job.position`). */
  onStart?: (job: ImportJob, resumed: boolean) => void
  /** Bytes of the file read so far. */
  onBytes?: (bytes: number) => void
}

/** SHA-256 of a file, read as a stream. */
export async function fileHash(path: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer)
  return hash.digest('hex')
}

async function firstBytes(path: string): Promise<Buffer> {
  const file = await open(path)
  try {
    const { buffer, bytesRead } = await file.read(Buffer.alloc(4096), 0, 4096, 0)
    return buffer.subarray(0, bytesRead)
  } finally {
    await file.close()
  }
}

/**
 * The job for a file: an unfinished job of the same content is resumed unless `restart` (409 when
 * the process running it is still alive), otherwise a new one.
 */
export async function jobForFile(
  deps: ImportDeps,
  file: { path: string; name: string; hash: string; spoolPath: string | null },
  options: Pick<ImportFileOptions, 'format' | 'restart' | 'actor'>,
): Promise<{ job: ImportJob; resumed: boolean }> {
  const format = options.format ?? detectFormat(file.name, await firstBytes(file.path))
  if (!format)
    throw new UnprocessableError(`Cannot tell the format of "${file.name}": give it (ndjson).`, [
      { path: 'format', message: 'Unknown format' },
    ])
  const unfinished = options.restart ? null : await unfinishedJobOf(deps.prisma, file.hash)
  if (unfinished && unfinished.format === format) {
    if (unfinished.state === 'running' && ownerAlive(unfinished, deps.now()))
      throw new ConflictError(
        `This file is being imported already (job ${unfinished.id}, process ${unfinished.owner}).`,
      )
    const claimed = await claimJob(deps.changes, unfinished, deps.now())
    if (claimed) return { job: claimed, resumed: true }
  }
  const job = await createJob(
    deps.changes,
    {
      format,
      fileName: file.name,
      fileHash: file.hash,
      spoolPath: file.spoolPath,
      actor: options.actor,
    },
    deps.now(),
  )
  return { job, resumed: false }
}

/** Imports a file (npm run import): resumes an unfinished import of the same file by default. */
export async function importFile(
  deps: ImportDeps,
  path: string,
  options: ImportFileOptions,
): Promise<ImportJob> {
  const hash = await fileHash(path)
  const { job, resumed } = await jobForFile(
    deps,
    { path, name: basename(path), hash, spoolPath: null },
    options,
  )
  options.onStart?.(job, resumed)
  return runJobOnFile(deps, job, path, options)
}

/** Runs a job over its file from the start (a resumed one passes over what it committed). */
export function runJobOnFile(
  deps: ImportDeps,
  job: ImportJob,
  path: string,
  options: Pick<ImportFileOptions, 'actor' | 'onBytes' | 'batchSize' | 'onBatch' | 'signal'>,
): Promise<ImportJob> {
  const input = createReadStream(path)
  let bytes = 0
  if (options.onBytes) {
    input.on('data', (chunk) => {
      bytes += chunk.length
      options.onBytes?.(bytes)
    })
  }
  return runImport({ ...deps, actor: options.actor }, job, input, options).finally(() =>
    input.destroy(),
  )
}
