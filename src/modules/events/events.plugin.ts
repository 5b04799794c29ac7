import fp from 'fastify-plugin'
import type { EventsConfig } from '../../config.js'
import { webhooksRoutes } from '../webhooks/webhooks.routes.js'
import { EventWorkers } from './event-workers.js'
import { eventsRoutes } from './events.routes.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** The background jobs of events and webhooks (started with the server unless WORKERS=false). */
    eventWorkers: EventWorkers
  }
}

/**
 * Events and webhooks: the pull feed at /v1/events, webhook endpoints at /v1/webhooks, and the
 * jobs that fire scheduled events and deliver. The jobs start when the app is ready and stop,
 * letting in-flight deliveries finish, when it closes.
 */
export const eventsPlugin = fp<{ options: EventsConfig }>(
  async (app, { options }) => {
    const workers = new EventWorkers({
      prisma: app.prisma,
      changes: app.changes,
      schedule: app.schedule,
      site: app.publicSite,
      now: app.clock,
      log: app.log,
      options,
    })
    app.decorate('eventWorkers', workers)
    if (options.workers) app.addHook('onReady', async () => workers.start())
    app.addHook('preClose', async () => workers.stop())
    await app.register(eventsRoutes, { prefix: '/v1/events', retentionDays: options.retentionDays })
    await app.register(webhooksRoutes, {
      prefix: '/v1/webhooks',
      options,
      kick: () => workers.kick(),
    })
  },
  { name: 'events' },
)
