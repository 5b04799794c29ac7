import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Validator } from '@seriousme/openapi-schema-validator'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { projectRoot } from '../../../src/db/project-paths.js'
import { renderOpenApiYaml } from '../../../src/openapi.js'
import { useTestApp } from '../../helpers/test-app.js'

const ctx = useTestApp()

type Operation = {
  responses: Record<string, { content?: Record<string, unknown> }>
  tags?: string[]
}

describe('the OpenAPI contract', () => {
  it('openapi.yaml is what the code generates (run `npm run openapi` after changing a route)', async () => {
    const committed = await readFile(join(projectRoot, 'openapi.yaml'), 'utf8')
    expect(committed).toBe(await renderOpenApiYaml())
  })

  it('is a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator()
    const result = await validator.validate(
      parse(await readFile(join(projectRoot, 'openapi.yaml'), 'utf8')),
    )
    expect(result.errors ?? []).toEqual([])
    expect(result.valid).toBe(true)
    expect(validator.version).toBe('3.1')
  })

  it('documents every endpoint with a tag, a success response and problem+json errors', async () => {
    const document = parse(await readFile(join(projectRoot, 'openapi.yaml'), 'utf8')) as {
      paths: Record<string, Record<string, Operation>>
    }
    const operations = Object.entries(document.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({ id: `${method.toUpperCase()} ${path}`, op })),
    )
    expect(operations.map((o) => o.id)).toEqual(
      expect.arrayContaining([
        'POST /v1/articles',
        'GET /v1/articles/{idOrSlug}',
        'PATCH /v1/bylines/{idOrSlug}',
        'DELETE /v1/keys/{id}',
        'GET /readyz',
      ]),
    )
    for (const { id, op } of operations) {
      expect(op.tags, id).toHaveLength(1)
      expect(
        Object.keys(op.responses).some((s) => s.startsWith('2')),
        id,
      ).toBe(true)
      for (const [status, response] of Object.entries(op.responses)) {
        if (Number(status) >= 400 && id !== 'GET /readyz') {
          expect(Object.keys(response.content ?? {}), `${id} ${status}`).toEqual([
            'application/problem+json',
          ])
        }
      }
    }
  })

  it('documents a body as required exactly where the route needs one', async () => {
    const document = parse(await readFile(join(projectRoot, 'openapi.yaml'), 'utf8')) as {
      paths: Record<
        string,
        Record<string, { requestBody?: { required?: boolean } } & Record<string, unknown>>
      >
    }
    const publish = document.paths['/v1/articles/{idOrSlug}/publish']?.post
    expect(publish?.requestBody?.required).toBe(false)
    expect(publish).not.toHaveProperty('x-optional-body')
    expect(document.paths['/v1/articles']?.post?.requestBody?.required).toBe(true)
    // Publishing with no body at all is tested in article-workflow.test.ts.
  })

  it('serves the same document at /openapi.json', async () => {
    const res = await ctx.api.get('/openapi.json')
    expect(res.status).toBe(200)
    expect(res.body).toEqual(parse(await readFile(join(projectRoot, 'openapi.yaml'), 'utf8')))
  })

  it('serves an interactive reference at /docs', async () => {
    const page = await ctx.api.get('/docs/').redirects(1)
    expect(page.status).toBe(200)
    expect(page.headers['content-type']).toContain('text/html')
    expect(page.text).toContain('swagger-ui')
    const spec = await ctx.api.get('/docs/json')
    expect(spec.body.info.title).toBe('Newsroom CMS API')
  })
})
