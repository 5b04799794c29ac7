import fp from 'fastify-plugin'
import type { PrismaClient } from '../db/client.js'

declare module 'fastify' {
  interface FastifyInstance {
    prisma: PrismaClient
    /** The current time; tests pass a controllable clock. */
    clock: () => Date
  }
}

/** Makes the database client and the clock available to every module. The caller owns the client. */
export const prismaPlugin = fp<{ prisma: PrismaClient; clock: () => Date }>(
  async (app, { prisma, clock }) => {
    app.decorate('prisma', prisma)
    app.decorate('clock', clock)
  },
  { name: 'prisma' },
)
