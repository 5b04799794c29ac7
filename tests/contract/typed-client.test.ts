// The contract generates a good client: types from openapi.yaml by openapi-typescript (its
// defaults, and with defaults not read as "always present"), a script using openapi-fetch
// (client/readme-flow.ts) type-checked with `tsc --strict` against each, then run against the
// server started as the README starts it, on a real database, with the admin key it prints.
import { spawnSync } from 'node:child_process'
import { copyFile, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { embeddedEnv, repoRoot, type Spawned, spawnTs } from '../helpers/spawned.js'
import { openTestDatabase, type TestDatabase } from '../helpers/test-database.js'

const TSCONFIG = {
  compilerOptions: {
    strict: true,
    noUncheckedIndexedAccess: true,
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    lib: ['ES2022'],
    types: ['node'],
    noEmit: true,
    // Only the packages' own declarations; the generated api.ts is checked like the script.
    skipLibCheck: true,
  },
  include: ['*.ts'],
}

/** A folder like a frontend project's: the script, a strict tsconfig, and the repository's packages. */
async function clientProject(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'cms-typed-client-'))
  await copyFile(join(import.meta.dirname, 'client', 'readme-flow.ts'), join(dir, 'readme-flow.ts'))
  await writeFile(join(dir, 'tsconfig.json'), JSON.stringify(TSCONFIG))
  await writeFile(join(dir, 'package.json'), JSON.stringify({ type: 'module', private: true }))
  await symlink(join(repoRoot, 'node_modules'), join(dir, 'node_modules'), 'dir')
  return dir
}

const run = (args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env) =>
  spawnSync(process.execPath, args, { cwd, env, encoding: 'utf8', timeout: 120_000 })

/** openapi-typescript's command line, as a frontend team runs it, writing ./api.ts. */
function generateTypes(dir: string, extra: string[] = []) {
  const cli = join(repoRoot, 'node_modules', 'openapi-typescript', 'bin', 'cli.js')
  return run([cli, join(repoRoot, 'openapi.yaml'), '-o', 'api.ts', ...extra], dir)
}

const LISTENING = /listening at http:\/\/127\.0\.0\.1:(\d+)/

const typeCheck = (dir: string) =>
  run([join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.'], dir)

describe('a typed client generated from openapi.yaml', () => {
  let dir: string

  beforeAll(async () => {
    dir = await clientProject()
  })
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  it.each([
    ['its defaults', []],
    ['--default-non-nullable false', ['--default-non-nullable', 'false']],
  ])(
    'with openapi-typescript %s, the README flow compiles under tsc --strict',
    (_, flags) => {
      const generated = generateTypes(dir, flags)
      expect(generated.status, generated.stderr).toBe(0)
      const checked = typeCheck(dir)
      expect(checked.status, checked.stdout + checked.stderr).toBe(0)
    },
    120_000,
  )

  describe('run against the server', () => {
    let db: TestDatabase
    let dataDir: string | undefined
    let server: Spawned | undefined

    beforeAll(async () => {
      // PostgreSQL when the run has one (a database of this file's own), else embedded PGlite.
      db = await openTestDatabase()
      dataDir = await mkdtemp(join(tmpdir(), 'cms-typed-client-data-'))
      const env = embeddedEnv(dataDir, db.url ? { DATABASE_URL: db.url } : {})
      server = spawnTs('src/server.ts', [], env)
      for (const started = Date.now(); !LISTENING.test(server.output()); ) {
        if (server.child.exitCode !== null || Date.now() - started > 90_000)
          throw new Error(`the server did not start:\n${server.output()}`)
        await new Promise((resolve) => setTimeout(resolve, 200))
      }
    }, 120_000)

    afterAll(async () => {
      if (server && server.child.exitCode === null) {
        server.child.kill('SIGTERM')
        await server.exited
      }
      await db?.close()
      if (dataDir) await rm(dataDir, { recursive: true, force: true })
    }, 60_000)

    it('walks key → byline → article → publish → anonymous read → list → recommendations', () => {
      const output = server?.output() ?? ''
      const port = LISTENING.exec(output)?.[1]
      // The README's bootstrap: the first start prints an admin key, once, on a line of its own.
      const adminKey = /^ADMIN_API_KEY=(ncms_\S+)$/m.exec(output)?.[1]
      expect(adminKey, output).toBeDefined()
      expect(generateTypes(dir).status).toBe(0)
      const flow = run(['--import', 'tsx', 'readme-flow.ts'], dir, {
        ...process.env,
        API_URL: `http://127.0.0.1:${port}`,
        ADMIN_KEY: adminKey,
      })
      expect(flow.status, flow.stdout + flow.stderr).toBe(0)
      expect(JSON.parse(flow.stdout.trim().split('\n').at(-1) ?? '{}')).toMatchObject({
        ok: true,
        slug: 'ministers-hail-a-new-chapter-in-river-talks',
      })
    }, 120_000)
  })
})
