// npm run openapi: writes openapi.yaml from the routes' schemas. A test fails when it is stale.
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { projectRoot } from '../db/project-paths.js'
import { renderOpenApiYaml } from '../openapi.js'

const path = join(projectRoot, 'openapi.yaml')
await writeFile(path, await renderOpenApiYaml())
console.log(`wrote ${path}`)
