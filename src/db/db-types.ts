import type { Prisma, PrismaClient } from './generated/client.js'

/** The client or a transaction's client: services accept either. */
export type Db = PrismaClient | Prisma.TransactionClient
