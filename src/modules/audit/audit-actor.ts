import type { FastifyRequest } from 'fastify'

/** Who is making a change: recorded on audit entries and revisions. */
export interface Actor {
  keyId: string | null
  keyName: string
  requestId: string
}

/** For writes made outside any request (seeding, command-line tools). */
export const systemActor = (task: string): Actor => ({
  keyId: null,
  keyName: task,
  requestId: task,
})

/** Who is making a request's changes, for the audit trail and revisions. */
export function actorOf(request: FastifyRequest): Actor {
  return {
    keyId: request.apiKey?.id ?? null,
    keyName: request.apiKey?.name ?? 'anonymous',
    requestId: String(request.id),
  }
}
