import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'

const repoRoot = resolve(import.meta.dirname, '..', '..')

type Env = Record<string, string>
type Service = {
  image?: string
  build?: string | { context?: string }
  environment?: Record<string, string | number | boolean | null> | string[]
  volumes?: (string | { type?: string; source?: string; target?: string })[]
  ports?: (string | number | { target?: number | string; published?: number | string })[]
  healthcheck?: { test?: string | string[] }
  depends_on?: string[] | Record<string, { condition?: string }>
}
type Compose = { services?: Record<string, Service>; volumes?: Record<string, unknown> | null }

const compose = parse(readFileSync(resolve(repoRoot, 'docker-compose.yml'), 'utf8')) as Compose
const services = compose.services ?? {}
const db = services.db ?? {}
const app = services.app ?? {}

/** Compose accepts `environment` as a map or as a list of KEY=VALUE strings. */
function envOf(service: Service): Env {
  const env = service.environment ?? {}
  if (Array.isArray(env)) {
    return Object.fromEntries(
      env.map((entry) => {
        const at = entry.indexOf('=')
        return at === -1 ? [entry, ''] : [entry.slice(0, at), entry.slice(at + 1)]
      }),
    )
  }
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v == null ? '' : String(v)]))
}

/** Sources of the service's volume mounts (short `src:dst[:mode]` or long syntax). */
function volumeSources(service: Service): string[] {
  return (service.volumes ?? []).map((v) => (typeof v === 'string' ? (v.split(':')[0] ?? '') : (v.source ?? '')))
}

/** Host ports a service publishes (short `[ip:]host:container[/proto]` or long syntax). */
function publishedPorts(service: Service): string[] {
  return (service.ports ?? []).map((p) => {
    if (typeof p === 'object') return String(p.published ?? '')
    const parts = (String(p).split('/')[0] ?? '').split(':')
    return (parts.length >= 2 ? parts[parts.length - 2] : parts[0]) ?? ''
  })
}

/** Dockerfile instructions with line continuations joined and comments dropped. */
function dockerfileInstructions(text: string): { keyword: string; args: string }[] {
  const joined = text
    .split('\n')
    .filter((line) => !/^\s*#/.test(line))
    .join('\n')
    .replace(/\\\r?\n/g, ' ')
  return joined
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => {
      const match = /^(\S+)\s*(.*)$/.exec(line)
      return { keyword: (match?.[1] ?? '').toUpperCase(), args: match?.[2] ?? '' }
    })
}

const dockerfile = dockerfileInstructions(readFileSync(resolve(repoRoot, 'Dockerfile'), 'utf8'))
const finalStage = dockerfile.slice(dockerfile.map((i) => i.keyword).lastIndexOf('FROM'))
const runs = dockerfile.filter((i) => i.keyword === 'RUN').map((i) => i.args)

describe('docker-compose.yml', () => {
  it('runs the database on a PostgreSQL 16 image', () => {
    expect(db.image).toMatch(/^postgres:16([.-]|$)/)
  })

  it('reports the database healthy only once pg_isready succeeds', () => {
    const test = db.healthcheck?.test
    const command = Array.isArray(test) ? test.join(' ') : (test ?? '')
    expect(command).toContain('pg_isready')
  })

  it('keeps the database files in a named volume declared at top level', () => {
    const mounts = (db.volumes ?? []).filter((v) =>
      typeof v === 'string' ? v.split(':')[1] === '/var/lib/postgresql/data' : v.target === '/var/lib/postgresql/data',
    )
    expect(mounts).toHaveLength(1)
    const [source] = volumeSources({ volumes: mounts })
    // A named volume, not a bind mount of a host path.
    expect(source).toMatch(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/)
    expect(Object.keys(compose.volumes ?? {})).toContain(source)
  })

  it('builds the app from the repository root', () => {
    const context = typeof app.build === 'string' ? app.build : app.build?.context
    expect(context).toBe('.')
  })

  it('publishes the API on port 3000', () => {
    expect(publishedPorts(app)).toContain('3000')
  })

  it('points the app at the db service with the credentials the database was created with', () => {
    const dbEnv = envOf(db)
    const url = new URL(envOf(app).DATABASE_URL ?? '')
    expect(url.protocol).toMatch(/^postgres(ql)?:$/)
    expect(url.hostname).toBe('db')
    expect(dbEnv.POSTGRES_USER).toBeTruthy()
    expect(decodeURIComponent(url.username)).toBe(dbEnv.POSTGRES_USER)
    expect(decodeURIComponent(url.password)).toBe(dbEnv.POSTGRES_PASSWORD)
    expect(decodeURIComponent(url.pathname.slice(1))).toBe(dbEnv.POSTGRES_DB)
  })

  it('starts the app only after the database is healthy', () => {
    const dependsOn = app.depends_on
    expect(dependsOn).toBeDefined()
    expect(Array.isArray(dependsOn)).toBe(false)
    expect((dependsOn as Record<string, { condition?: string }>).db?.condition).toBe('service_healthy')
  })
})

describe('Dockerfile', () => {
  it('installs dependencies reproducibly with npm ci', () => {
    expect(runs.some((args) => /\bnpm ci\b/.test(args))).toBe(true)
  })

  it('builds the app with npm run build', () => {
    expect(runs.some((args) => /\bnpm run build\b/.test(args))).toBe(true)
  })

  it('declares a health check that probes /healthz', () => {
    const healthchecks = finalStage.filter((i) => i.keyword === 'HEALTHCHECK')
    expect(healthchecks).toHaveLength(1)
    expect(healthchecks[0]?.args).toContain('/healthz')
  })

  it('runs the app as an unprivileged user', () => {
    const users = finalStage.filter((i) => i.keyword === 'USER').map((i) => (i.args.split(':')[0] ?? '').trim())
    expect(users.length).toBeGreaterThan(0)
    expect(['root', '0']).not.toContain(users[users.length - 1])
  })

  it('exposes port 3000', () => {
    const exposed = finalStage
      .filter((i) => i.keyword === 'EXPOSE')
      .flatMap((i) => i.args.split(/\s+/))
      .map((port) => port.split('/')[0])
    expect(exposed).toContain('3000')
  })
})
