// Prisma CLI configuration, for people with internet access who use `prisma migrate deploy` or
// `prisma studio` directly. The app itself applies migrations with the WebAssembly engine
// (src/db/migrations.ts) and needs none of this.
import { defineConfig } from 'prisma/config'

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? '' },
})
