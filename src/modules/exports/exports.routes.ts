import { Readable } from 'node:stream'
import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { requireRoleForAll } from '../../plugins/auth.js'
import { problemResponses } from '../../schemas/common.js'
import { exportNdjson } from './export-records.js'

export const exportsRoutes: FastifyPluginAsyncZod = async (app) => {
  requireRoleForAll(app, 'admin')

  app.get('/', {
    schema: {
      tags: ['Imports'],
      operationId: 'getExport',
      summary: 'Export every article (NDJSON)',
      description:
        'Every article, in id order, one import record per line (the format POST /v1/imports and `npm run import` read): importing it into an empty database makes the same articles. Streamed as it is read, a page at a time.',
      response: {
        200: {
          description: 'One JSON import record per line',
          content: {
            'application/x-ndjson': {
              schema: z.string().describe('Newline-delimited JSON: one article per line'),
            },
          },
        },
        ...problemResponses(401, 403),
      },
    },
    handler: async (_request, reply) => {
      const lines = Readable.from(exportNdjson(app.prisma))
      // A stream is sent as it is read; the schema documents its text.
      return reply.type('application/x-ndjson').send(lines as unknown as string)
    },
  })
}
