import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { KEY_REQUIRED, requireRole } from '../../plugins/auth.js'
import { problemResponses } from '../../schemas/common.js'
import { AuditListSchema, ListAuditQuery } from './audit.schemas.js'
import { createAuditService } from './audit.service.js'

export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  const audit = createAuditService({ prisma: app.prisma })
  app.get('/', {
    // Checked on request, before the query is validated: without an admin key, 401/403, not field errors.
    onRequest: requireRole('admin'),
    schema: {
      tags: ['Audit'],
      security: KEY_REQUIRED,
      operationId: 'listAuditEntries',
      summary: 'List the audit trail, newest first',
      description: 'One entry per write: key, action, resource, time and request id.',
      querystring: ListAuditQuery,
      response: { 200: AuditListSchema, ...problemResponses(400, 401, 403) },
    },
    handler: async (request) => audit.list(request.query),
  })
}
