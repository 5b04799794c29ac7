import { stringify } from 'yaml'
import { buildApp } from './app.js'
import type { PrismaClient } from './db/client.js'

/** The OpenAPI document as YAML. Building it touches no database, so no client is needed. */
export async function renderOpenApiYaml(): Promise<string> {
  const app = await buildApp({ prisma: {} as PrismaClient })
  await app.ready()
  const document = app.swagger()
  await app.close()
  return stringify(document, { aliasDuplicateObjects: false, lineWidth: 0 })
}
