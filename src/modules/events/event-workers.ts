import type { FastifyBaseLogger } from 'fastify'
import type { Dispatcher } from 'undici'
import type { EventsConfig } from '../../config.js'
import type { PrismaClient } from '../../db/client.js'
import type { ChangeFeed } from '../../db/change-feed.js'
import type { VisibilitySchedule } from '../../db/visibility-schedule.js'
import type { PublicSite } from '../../lib/public-site.js'
import { createArticlePendingService } from '../articles/pending/article-pending.service.js'
import { deliverDue } from '../webhooks/delivery/deliver.js'
import { fanOut } from '../webhooks/delivery/fan-out.js'
import { deliveryDispatcher } from '../webhooks/delivery/safe-dispatcher.js'
import { pruneEvents } from './events.sql.js'
import { emitScheduledEvents } from './scheduled-events.js'

const DAY_MS = 24 * 3_600_000
/** Pruning is cheap and not urgent: hourly. */
const PRUNE_EVERY_MS = 3_600_000
/** Even with nothing scheduled in sight, the scheduled-visibility job runs this often (another instance may have died holding it). */
const SCHEDULE_RECHECK_MS = 60_000
const DELIVERY_BATCH = 16

export interface EventWorkersDeps {
  prisma: PrismaClient
  changes: ChangeFeed
  schedule: VisibilitySchedule
  site: PublicSite
  now: () => Date
  log: FastifyBaseLogger
  options: EventsConfig
}

/**
 * The background jobs of events and webhooks, one loop per instance: scheduled visibility
 * events, scheduled staged edits, the fan-out of events to endpoints, deliveries, pruning.
 * Every instance runs them (WORKERS=false turns them off for one); the database decides who
 * does what (claimed rows, SKIP LOCKED), so they run side by side safely. A failing database only makes a pass fail: the
 * loop logs it and tries again after WORKER_POLL_MS.
 */
export class EventWorkers {
  readonly dispatcher: Dispatcher
  private loop: Promise<void> | null = null
  private stopping = false
  private kicked = false
  private wake: (() => void) | null = null
  private nextScheduled: Date | null | undefined
  private scheduledUntil: Date | null = null
  private scheduleCheckedAt = 0
  private prunedAt = 0
  private readonly pending: ReturnType<typeof createArticlePendingService>

  constructor(private readonly deps: EventWorkersDeps) {
    this.dispatcher = deliveryDispatcher({
      allowPrivateAddresses: deps.options.allowPrivateAddresses,
      connectTimeoutMs: deps.options.timeoutMs,
    })
    this.pending = createArticlePendingService(deps)
    // Any change may bring events to hand out, or a schedule sooner than the one known.
    deps.changes.subscribe(() => {
      this.nextScheduled = undefined
      this.kick()
    })
  }

  start(): void {
    if (this.loop) return
    this.stopping = false
    this.loop = this.run()
  }

  /** Runs the jobs now instead of at the next poll. */
  kick(): void {
    this.kicked = true
    this.wake?.()
  }

  /** Lets the pass in progress finish (in-flight deliveries complete or are recorded as failed), then stops. */
  async stop(): Promise<void> {
    this.stopping = true
    this.wake?.()
    await this.loop
    this.loop = null
    await this.dispatcher.close().catch(() => {})
  }

  /** One pass of every job; returns how much it did (0: nothing to do now). */
  async runOnce(): Promise<number> {
    const { prisma, changes, site, now, options } = this.deps
    let done = 0
    if (await this.scheduleDue()) {
      const until = now()
      done += await emitScheduledEvents(changes, until)
      this.scheduledUntil = until
      this.nextScheduled = undefined
      this.scheduleCheckedAt = Date.now()
    }
    // Staged edits scheduled with `at`: one indexed look-up when none is due.
    done += await this.pending.publishDue()
    for (
      let handed = await fanOut(prisma, site, now());
      handed > 0;
      handed = await fanOut(prisma, site, now())
    )
      done += handed
    if (!this.stopping)
      done += await deliverDue(prisma, {
        dispatcher: this.dispatcher,
        timeoutMs: options.timeoutMs,
        secretsKey: options.secretsKey,
        now,
        batch: DELIVERY_BATCH,
      })
    if (Date.now() - this.prunedAt >= PRUNE_EVERY_MS) {
      this.prunedAt = Date.now()
      const before = new Date(now().getTime() - options.retentionDays * DAY_MS)
      await pruneEvents(prisma, before)
      await prisma.webhookDelivery.deleteMany({
        where: { status: { not: 'pending' }, createdAt: { lt: before } },
      })
    }
    return done
  }

  /** Runs passes until one finds nothing to do (tests). */
  async drain(maxPasses = 50): Promise<void> {
    for (let pass = 0; pass < maxPasses; pass++) if ((await this.runOnce()) === 0) return
  }

  /**
   * Whether the scheduled-visibility job has work: known from the schedule registry (the next time
   * after the last run's end), recomputed after any change, and run anyway every minute.
   */
  private async scheduleDue(): Promise<boolean> {
    if (!this.scheduledUntil || Date.now() - this.scheduleCheckedAt >= SCHEDULE_RECHECK_MS)
      return true
    if (this.nextScheduled === undefined)
      this.nextScheduled = await this.deps.schedule.next(this.scheduledUntil)
    return this.nextScheduled !== null && this.nextScheduled <= this.deps.now()
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      let done = 0
      this.kicked = false
      try {
        done = await this.runOnce()
      } catch (err) {
        this.deps.log.warn({ err }, 'event workers: a pass failed; trying again')
      }
      if (this.stopping) break
      if (done > 0 || this.kicked) continue
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.deps.options.pollMs)
        this.wake = () => {
          clearTimeout(timer)
          resolve()
        }
      })
      this.wake = null
    }
  }
}
