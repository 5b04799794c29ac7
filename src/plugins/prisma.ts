import fp from 'fastify-plugin'
import type { PrismaClient } from '../db/client.js'
import { ChangeFeed } from '../db/change-feed.js'
import { VisibilitySchedule } from '../db/visibility-schedule.js'

declare module 'fastify' {
  interface FastifyInstance {
    prisma: PrismaClient
    /** The current time; tests pass a controllable clock. */
    clock: () => Date
    /** Runs writes and tells every instance what they changed (see db/change-feed.ts). */
    changes: ChangeFeed
    /** When scheduled content next becomes visible or hidden; modules register their sources. */
    schedule: VisibilitySchedule
  }
}

export interface PrismaPluginOptions {
  prisma: PrismaClient
  clock: () => Date
  /** A PostgreSQL server URL on which to hear other instances' changes; none for a single process (PGlite). */
  listenUrl?: string
}

/** Makes the database client, the change feed and the clock available to every module. The caller owns the client. */
export const prismaPlugin = fp<PrismaPluginOptions>(
  async (app, { prisma, clock, listenUrl }) => {
    const changes = new ChangeFeed(prisma, { clock })
    if (listenUrl) await changes.listen(listenUrl)
    app.addHook('onClose', () => changes.close())
    app.decorate('prisma', prisma)
    app.decorate('clock', clock)
    app.decorate('changes', changes)
    app.decorate('schedule', new VisibilitySchedule())
  },
  { name: 'prisma' },
)
