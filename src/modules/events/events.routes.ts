import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { KEY_REQUIRED, requireRole } from '../../plugins/auth.js'
import { problemResponses } from '../../schemas/common.js'
import { EventListSchema, ListEventsQuery } from './events.schemas.js'
import { createEventsService } from './events.service.js'

export interface EventsRoutesOptions {
  /** How long events are kept (EVENTS_RETENTION_DAYS). */
  retentionDays: number
}

export const eventsRoutes: FastifyPluginAsyncZod<EventsRoutesOptions> = async (
  app,
  { retentionDays },
) => {
  const events = createEventsService({
    prisma: app.prisma,
    now: app.clock,
    site: app.publicSite,
    retentionDays,
  })

  app.get('/', {
    onRequest: requireRole('editor'),
    schema: {
      tags: ['Events'],
      security: KEY_REQUIRED,
      operationId: 'listEvents',
      summary: 'List change events, oldest first',
      description:
        'Every change as an event, written in the same transaction as the change. Page with ' +
        '`after=page.nextCursor`; on the last page keep polling with it. Events are kept ' +
        'EVENTS_RETENTION_DAYS (30 by default): a cursor older than that answers 410.',
      querystring: ListEventsQuery,
      response: { 200: EventListSchema, ...problemResponses(400, 401, 403, 410) },
    },
    handler: async (request) => events.list(request.query),
  })
}
