import type { PrismaClient } from '../../db/client.js'
import type { ChangeFeed } from '../../db/change-feed.js'
import type {
  WebhookDelivery as DeliveryRow,
  WebhookEndpoint as EndpointRow,
} from '../../db/generated/client.js'
import type { EventsConfig } from '../../config.js'
import { NotFoundError, ValidationError } from '../../errors/app-error.js'
import { PreconditionFailedError } from '../../errors/precondition-errors.js'
import { decodeCursor, paginate } from '../../lib/cursor.js'
import { uuidv7 } from '../../lib/uuid.js'
import type { Actor } from '../audit/audit-actor.js'
import { recordAudit } from '../audit/audit.service.js'
import { checkWebhookUrl } from './webhook-url.js'
import { generateSecret, sealSecret } from './webhook-secrets.js'
import type { CreateWebhookBody, Delivery, UpdateWebhookBody, Webhook } from './webhooks.schemas.js'

const iso = (d: Date | null) => d?.toISOString() ?? null

export function toWebhookDto(row: EndpointRow): Webhook {
  return {
    id: row.id,
    url: row.url,
    types: row.types.length > 0 ? (row.types as Webhook['types']) : null,
    description: row.description,
    enabled: row.enabled,
    disabledAt: iso(row.disabledAt),
    disabledReason: row.disabledReason,
    failingSince: iso(row.failingSince),
    previousSecretExpiresAt: iso(row.previousSecretExpiresAt),
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }
}

export function toDeliveryDto(row: DeliveryRow): Delivery {
  return {
    id: row.id,
    webhookId: row.endpointId,
    messageId: row.eventId ?? row.id,
    eventType: row.eventType,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: iso(row.nextAttemptAt),
    lastAttemptAt: iso(row.lastAttemptAt),
    statusCode: row.lastStatusCode,
    durationMs: row.lastDurationMs,
    error: row.lastError,
    responseSnippet: row.responseSnippet,
    createdAt: row.createdAt.toISOString(),
    deliveredAt: iso(row.deliveredAt),
  }
}

export type WebhookOptions = Pick<
  EventsConfig,
  'allowHttp' | 'allowPrivateAddresses' | 'secretsKey' | 'secretGraceMs'
>

/** Webhook endpoints (admin only) and their delivery log. */
export function createWebhooksService({
  prisma,
  changes,
  now,
  options,
  kick,
}: {
  prisma: PrismaClient
  changes: ChangeFeed
  now: () => Date
  options: WebhookOptions
  /** Wakes this instance's delivery worker: a new delivery waits for nobody. */
  kick: () => void
}) {
  async function find(id: string): Promise<EndpointRow> {
    const row = await prisma.webhookEndpoint.findUnique({ where: { id } })
    if (!row) throw new NotFoundError('webhook', id)
    return row
  }

  return {
    get: async (id: string) => toWebhookDto(await find(id)),

    async list() {
      const rows = await prisma.webhookEndpoint.findMany({ orderBy: { createdAt: 'asc' } })
      return { items: rows.map(toWebhookDto) }
    },

    /** Returns the new endpoint with its secret: the only time the secret is shown. */
    async create(input: CreateWebhookBody, actor: Actor) {
      checkWebhookUrl(input.url, options)
      const secret = generateSecret()
      const at = now()
      const row = await changes.write(async (tx) => {
        // Only events after this one reach the endpoint: no backlog of the whole history.
        const [last] = await tx.$queryRaw<
          { seq: bigint | null }[]
        >`SELECT max(seq) AS seq FROM "Event"`
        const created = await tx.webhookEndpoint.create({
          data: {
            id: uuidv7(),
            url: input.url,
            types: input.types ?? [],
            description: input.description ?? null,
            enabled: input.enabled,
            disabledAt: input.enabled ? null : at,
            disabledReason: input.enabled ? null : 'Created disabled',
            secret: sealSecret(secret, options.secretsKey),
            fromSeq: last?.seq ?? 0n,
            createdAt: at,
            updatedAt: at,
          },
        })
        await recordAudit(tx, actor, 'webhook.create', 'webhook', created.id)
        return created
      })
      return { ...toWebhookDto(row), secret }
    },

    async update(
      id: string,
      input: UpdateWebhookBody,
      expectedVersion: number | undefined,
      actor: Actor,
    ) {
      if (input.url !== undefined) checkWebhookUrl(input.url, options)
      const at = now()
      const row = await changes.write(async (tx) => {
        const current = await tx.webhookEndpoint.findUnique({ where: { id } })
        if (!current) throw new NotFoundError('webhook', id)
        if (expectedVersion !== undefined && expectedVersion !== current.version)
          throw new PreconditionFailedError('webhook', current.version)
        const enabling = input.enabled === true && !current.enabled
        const disabling = input.enabled === false && current.enabled
        const updated = await tx.webhookEndpoint.update({
          where: { id },
          data: {
            ...(input.url !== undefined ? { url: input.url } : {}),
            ...(input.types !== undefined ? { types: input.types ?? [] } : {}),
            ...(input.description !== undefined ? { description: input.description } : {}),
            ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
            ...(enabling ? { disabledAt: null, disabledReason: null, failingSince: null } : {}),
            ...(disabling ? { disabledAt: at, disabledReason: 'Disabled by an admin' } : {}),
            version: { increment: 1 },
            updatedAt: at,
          },
        })
        await recordAudit(tx, actor, 'webhook.update', 'webhook', id)
        return updated
      })
      if (row.enabled) kick()
      return toWebhookDto(row)
    },

    /** Deletes the endpoint with its delivery log; pending deliveries are dropped. */
    async remove(id: string, actor: Actor) {
      await changes.write(async (tx) => {
        const { count } = await tx.webhookEndpoint.deleteMany({ where: { id } })
        if (count === 0) throw new NotFoundError('webhook', id)
        await recordAudit(tx, actor, 'webhook.delete', 'webhook', id)
      })
    },

    /**
     * A new secret, shown once; the previous one keeps signing (a second signature in
     * `webhook-signature`) for WEBHOOK_SECRET_GRACE_HOURS, so receivers can switch without loss.
     */
    async rotateSecret(id: string, actor: Actor) {
      const secret = generateSecret()
      const at = now()
      const row = await changes.write(async (tx) => {
        const current = await tx.webhookEndpoint.findUnique({ where: { id } })
        if (!current) throw new NotFoundError('webhook', id)
        const updated = await tx.webhookEndpoint.update({
          where: { id },
          data: {
            secret: sealSecret(secret, options.secretsKey),
            previousSecret: current.secret,
            previousSecretExpiresAt: new Date(at.getTime() + options.secretGraceMs),
            version: { increment: 1 },
            updatedAt: at,
          },
        })
        await recordAudit(tx, actor, 'webhook.rotate-secret', 'webhook', id)
        return updated
      })
      return { ...toWebhookDto(row), secret }
    },

    /** Queues a `webhook.ping` for the endpoint, whether or not it subscribes to anything. */
    async ping(id: string, actor: Actor) {
      await find(id)
      const at = now()
      const deliveryId = uuidv7()
      const row = await changes.write(async (tx) => {
        const created = await tx.webhookDelivery.create({
          data: {
            id: deliveryId,
            endpointId: id,
            eventType: 'webhook.ping',
            resourceKey: `webhook:${id}`,
            payload: {
              id: deliveryId,
              type: 'webhook.ping',
              occurredAt: at.toISOString(),
              webhook: { id },
            },
            nextAttemptAt: at,
            createdAt: at,
          },
        })
        await recordAudit(tx, actor, 'webhook.test', 'webhook', id)
        return created
      })
      kick()
      return toDeliveryDto(row)
    },

    /** Newest first. */
    async deliveries(id: string, { limit, cursor }: { limit: number; cursor?: string }) {
      await find(id)
      const after = decodeCursor(cursor)
      if (after && !/^\d{1,19}$/.test(after.key))
        throw new ValidationError('The cursor is not one this API produced.', [
          {
            path: 'query.cursor',
            message: 'Invalid cursor: pass page.nextCursor from a previous response unchanged',
          },
        ])
      const rows = await prisma.webhookDelivery.findMany({
        where: { endpointId: id, ...(after ? { seq: { lt: BigInt(after.key) } } : {}) },
        orderBy: { seq: 'desc' },
        take: limit + 1,
      })
      const page = paginate(rows, limit, (r) => ({ key: String(r.seq), id: r.id }))
      return { items: page.items.map(toDeliveryDto), page: page.page }
    },

    /** Sends the same message again (same `webhook-id`), now, with a fresh retry schedule. */
    async redeliver(id: string, deliveryId: string, actor: Actor) {
      const at = now()
      const row = await changes.write(async (tx) => {
        const { count } = await tx.webhookDelivery.updateMany({
          where: { id: deliveryId, endpointId: id },
          data: { status: 'pending', attempts: 0, nextAttemptAt: at, lockedUntil: null },
        })
        if (count === 0) throw new NotFoundError('delivery', deliveryId)
        await recordAudit(tx, actor, 'webhook.redeliver', 'webhook', id)
        return tx.webhookDelivery.findUniqueOrThrow({ where: { id: deliveryId } })
      })
      kick()
      return toDeliveryDto(row)
    },
  }
}
