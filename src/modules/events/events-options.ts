import type { EventsConfig } from '../../config.js'

/**
 * What an app built without options gets (tests): no background jobs unless asked for, http and
 * private addresses refused, as in production.
 */
export const DEFAULT_EVENTS: EventsConfig = {
  retentionDays: 30,
  workers: false,
  pollMs: 1_000,
  allowHttp: false,
  allowPrivateAddresses: false,
  timeoutMs: 10_000,
  secretGraceMs: 24 * 3_600_000,
  secretsKey: null,
}
