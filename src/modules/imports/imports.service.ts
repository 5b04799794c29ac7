import { createHash } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { access, mkdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { FastifyBaseLogger } from 'fastify'
import { AppError, UnprocessableError } from '../../errors/app-error.js'
import { uuidv7 } from '../../lib/uuid.js'
import type { Actor } from '../audit/audit-actor.js'
import { type ImportDeps, jobForFile, runJobOnFile } from './import-file.js'
import { claimJob, findJob, type ImportJob, ownerAlive } from './import-jobs.js'
import type { ImportFormat } from './readers/index.js'

export interface ImportsOptions {
  /** Where uploads are kept until their job completes (DATA_DIR/imports). */
  spoolDir: string
  /** The largest upload accepted, in bytes (IMPORT_MAX_MB). */
  maxBytes: number
}

const tooLarge = (maxBytes: number) =>
  new AppError(
    413,
    'payload-too-large',
    'Payload too large',
    `An upload may have ${maxBytes} bytes at most (IMPORT_MAX_MB); import bigger files with npm run import.`,
  )

/**
 * Imports over HTTP: an upload is streamed to a file on disk (never held in memory), then
 * imported in the background while clients poll the job. A job whose server stopped (a crash, a
 * restart) is resumed from its last committed batch when the app starts again.
 */
export function createImportsService(
  deps: ImportDeps & { log: FastifyBaseLogger },
  options: ImportsOptions,
) {
  const running = new Map<string, { abort: AbortController; done: Promise<void> }>()

  function start(job: ImportJob, path: string, actor: Actor) {
    const abort = new AbortController()
    const done = runJobOnFile(deps, job, path, { actor, signal: abort.signal })
      .then(() => rm(path, { force: true }))
      .catch(async (error) => {
        if (abort.signal.aborted) return // kept for the next start to resume
        deps.log.error({ err: error, importId: job.id }, 'import failed')
        // A failed job is not resumed over HTTP (a new upload re-imports, idempotently).
        await rm(path, { force: true })
      })
      .finally(() => running.delete(job.id))
    running.set(job.id, { abort, done })
  }

  async function spool(body: NodeJS.ReadableStream, path: string) {
    const hash = createHash('sha256')
    let bytes = 0
    const count = new Transform({
      transform(chunk: Buffer, _encoding, next) {
        bytes += chunk.length
        if (bytes > options.maxBytes) return next(tooLarge(options.maxBytes))
        hash.update(chunk)
        next(null, chunk)
      },
    })
    await mkdir(options.spoolDir, { recursive: true })
    try {
      await pipeline(body, count, createWriteStream(path))
    } catch (error) {
      await rm(path, { force: true })
      throw error
    }
    if (bytes === 0) {
      await rm(path, { force: true })
      throw new UnprocessableError('The upload is empty.', [{ path: 'body', message: 'Empty' }])
    }
    return hash.digest('hex')
  }

  return {
    /** Stores the upload and starts its job; the job as it starts. */
    async upload(
      body: NodeJS.ReadableStream,
      input: { format: ImportFormat; fileName: string; actor: Actor },
    ): Promise<ImportJob> {
      const path = join(options.spoolDir, `${uuidv7()}.upload`)
      const hash = await spool(body, path)
      // Every upload is a job of its own: a re-sent file is re-imported (idempotent), not resumed.
      const { job } = await jobForFile(
        deps,
        { path, name: input.fileName, hash, spoolPath: path },
        { format: input.format, restart: true, actor: input.actor },
      ).catch(async (error) => {
        await rm(path, { force: true })
        throw error
      })
      start(job, path, input.actor)
      return job
    },

    get: (id: string) => findJob(deps.prisma, id),

    /** Resumes uploaded jobs whose process is gone and whose file is still here. */
    async resumeAbandoned(): Promise<void> {
      const jobs = await deps.prisma.importJob.findMany({
        where: { state: 'running', spoolPath: { not: null } },
      })
      for (const job of jobs) {
        const path = job.spoolPath as string
        if (running.has(job.id) || ownerAlive(job, deps.now())) continue
        if (
          !(await access(path).then(
            () => true,
            () => false,
          ))
        )
          continue
        const claimed = await claimJob(deps.changes, job, deps.now())
        if (!claimed) continue
        deps.log.info({ importId: job.id, position: job.position }, 'resuming import')
        start(claimed, path, {
          keyId: job.keyId,
          keyName: job.keyName,
          role: 'admin',
          requestId: `import:${job.id}`,
        })
      }
    },

    /** Stops the jobs in progress; they stay `running`, to be resumed at the next start. */
    async close(): Promise<void> {
      for (const { abort } of running.values()) abort.abort()
      await Promise.all([...running.values()].map((r) => r.done))
    },
  }
}
