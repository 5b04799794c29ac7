import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import {
  ArticleOrFieldsSchema,
  ArticleSchema,
} from '../../../src/modules/articles/articles.schemas.js'
import { ProblemSchema } from '../../../src/schemas/common.js'
import {
  createSerializerCompiler,
  VALIDATE_RESPONSES,
  writingShape,
} from '../../../src/plugins/response-serializer.js'
import { articleFixture } from '../modules/articles/article-fixture.js'

const compile = (schema: z.ZodType, validate: boolean) =>
  createSerializerCompiler({ validate })({ schema, method: 'GET', url: '/test', httpStatus: '200' })

const article = {
  ...articleFixture(),
  jsonLd: { '@type': 'NewsArticle', headline: 'x' },
  warnings: [],
}

describe('the response serializer', () => {
  it('validates responses outside production, so that every test checks what the app sends against its schema', () => {
    expect(VALIDATE_RESPONSES).toBe(true)
  })

  it('writes the bytes JSON.stringify writes of what zod lets through: declared properties only, in the schema’s order', () => {
    const reordered = Object.fromEntries(Object.entries(article).reverse())
    for (const validate of [false, true]) {
      const stringify = compile(ArticleSchema, validate)
      const expected = JSON.stringify(z.encode(ArticleSchema, article))
      expect(stringify(reordered)).toBe(expected)
      expect(stringify({ ...article, internalNote: 'never sent' })).toBe(expected)
    }
    const problem = {
      type: 'urn:x',
      title: 'T',
      status: 400,
      detail: 'D',
      errors: [{ path: 'a', message: 'b' }],
      extra: { n: 1 },
    }
    expect(compile(ProblemSchema, false)(problem)).toBe(JSON.stringify(problem))
  })

  it('with validation, refuses a response that breaks its schema instead of sending it', () => {
    const { headline: _, ...headless } = article
    expect(() => compile(ArticleSchema, true)(headless)).toThrow(/doesn't match the schema/)
    expect(() => compile(ArticleSchema, true)({ ...article, version: 'one' })).toThrow(
      /doesn't match the schema/,
    )
  })

  it('writes a whole article and one with some fields alike, without choosing between the variants at run time', () => {
    const stringify = compile(ArticleOrFieldsSchema, false)
    expect(stringify(article)).toBe(JSON.stringify(z.encode(ArticleSchema, article)))
    const lean = { id: article.id, headline: article.headline, jsonLd: article.jsonLd }
    expect(stringify(lean)).toBe(JSON.stringify(lean))
    const shape = writingShape(
      z.toJSONSchema(ArticleOrFieldsSchema, { target: 'draft-7', metadata: z.registry() }),
    )
    expect(shape.anyOf).toBeUndefined()
    expect(shape.required).toBeUndefined()
  })
})
