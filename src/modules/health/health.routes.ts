import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { NO_KEY } from '../../plugins/auth.js'
import { z } from 'zod'
import { timeoutsOf } from '../../db/pool-timeouts.js'
import { problemResponses } from '../../schemas/common.js'

const Status = z.object({ status: z.enum(['ok', 'unavailable']) })

export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  const { readinessMs } = timeoutsOf(app.prisma)
  /**
   * The check in flight, shared by the probes that arrive meanwhile: with the database hung, a probe
   * a second would otherwise pile up one stuck query (and pool connection) each.
   */
  let checking: Promise<unknown> | undefined

  app.get('/healthz', {
    schema: {
      tags: ['Operations'],
      security: NO_KEY,
      operationId: 'getLiveness',
      summary: 'Liveness: the process is up',
      response: { 200: Status, ...problemResponses(400) },
    },
    handler: async () => ({ status: 'ok' as const }),
  })

  app.get('/readyz', {
    schema: {
      tags: ['Operations'],
      security: NO_KEY,
      operationId: 'getReadiness',
      summary: 'Readiness: the database answers',
      description:
        '503 when the database does not answer a `SELECT 1` within READINESS_TIMEOUT_MS (1 s by default), and from the moment the instance begins to shut down (while it still serves other requests).',
      response: { 200: Status, 503: Status, ...problemResponses(400) },
    },
    handler: async (request, reply) => {
      if (app.shutdown.begun) return reply.code(503).send({ status: 'unavailable' as const })
      checking ??= app.prisma.$queryRaw`SELECT 1`.finally(() => (checking = undefined))
      let timer: NodeJS.Timeout | undefined
      const timedOut = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer within ${readinessMs} ms`)),
          readinessMs,
        )
      })
      try {
        await Promise.race([checking, timedOut])
        return { status: 'ok' as const }
      } catch (err) {
        request.log.warn({ err }, 'readiness check failed')
        return reply.code(503).send({ status: 'unavailable' as const })
      } finally {
        clearTimeout(timer)
      }
    },
  })
}
