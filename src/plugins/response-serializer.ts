import fastJson from 'fast-json-stringify'
import type { FastifySerializerCompiler } from 'fastify'
import { ResponseSerializationError } from 'fastify-type-provider-zod'
import { z } from 'zod'

/**
 * Whether responses are validated against their zod schema before they are sent. Not in
 * production, where it would cost more than building the response; everywhere else (tests,
 * development) a handler that drifts from the documented contract fails with a 500 at once.
 */
export const VALIDATE_RESPONSES = process.env.NODE_ENV !== 'production'

type JsonSchema = { [keyword: string]: unknown }

const isSchema = (value: unknown): value is JsonSchema =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
const mapValues = (map: JsonSchema, f: (s: JsonSchema) => JsonSchema) =>
  Object.fromEntries(
    Object.entries(map).map(([key, value]) => [key, isSchema(value) ? f(value) : value]),
  )

/** `{ anyOf: [X, { type: 'null' }] }` as a nullable X, which fast-json-stringify writes after a null check. */
function nullable(variants: JsonSchema[]): JsonSchema | undefined {
  const [value, other, ...more] = variants
  const isNull = (s: JsonSchema | undefined) => s?.type === 'null' && Object.keys(s).length === 1
  return value && typeof value.type === 'string' && isNull(other) && more.length === 0
    ? { ...value, type: [value.type, 'null'] }
    : undefined
}

/**
 * The shape fast-json-stringify needs to write a value, without `required`: checking values is
 * zod's job (see VALIDATE_RESPONSES). Variants that then read alike, such as an article and the
 * same article with only some fields (`fields=`), become one, and `X or null` a nullable X:
 * otherwise fast-json-stringify would run a validator on every value to pick a variant.
 */
export function writingShape(schema: JsonSchema): JsonSchema {
  const { required: _, anyOf, ...shape } = schema
  for (const key of ['properties', 'definitions'])
    if (isSchema(shape[key])) shape[key] = mapValues(shape[key], writingShape)
  for (const key of ['items', 'additionalProperties'])
    if (isSchema(shape[key])) shape[key] = writingShape(shape[key])
  if (!Array.isArray(anyOf)) return shape
  const variants = [
    ...new Map(
      anyOf.map((v: JsonSchema) => writingShape(v)).map((v) => [JSON.stringify(v), v]),
    ).values(),
  ]
  const single = variants.length === 1 ? variants[0] : nullable(variants)
  // Merged with its siblings (such as `$schema`) when none of its keywords clash with theirs.
  return single && Object.keys(single).every((key) => !(key in shape))
    ? { ...shape, ...single }
    : { ...shape, anyOf: variants }
}

/**
 * Serializes each route's responses with fast-json-stringify (Fastify's own serializer), compiled
 * from the JSON Schema of the route's zod response schema: zod stays the single source of the
 * contract and of the OpenAPI document. Like JSON.stringify of zod's output, it writes only the
 * declared properties, in the schema's order. An empty registry leaves descriptions and component
 * ids out: they do not change how a value is written.
 */
export function createSerializerCompiler({
  validate,
}: {
  validate: boolean
}): FastifySerializerCompiler<z.ZodType> {
  return ({ schema, method, url }) => {
    const json = z.toJSONSchema(schema, {
      io: 'output',
      target: 'draft-7',
      unrepresentable: 'throw',
      metadata: z.registry(),
    })
    const stringify = fastJson(writingShape(json))
    if (!validate) return stringify
    return (data: unknown) => {
      const result = z.safeEncode(schema, data)
      if (!result.success)
        throw new ResponseSerializationError(method, url, { cause: result.error })
      return stringify(data)
    }
  }
}

export const serializerCompiler = createSerializerCompiler({ validate: VALIDATE_RESPONSES })
