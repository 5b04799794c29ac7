import { hostname } from 'node:os'
import type { PrismaClient } from '../../db/client.js'
import type { ImportJob } from '../../db/generated/client.js'
import type { ChangeFeed } from '../../db/change-feed.js'
import { NotFoundError } from '../../errors/app-error.js'
import { uuidv7 } from '../../lib/uuid.js'
import type { Actor } from '../audit/audit-actor.js'
import type { ImportJobDto } from './imports.schemas.js'
import type { Skip } from './import-batch.js'

export type { ImportJob }

/** This process, as a job's `owner`. */
export const THIS_PROCESS = `${hostname()}:${process.pid}`
/** A job owned on another host counts as abandoned once it has not committed for this long. */
const REMOTE_OWNER_STALE_MS = 5 * 60_000

/** Whether the process that owns a running job is still there (on this host: its pid is alive). */
export function ownerAlive(job: Pick<ImportJob, 'owner' | 'heartbeatAt'>, now: Date): boolean {
  if (!job.owner) return false
  const colon = job.owner.lastIndexOf(':')
  const [host, pid] = [job.owner.slice(0, colon), Number(job.owner.slice(colon + 1))]
  if (host !== hostname())
    return now.getTime() - (job.heartbeatAt?.getTime() ?? 0) < REMOTE_OWNER_STALE_MS
  if (pid === process.pid) return true
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

export interface NewJob {
  format: string
  fileName: string
  fileHash: string
  spoolPath: string | null
  actor: Actor
}

export function createJob(changes: ChangeFeed, job: NewJob, now: Date): Promise<ImportJob> {
  return changes.write((tx) =>
    tx.importJob.create({
      data: {
        id: uuidv7(),
        format: job.format,
        fileName: job.fileName.slice(0, 500),
        fileHash: job.fileHash,
        spoolPath: job.spoolPath,
        keyId: job.actor.keyId,
        keyName: job.actor.keyName,
        owner: THIS_PROCESS,
        heartbeatAt: now,
        startedAt: now,
      },
    }),
  )
}

/** The newest unfinished job of the same file, if any: what a re-run resumes. */
export function unfinishedJobOf(prisma: PrismaClient, fileHash: string): Promise<ImportJob | null> {
  return prisma.importJob.findFirst({
    where: { fileHash, state: { not: 'completed' } },
    orderBy: { startedAt: 'desc' },
  })
}

/** Takes over an abandoned job; null when another process took it first. */
export async function claimJob(
  changes: ChangeFeed,
  job: ImportJob,
  now: Date,
): Promise<ImportJob | null> {
  return changes.write(async (tx) => {
    const { count } = await tx.importJob.updateMany({
      where: { id: job.id, owner: job.owner, heartbeatAt: job.heartbeatAt },
      data: { owner: THIS_PROCESS, heartbeatAt: now, state: 'running', error: null },
    })
    return count === 1 ? tx.importJob.findUnique({ where: { id: job.id } }) : null
  })
}

export async function findJob(prisma: PrismaClient, id: string): Promise<ImportJob> {
  const job = await prisma.importJob.findUnique({ where: { id } })
  if (!job) throw new NotFoundError('import', id)
  return job
}

export function toJobDto(job: ImportJob): ImportJobDto {
  return {
    id: job.id,
    state: job.state,
    format: job.format,
    fileName: job.fileName,
    position: job.position,
    processed: job.processed,
    imported: job.imported,
    updated: job.updated,
    unchanged: job.unchanged,
    skipped: job.skipped,
    skips: job.skips as unknown as Skip[],
    perSecond: job.activeMs > 0 ? Math.round((job.processed * 1000) / job.activeMs) : 0,
    error: job.error,
    startedAt: job.startedAt.toISOString(),
    finishedAt: job.finishedAt?.toISOString() ?? null,
  }
}
