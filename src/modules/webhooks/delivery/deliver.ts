import type { Dispatcher } from 'undici'
import type { PrismaClient } from '../../../db/client.js'
import type { WebhookDelivery, WebhookEndpoint } from '../../../db/generated/client.js'
import { openSecret, signatureHeader } from '../webhook-secrets.js'
import { DISABLE_AFTER_MS, nextAttemptAt } from './retry-schedule.js'
import { sendWebhook } from './send-webhook.js'

export interface DeliverOptions {
  dispatcher: Dispatcher
  timeoutMs: number
  secretsKey: Buffer | null
  /** The app clock: schedules, leases and the log. The signature's timestamp is the real time. */
  now: () => Date
  batch: number
}

type Claimed = WebhookDelivery & {
  url: string
  secret: string
  previousSecret: string | null
  previousSecretExpiresAt: Date | null
}

/**
 * Claims due deliveries: pending, their time come, not leased, the endpoint enabled, and no earlier
 * delivery for the same resource and endpoint still pending (per-resource order). The lease
 * (`lockedUntil`) outlasts an attempt: an instance killed mid-delivery leaves it to be retried by
 * any instance once the lease ends, with the same `webhook-id` (at least once). SKIP LOCKED lets
 * instances claim side by side without waiting for one another.
 */
async function claim(prisma: PrismaClient, now: Date, leaseMs: number, batch: number) {
  return prisma.$queryRaw<Claimed[]>`
    WITH due AS (
      SELECT d.seq FROM "WebhookDelivery" d
      JOIN "WebhookEndpoint" e ON e.id = d."endpointId" AND e.enabled
      WHERE d.status = 'pending' AND d."nextAttemptAt" <= ${now}::timestamptz
        AND (d."lockedUntil" IS NULL OR d."lockedUntil" <= ${now}::timestamptz)
        AND NOT EXISTS (
          SELECT 1 FROM "WebhookDelivery" p
          WHERE p."endpointId" = d."endpointId" AND p."resourceKey" = d."resourceKey"
            AND p.status = 'pending' AND p.seq < d.seq)
      ORDER BY d.seq
      LIMIT ${batch}
      FOR UPDATE OF d SKIP LOCKED)
    UPDATE "WebhookDelivery" d
    SET "lockedUntil" = ${new Date(now.getTime() + leaseMs)}::timestamptz, attempts = d.attempts + 1
    FROM due, "WebhookEndpoint" e
    WHERE d.seq = due.seq AND e.id = d."endpointId"
    RETURNING d.*, e.url, e.secret, e."previousSecret", e."previousSecretExpiresAt"`
}

/** Sends every due delivery once (in parallel, at most `batch`); returns how many it tried. */
export async function deliverDue(prisma: PrismaClient, options: DeliverOptions): Promise<number> {
  const { timeoutMs, now } = options
  const claimed = await claim(prisma, now(), 2 * timeoutMs + 5_000, options.batch)
  await Promise.all(claimed.map((delivery) => attempt(prisma, delivery, options)))
  return claimed.length
}

async function attempt(prisma: PrismaClient, delivery: Claimed, options: DeliverOptions) {
  const { now } = options
  const body = JSON.stringify(delivery.payload)
  const messageId = delivery.eventId ?? delivery.id
  let result: Awaited<ReturnType<typeof sendWebhook>>
  try {
    const at = now()
    const secrets = [openSecret(delivery.secret, options.secretsKey)]
    if (
      delivery.previousSecret &&
      delivery.previousSecretExpiresAt &&
      delivery.previousSecretExpiresAt > at
    )
      secrets.push(openSecret(delivery.previousSecret, options.secretsKey))
    const sentAt = new Date()
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'newsroom-cms-webhooks',
      'webhook-id': messageId,
      'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
      'webhook-signature': signatureHeader(secrets, messageId, sentAt, body),
    }
    result = await sendWebhook(options.dispatcher, delivery.url, headers, body, options.timeoutMs)
  } catch (err) {
    result = { ok: false, statusCode: null, durationMs: 0, snippet: null, error: String(err) }
  }
  await record(prisma, delivery, result, now())
}

async function record(
  prisma: PrismaClient,
  delivery: Claimed,
  result: Awaited<ReturnType<typeof sendWebhook>>,
  at: Date,
) {
  const retryAt = result.ok ? null : nextAttemptAt(delivery.attempts, at)
  const log = {
    lastAttemptAt: at,
    lastStatusCode: result.statusCode,
    lastDurationMs: result.durationMs,
    lastError: result.error,
    responseSnippet: result.snippet,
    lockedUntil: null,
  }
  await prisma.$transaction(async (tx) => {
    await tx.webhookDelivery.update({
      where: { seq: delivery.seq },
      data: result.ok
        ? { ...log, status: 'delivered', deliveredAt: at, nextAttemptAt: null }
        : { ...log, status: retryAt ? 'pending' : 'failed', nextAttemptAt: retryAt },
    })
    if (result.ok) {
      await tx.webhookEndpoint.updateMany({
        where: { id: delivery.endpointId, failingSince: { not: null } },
        data: { failingSince: null },
      })
      return
    }
    await tx.webhookEndpoint.updateMany({
      where: { id: delivery.endpointId, failingSince: null },
      data: { failingSince: at },
    })
    // Failing for 3 days: disabled, visibly (disabledAt, disabledReason), until an admin re-enables it.
    await tx.webhookEndpoint.updateMany({
      where: {
        id: delivery.endpointId,
        enabled: true,
        failingSince: { lte: new Date(at.getTime() - DISABLE_AFTER_MS) },
      },
      data: {
        enabled: false,
        disabledAt: at,
        disabledReason: 'Every delivery failed for 3 days',
      } satisfies Partial<WebhookEndpoint>,
    })
  })
}
