// With DATABASE_URL (a PostgreSQL server, e.g. in CI): migrate a template database once; each
// test file then clones it. Without it, each file migrates its own in-memory PGlite instead.
import pg from 'pg'
import type { TestProject } from 'vitest/node'
import { openDatabase } from '../../src/db/client.js'
import { applyMigrations } from '../../src/db/migration-engine.js'

declare module 'vitest' {
  export interface ProvidedContext {
    /** A URL of the template database on the server, or null to use PGlite. */
    templateUrl: string | null
  }
}

export function templateName(): string {
  return `cms_test_template_${process.pid}`
}

export default async function setup(project: TestProject) {
  const serverUrl = process.env.DATABASE_URL
  if (!serverUrl) {
    project.provide('templateUrl', null)
    return
  }
  const name = templateName()
  const admin = new pg.Client({ connectionString: serverUrl })
  await admin.connect()
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
  await admin.query(`CREATE DATABASE ${name}`)
  const templateUrl = new URL(serverUrl)
  templateUrl.pathname = `/${name}`
  const template = await openDatabase({
    kind: 'postgres',
    url: templateUrl.toString(),
    poolSize: 1,
  })
  await applyMigrations(template)
  // Clones need a template nobody is connected to.
  await template.close()
  project.provide('templateUrl', templateUrl.toString())

  return async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    await admin.end()
  }
}
