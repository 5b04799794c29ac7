import { setFlagsFromString } from 'node:v8'
import closeWithGrace from 'close-with-grace'
import { buildApp } from './app.js'
import { type Config, ConfigError, loadConfig } from './config.js'
import { DataDirLockedError } from './db/data-dir-lock.js'
import type { Database } from './db/client.js'
import { openConfiguredDatabase } from './db/open-from-config.js'
import { prepareDatabase } from './boot/prepare.js'
import { PortUnavailableError, reservePort } from './boot/reserve-port.js'
import { DatabaseUnreachableError, waitForDatabase } from './boot/wait-for-database.js'
import { loggerOptions } from './plugins/edge.js'

// Under load V8 lets the old generation grow to several times the live heap, and keeps those pages
// when the load stops; growing by half at most keeps an idle instance small, for a few more major
// collections under load (docs/operations.md, Memory).
setFlagsFromString('--heap-growing-percent=50')

let config: Config
try {
  config = loadConfig()
} catch (err) {
  if (!(err instanceof ConfigError)) throw err
  console.error(err.message)
  process.exit(1)
}

// Before anything is migrated, seeded or printed: a server that cannot listen says so at once.
let port: Awaited<ReturnType<typeof reservePort>>
try {
  port = await reservePort(config.host, config.port)
} catch (err) {
  if (!(err instanceof PortUnavailableError)) throw err
  console.error(err.message)
  process.exit(1)
}

let db: Database
try {
  db = await openConfiguredDatabase(config)
} catch (err) {
  if (!(err instanceof DataDirLockedError)) throw err
  console.error(err.message)
  process.exit(1)
}

try {
  await waitForDatabase(db, {
    timeoutMs: config.databaseStartupTimeoutMs,
    warn: (line) => console.error(line),
  })
} catch (err) {
  if (!(err instanceof DatabaseUnreachableError)) throw err
  console.error(err.message)
  await db.close().catch(() => {})
  process.exit(1)
}
const app = await buildApp({
  prisma: db.prisma,
  bodyLimit: config.bodyLimit,
  imports: config.imports,
  trustProxy: config.trustProxy,
  publicSiteUrl: config.publicSiteUrl,
  publicSiteName: config.publicSiteName,
  httpCache: config.httpCache,
  responseCacheBytes: config.responseCacheBytes,
  databaseUrl: config.databaseUrl,
  requestTimeoutMs: config.requestTimeoutMs,
  cors: config.cors,
  rateLimits: config.rateLimits,
  events: config.events,
  // Request logs carry method, path and status only; keys, bodies and reader history never reach the log.
  logger: loggerOptions(config.logLevel),
})
app.log.info(`database: ${db.description}`)

await prepareDatabase(db, {
  seedWhenEmpty: config.seedDemoContent === 'auto' && !config.databaseUrl,
  log: app.log,
})

// In-flight requests get 10 s to finish, after SHUTDOWN_DELAY_MS of failing readiness.
closeWithGrace(
  { delay: config.shutdownDelayMs + 10_000, logger: app.log },
  async ({ signal, err }) => {
    app.shutdown.begin()
    if (err) app.log.error({ err }, 'shutting down after an error')
    else
      app.log.info(
        `${signal} received: /readyz answers 503; finishing in-flight requests, then closing`,
      )
    if (!err && config.shutdownDelayMs > 0)
      await new Promise((resolve) => setTimeout(resolve, config.shutdownDelayMs))
    await app.close()
    await db.close()
  },
)

await port.release()
await app.listen({ port: config.port, host: config.host })
app.log.info(`API reference: http://localhost:${config.port}/docs`)
