import type { FastifyRequest } from 'fastify'
import type { ApiKeyRole } from '../../schemas/api-key.js'

/** Who is making a change: recorded on audit entries and revisions. */
export interface Actor {
  keyId: string | null
  keyName: string
  /** The key's role; null for the system itself (seeding, command-line tools), which may do anything. */
  role: ApiKeyRole | null
  /** The sections the key is limited to (their slugs); absent or empty: every section. */
  sections?: readonly string[]
  requestId: string
}

/** For writes made outside any request (seeding, command-line tools). */
export const systemActor = (task: string): Actor => ({
  keyId: null,
  keyName: task,
  role: null,
  requestId: task,
})

/** Who is making a request's changes, for the audit trail and revisions. */
export function actorOf(request: FastifyRequest): Actor {
  return {
    keyId: request.apiKey?.id ?? null,
    keyName: request.apiKey?.name ?? 'anonymous',
    role: request.apiKey?.role ?? null,
    sections: request.apiKey?.sections,
    requestId: String(request.id),
  }
}
