import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { AppError } from '../../errors/app-error.js'
import { requireRoleForAll } from '../../plugins/auth.js'
import { problemResponses } from '../../schemas/common.js'
import { actorOf } from '../audit/audit-actor.js'
import { toJobDto } from './import-jobs.js'
import { ImportJobParams, ImportJobSchema, ImportQuery } from './imports.schemas.js'
import { createImportsService, type ImportsOptions } from './imports.service.js'
import { formatOfContentType } from './readers/index.js'

/** The media types an upload may have; the body reaches the route as a stream. */
export const IMPORT_MEDIA_TYPES = [
  'application/x-ndjson',
  'application/jsonl',
  'application/xml',
  'text/xml',
  'application/json',
]

/** What the parser leaves as the body: a marker that the upload is there to be streamed. */
const UPLOAD = 'upload'
const ImportUpload = z.string().meta({
  format: 'binary',
  description:
    'The file, as it is: for application/x-ndjson one import record per line (docs/importing.md)',
  examples: [
    '{"sourceId":"wp:4512","headline":"Harbour floods","body":"The tide…","section":"Local","tags":["Storms"],"bylines":[{"slug":"ana-ruiz","name":"Ana Ruiz"}],"status":"published","publishedAt":"2015-03-04T05:06:07Z"}\n',
  ],
})

export const importsRoutes: FastifyPluginAsyncZod<ImportsOptions> = async (app, options) => {
  requireRoleForAll(app, 'admin')
  const service = createImportsService(
    { prisma: app.prisma, changes: app.changes, now: app.clock, log: app.log },
    options,
  )
  // On listen, not ready: building the app (the OpenAPI document, tests) touches no database.
  app.addHook('onListen', () => service.resumeAbandoned())
  app.addHook('onClose', () => service.close())
  // In this plugin only: uploads are streamed to disk as they arrive, not parsed in memory.
  app.removeContentTypeParser('application/json')
  // The body is left unread here: the handler streams request.raw to disk.
  app.addContentTypeParser(IMPORT_MEDIA_TYPES, (_request, _payload, done) => done(null, UPLOAD))
  const tags = ['Imports']

  app.post('/', {
    schema: {
      tags,
      operationId: 'createImport',
      summary: 'Import an archive (streamed upload)',
      description: `The body is the file itself, sent as it is (\`curl --data-binary @archive.ndjson\`), with its media type: \`application/x-ndjson\` for this CMS's own records (one article per line, see docs/importing.md). It is written to disk as it arrives, then imported in the background: poll \`Location\` (GET /v1/imports/{id}). Re-importing a record with the same \`sourceId\` updates its article. Larger than IMPORT_MAX_MB: 413; the upload must also arrive within REQUEST_TIMEOUT_MS (use \`npm run import\` for very large files).`,
      querystring: ImportQuery,
      consumes: IMPORT_MEDIA_TYPES,
      body: ImportUpload,
      response: {
        202: ImportJobSchema.describe('The job, started; `Location` is where to poll it'),
        ...problemResponses(400, 401, 403, 409, 413, 415, 422),
      },
    },
    handler: async (request, reply) => {
      const format = request.query.format ?? formatOfContentType(request.headers['content-type'])
      if (!format || request.body !== UPLOAD)
        throw new AppError(
          415,
          'unsupported-media-type',
          'Unsupported media type',
          `Send the file as application/x-ndjson (or name its format with ?format=).`,
        )
      const job = await service.upload(request.raw, {
        format,
        fileName: request.query.fileName ?? `upload.${format}`,
        actor: actorOf(request),
      })
      return reply.code(202).header('location', `/v1/imports/${job.id}`).send(toJobDto(job))
    },
  })

  app.get('/:id', {
    schema: {
      tags,
      operationId: 'getImport',
      summary: 'Get the progress of an import',
      description:
        'Counts so far, the first skipped records with their line and field, and the rate. The job is kept in the database: it can be polled after a restart, and an interrupted one resumes when the server starts again.',
      params: ImportJobParams,
      response: { 200: ImportJobSchema, ...problemResponses(400, 401, 403, 404) },
    },
    handler: async (request) => toJobDto(await service.get(request.params.id)),
  })
}
