import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'

const Status = z.object({ status: z.enum(['ok', 'unavailable']) })

export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/healthz', {
    schema: { tags: ['Operations'], summary: 'Liveness: the process is up', response: { 200: Status } },
    handler: async () => ({ status: 'ok' as const }),
  })

  app.get('/readyz', {
    schema: {
      tags: ['Operations'],
      summary: 'Readiness: the database answers',
      response: { 200: Status, 503: Status },
    },
    handler: async (request, reply) => {
      try {
        await app.prisma.$queryRaw`SELECT 1`
        return { status: 'ok' as const }
      } catch (err) {
        request.log.warn({ err }, 'readiness check failed')
        return reply.code(503).send({ status: 'unavailable' as const })
      }
    },
  })
}
