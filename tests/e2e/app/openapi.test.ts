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

  describe('every operation, table-driven over the document', async () => {
    type Parameter = { in: string; name: string; required?: boolean }
    type Media = { schema?: Record<string, unknown>; example?: unknown }
    type Op = {
      operationId?: string
      summary?: string
      security?: Record<string, string[]>[]
      parameters?: Parameter[]
      requestBody?: { content?: Record<string, Media> }
      responses: Record<string, { description?: string; content?: Record<string, Media> }>
    }
    const document = parse(await readFile(join(projectRoot, 'openapi.yaml'), 'utf8')) as {
      paths: Record<string, Record<string, Op>>
      components: { schemas: Record<string, unknown> }
    }
    const operations = Object.entries(document.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({ name: `${method.toUpperCase()} ${path}`, op })),
    )
    // The first word says what the operation does; a new kind of operation adds its verb here.
    const VERB =
      /^(list|get|create|update|delete|replace|publish|unpublish|archive|restore|kill|diff|lint|merge|move|rename|search|preview|send|retry|redeliver|test|rotate|revoke|set|add|remove)[A-Z][A-Za-z0-9]*$/

    it('has unique camelCase verb operationIds', () => {
      const ids = operations.map(({ op }) => op.operationId)
      expect(new Set(ids).size).toBe(ids.length)
    })

    it.each(operations)('$name: operationId, summary, security, described responses', ({ op }) => {
      expect(op.operationId).toMatch(VERB)
      expect(op.summary?.trim()).toBeTruthy()
      // `[]` for public operations, the bearer key otherwise, `[{}, key]` where a key is optional.
      expect(Array.isArray(op.security)).toBe(true)
      for (const [status, response] of Object.entries(op.responses)) {
        expect(response.description, status).toBeTruthy()
        expect(response.description, status).not.toBe('Default Response')
      }
      // If-Match is documented as required exactly where the server answers 428 without it.
      const ifMatch = op.parameters?.find((p) => p.in === 'header' && p.name === 'if-match')
      expect(ifMatch?.required ?? false).toBe('428' in op.responses)
      // A request body shows an example, and no default a generated type would read as required.
      for (const media of Object.values(op.requestBody?.content ?? {})) {
        expect(media.example).toBeDefined()
        const ref = String(media.schema?.$ref ?? '').replace('#/components/schemas/', '')
        expect(JSON.stringify(document.components.schemas[ref] ?? media.schema)).not.toMatch(
          /"default":/,
        )
      }
    })

    it('leaves Swagger UI no junk to make up: dates and ids have examples, no safe-integer bounds', () => {
      const junk: string[] = []
      // A parameter carries its schema's example itself (@fastify/swagger moves it there).
      const walk = (value: unknown, at: string, exemplified = false) => {
        if (!value || typeof value !== 'object') return
        const schema = value as Record<string, unknown>
        const example = exemplified || schema.examples !== undefined
        if (['date-time', 'uuid'].includes(String(schema.format)) && !example)
          junk.push(`${at}: ${schema.format} without examples`)
        if (Math.abs(Number(schema.minimum)) === Number.MAX_SAFE_INTEGER)
          junk.push(`${at}: minimum`)
        for (const [key, child] of Object.entries(schema))
          walk(child, `${at}/${key}`, key === 'schema' && schema.example !== undefined)
      }
      walk(document, '#')
      expect(junk).toEqual([])
    })

    it('documents a single article as the whole Article, fields= on the parameter', () => {
      const get = document.paths['/v1/articles/{idOrSlug}']?.get
      expect(get?.responses['200']?.content?.['application/json']?.schema).toEqual({
        $ref: '#/components/schemas/Article',
      })
      const fields = get?.parameters?.find((p) => p.name === 'fields') as { description?: string }
      expect(fields.description).toContain('The response schema is the whole article')
      expect(document.components.schemas).not.toHaveProperty('ArticleFields')
    })

    it("documents the 412 of a pending version's publication with `live` and `pending`", () => {
      const publish = document.paths['/v1/articles/{idOrSlug}/pending/publish']?.post
      expect(publish?.responses['412']?.content?.['application/problem+json']?.schema).toEqual({
        $ref: '#/components/schemas/PendingLiveMovedOnProblem',
      })
      const problem = document.components.schemas.PendingLiveMovedOnProblem as {
        properties: Record<string, unknown>
        examples?: unknown[]
      }
      expect(Object.keys(problem.properties)).toEqual(expect.arrayContaining(['live', 'pending']))
      expect(problem.examples).toHaveLength(1)
    })
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
