// What the Docker image and the compose stack must get right for the app to run, checked against the
// app itself (its config loader, its imports, package.json, the lockfile) rather than restated.
import { readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { loadConfig } from '../../src/config.js'

const repoRoot = resolve(import.meta.dirname, '..', '..')
const read = (path: string) => readFileSync(resolve(repoRoot, path), 'utf8')

type Env = Record<string, string>

// ---- Dockerfile ----

type Instruction = { keyword: string; args: string }

/** Instructions with line continuations joined and comment lines dropped. */
function dockerfileInstructions(text: string): Instruction[] {
  return text
    .split('\n')
    .filter((line) => !/^\s*#/.test(line))
    .join('\n')
    .replace(/\\\r?\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => {
      const match = /^(\S+)\s*(.*)$/.exec(line)
      return { keyword: (match?.[1] ?? '').toUpperCase(), args: match?.[2] ?? '' }
    })
}

/** Exec form (a JSON array) or shell form (run by /bin/sh -c) as an argument list. */
function commandOf(args: string): string[] {
  return args.trimStart().startsWith('[') ? (JSON.parse(args) as string[]) : ['/bin/sh', '-c', args]
}

/** `ENV A=1 B="two"` and the legacy `ENV A 1`. */
function envOfInstructions(instructions: Instruction[]): Env {
  const env: Env = {}
  for (const { args } of instructions.filter((i) => i.keyword === 'ENV')) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*=/.test(args)) {
      const [key = '', ...rest] = args.split(/\s+/)
      env[key] = rest.join(' ')
      continue
    }
    for (const m of args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("(?:[^"\\]|\\.)*"|\S*)/g)) {
      const value = m[2] ?? ''
      env[m[1] ?? ''] = value.startsWith('"') ? (JSON.parse(value) as string) : value
    }
  }
  return env
}

const dockerfile = dockerfileInstructions(read('Dockerfile'))
const finalStage = dockerfile.slice(dockerfile.map((i) => i.keyword).lastIndexOf('FROM'))
const imageEnv = envOfInstructions(finalStage)
/** The configuration the image runs with when nothing else is set. */
const imageConfig = loadConfig({ ...imageEnv, DATABASE_URL: 'postgresql://u:p@db/cms' })
const finalUser = (
  finalStage
    .filter((i) => i.keyword === 'USER')
    .at(-1)
    ?.args.split(':')[0] ?? 'root'
).trim()

// ---- package-lock.json: which packages an `npm ci --omit=...` installs ----

type LockEntry = { dev?: boolean; optional?: boolean; devOptional?: boolean; peer?: boolean }
const lockPackages = (
  JSON.parse(read('package-lock.json')) as { packages: Record<string, LockEntry> }
).packages

/** Paths (node_modules/...) that `npm ci` installs with these --omit types, by npm's rules for lockfile flags. */
function installed(omit: ReadonlySet<string>): Set<string> {
  return new Set(
    Object.entries(lockPackages)
      .filter(([path]) => path.startsWith('node_modules/') || path.includes('/node_modules/'))
      .filter(
        ([, p]) =>
          !(p.dev && omit.has('dev')) &&
          !(p.optional && omit.has('optional')) &&
          !(p.devOptional && omit.has('dev') && omit.has('optional')) &&
          !(p.peer && omit.has('peer')),
      )
      .map(([path]) => path),
  )
}

const runtimeInstall = finalStage.filter(
  (i) => i.keyword === 'RUN' && /\bnpm (ci|install)\b/.test(i.args),
)
const runtimeOmit = new Set(
  runtimeInstall.flatMap((i) => [...i.args.matchAll(/--omit[= ](\w+)/g)].map((m) => m[1] ?? '')),
)
const runtimePackages = installed(runtimeOmit)

/** Optional production packages the runtime image may leave out, and why the app never loads them. */
const UNUSED_OPTIONAL = {
  'node_modules/pg-cloudflare': 'pg requires it only inside Cloudflare Workers',
}

/** Packages that src/ (and the generated Prisma client) import other than as types. */
function importedPackages(): Set<string> {
  const files = (readdirSync(resolve(repoRoot, 'src'), { recursive: true }) as string[])
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .map((f) => join(repoRoot, 'src', f))
  const names = new Set<string>()
  for (const file of files) {
    const text = readFileSync(file, 'utf8')
    const specifiers = [
      ...[
        ...text.matchAll(/^\s*(?:import|export)\s+(type\s+)?[^;'"()=]*?from\s+['"]([^'"]+)['"]/gm),
      ]
        .filter((m) => !m[1])
        .map((m) => m[2] ?? ''),
      ...[...text.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm)].map((m) => m[1] ?? ''),
      ...[...text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? ''),
    ]
    for (const spec of specifiers) {
      if (spec.startsWith('.') || spec.startsWith('node:') || spec.startsWith('#')) continue
      const parts = spec.split('/')
      names.add(spec.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? ''))
    }
  }
  return names
}

describe('Dockerfile', () => {
  it('runs the same command as `npm run serve`', () => {
    const serve =
      (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts.serve ?? ''
    const cmd = finalStage.filter((i) => i.keyword === 'CMD').at(-1)
    expect(cmd, 'the final stage has no CMD').toBeDefined()
    expect(commandOf(cmd?.args ?? '')).toEqual(serve.trim().split(/\s+/))
  })

  it('runs as an unprivileged user that owns DATA_DIR', () => {
    expect(['root', '0', '']).not.toContain(finalUser)
    const dataDir = imageConfig.dataDir
    const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    const chown = new RegExp(
      `\\bchown\\s+(-\\S+\\s+)*${escaped(finalUser)}(:\\S+)?\\s+([^&;|]*\\s)?${escaped(dataDir)}/?(\\s|$|&|;)`,
    )
    const chowns = finalStage.filter((i) => i.keyword === 'RUN' && chown.test(i.args))
    expect(chowns, `no RUN chowns ${dataDir} to ${finalUser}`).not.toHaveLength(0)
  })

  it('health-checks /healthz on the port the app listens on, and exposes that port', () => {
    const healthchecks = finalStage.filter((i) => i.keyword === 'HEALTHCHECK')
    expect(healthchecks).toHaveLength(1)
    const command = (healthchecks[0]?.args ?? '').replace(/^(--\S+\s+)*CMD\s+/, '')
    const url = /https?:\/\/[^\s'"`]+/.exec(commandOf(command).join(' '))?.[0]
    expect(url, 'the health check calls no URL').toBeDefined()
    const { hostname, port, pathname } = new URL(url ?? '')
    expect(pathname).toBe('/healthz')
    expect(['127.0.0.1', 'localhost', '[::1]']).toContain(hostname)
    expect(Number(port || 80)).toBe(imageConfig.port)
    const exposed = finalStage
      .filter((i) => i.keyword === 'EXPOSE')
      .flatMap((i) => i.args.split(/\s+/))
    expect(exposed.map((p) => Number(p.split('/')[0]))).toContain(imageConfig.port)
  })

  it('listens on all interfaces, or a published port would reach nothing', () => {
    expect(['0.0.0.0', '::']).toContain(imageConfig.host)
  })

  it('installs every package the app imports at runtime', () => {
    expect(runtimeInstall).toHaveLength(1)
    const missing = [...importedPackages()].filter(
      (name) => !runtimePackages.has(`node_modules/${name}`),
    )
    expect(missing).toEqual([])
  })

  it('leaves the Prisma CLI (with Studio and React) and TypeScript out of the runtime image', () => {
    for (const tool of ['prisma', '@prisma/studio-core', 'react-dom', 'typescript']) {
      expect(runtimePackages.has(`node_modules/${tool}`), tool).toBe(false)
    }
  })

  it('drops no production package but optional ones known to be unused', () => {
    // What --omit=dev alone keeps, less what the runtime install keeps: the CLI tree that is both a
    // devDependency and an optional peer of @prisma/client, and truly optional packages. The latter
    // must be ones the app never loads (a platform binary added later would fail only in the image).
    const dropped = [...installed(new Set(['dev']))].filter((path) => !runtimePackages.has(path))
    const productionOnly = dropped.filter((path) => !lockPackages[path]?.devOptional)
    expect(productionOnly.filter((path) => !(path in UNUSED_OPTIONAL))).toEqual([])
  })
})

// ---- docker-compose.yml ----

type Port =
  | string
  | number
  | { target?: number | string; published?: number | string; host_ip?: string }
type Service = {
  environment?: Record<string, string | number | boolean | null> | string[]
  ports?: Port[]
  healthcheck?: { test?: string | string[]; disable?: boolean }
  depends_on?: string[] | Record<string, { condition?: string }>
  hostname?: string
}
type Compose = { services?: Record<string, Service> }

/** Compose's variable interpolation: $$, $VAR, ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?err}, ${VAR?err}. */
function interpolate(text: string, vars: Env): string {
  return text.replace(
    /\$(\$|[A-Za-z_][A-Za-z0-9_]*|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([-?])([^}]*))?\})/g,
    (
      whole,
      simple: string,
      name: string | undefined,
      colon: string,
      op: string | undefined,
      arg: string,
    ) => {
      if (simple === '$') return '$'
      const key = name ?? simple
      const value = vars[key]
      const unset = colon ? !value : value === undefined
      if (!op) return value ?? ''
      if (!unset) return value ?? ''
      if (op === '-') return interpolate(arg, vars)
      throw new Error(`${whole}: ${key} is required (${arg})`)
    },
  )
}

function loadCompose(vars: Env): Record<string, Service> {
  const text = read('docker-compose.yml')
  const substituted = (value: unknown): unknown =>
    typeof value === 'string'
      ? interpolate(value, vars)
      : Array.isArray(value)
        ? value.map(substituted)
        : value && typeof value === 'object'
          ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substituted(v)]))
          : value
  return (substituted(parse(text)) as Compose).services ?? {}
}

/** Compose accepts `environment` as a map or as a list of KEY=VALUE strings. */
function envOf(service: Service | undefined): Env {
  const env = service?.environment ?? {}
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

/** Ports in short (`[ip:][host:]container[/proto]`, IPv6 in brackets) or long syntax. */
function portsOf(
  service: Service | undefined,
): { hostIp: string; published: string; target: string }[] {
  return (service?.ports ?? []).map((p) => {
    if (typeof p === 'object') {
      return {
        hostIp: p.host_ip ?? '',
        published: String(p.published ?? ''),
        target: String(p.target ?? ''),
      }
    }
    const spec = String(p).split('/')[0] ?? ''
    const ip = /^(\[[^\]]*\]|[^:]*\.[^:]*):/.exec(spec)
    const rest = (ip ? spec.slice(ip[0].length) : spec).split(':')
    const target = rest.at(-1) ?? ''
    return { hostIp: ip?.[1] ?? '', published: rest.length > 1 ? (rest[0] ?? '') : '', target }
  })
}

/** The user, password and database the official postgres image creates from its environment. */
function postgresCreates(env: Env) {
  const user = env.POSTGRES_USER || 'postgres'
  return { user, password: env.POSTGRES_PASSWORD ?? '', database: env.POSTGRES_DB || user }
}

/** Whether the config reads `key`: a variable it ignores (a typo such as DATABSE_URL) changes nothing. */
function configReads(key: string, env: Env): boolean {
  const outcome = (e: Env) => {
    try {
      return JSON.stringify(loadConfig(e))
    } catch (error) {
      return String(error)
    }
  }
  const { DATABASE_URL: _, ...embedded } = env
  return [env, embedded].some((base) =>
    ['', 'production', 'true', 'false', '0', 'a\u0000b'].some(
      (v) => outcome({ ...base, [key]: v }) !== outcome(base),
    ),
  )
}

// The defaults, and every variable the file reads set to something else.
const overrides: Env = {
  POSTGRES_PASSWORD: 'not-the-default',
  POSTGRES_USER: 'someone',
  POSTGRES_DB: 'elsewhere',
  POSTGRES_PORT: '15432',
}
const variants: [string, Env][] = [
  ['with the defaults', {}],
  ['with variables overridden', overrides],
]

describe.each(variants)('docker-compose.yml %s', (_, vars) => {
  const services = loadCompose(vars)
  const { db, app } = services
  const appEnv = envOf(app)
  /** What the app process sees: the image's environment, then the service's. */
  const appProcessEnv = { ...imageEnv, ...appEnv }

  it('has a db and an app service', () => {
    expect(db).toBeDefined()
    expect(app).toBeDefined()
  })

  it("points the app at the db service, with the database and credentials db's server creates", () => {
    const url = new URL(appEnv.DATABASE_URL ?? '')
    expect(url.protocol).toMatch(/^postgres(ql)?:$/)
    expect(['db', db?.hostname]).toContain(url.hostname)
    expect(Number(url.port || 5432)).toBe(5432)
    const created = postgresCreates(envOf(db))
    expect(decodeURIComponent(url.username)).toBe(created.user)
    expect(decodeURIComponent(url.password)).toBe(created.password)
    expect(decodeURIComponent(url.pathname.slice(1))).toBe(created.database)
  })

  it('starts the app once the database reports healthy', () => {
    const dependsOn = app?.depends_on
    expect(Array.isArray(dependsOn), 'depends_on as a list does not wait for health').toBe(false)
    expect((dependsOn as Record<string, { condition?: string }> | undefined)?.db?.condition).toBe(
      'service_healthy',
    )
    const test = db?.healthcheck?.test
    expect(db?.healthcheck?.disable ?? false).toBe(false)
    expect(test === undefined || (Array.isArray(test) && test[0] === 'NONE')).toBe(false)
  })

  it('publishes the port the app listens on', () => {
    const port = loadConfig(appProcessEnv).port
    const ports = portsOf(app)
    expect(ports.length).toBeGreaterThan(0)
    for (const p of ports) {
      expect(Number(p.target)).toBe(port)
      expect(p.published === '' ? port : Number(p.published)).toBe(port)
    }
  })

  it('does not publish PostgreSQL on every interface', () => {
    for (const p of portsOf(db)) {
      expect(
        ['127.0.0.1', 'localhost', '[::1]', '::1'],
        `db publishes ${JSON.stringify(p)}`,
      ).toContain(p.hostIp)
    }
  })

  it('sets only variables the app reads, with values its config accepts', () => {
    const ignored = Object.keys(appEnv).filter((key) => !configReads(key, appProcessEnv))
    expect(ignored).toEqual([])
    expect(() => loadConfig(appProcessEnv)).not.toThrow()
  })
})

describe('the compose checks', () => {
  it('substitute variables the way compose does', () => {
    expect(interpolate('a${X:-d}b${Y-e}$$Z$W', { X: '', Y: '', W: 'w' })).toBe('adb$Zw')
    expect(() => interpolate('${X:?must be set}', {})).toThrow(/must be set/)
  })

  it('read short and long port syntax', () => {
    expect(
      portsOf({ ports: ['5432', '5433:5432', '127.0.0.1:5434:5432/tcp', '[::1]:5435:5432'] }),
    ).toEqual([
      { hostIp: '', published: '', target: '5432' },
      { hostIp: '', published: '5433', target: '5432' },
      { hostIp: '127.0.0.1', published: '5434', target: '5432' },
      { hostIp: '[::1]', published: '5435', target: '5432' },
    ])
  })

  it('tell a variable the config reads from one it ignores', () => {
    const env = { ...imageEnv, DATABASE_URL: 'postgresql://u:p@db/cms' }
    expect(configReads('DATABASE_URL', env)).toBe(true)
    expect(configReads('HOST', env)).toBe(true)
    expect(configReads('NODE_ENV', env)).toBe(true)
    expect(configReads('DATABSE_URL', env)).toBe(false)
  })
})
