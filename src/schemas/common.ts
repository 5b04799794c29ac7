import { z } from 'zod'
import { documentHeadersRequired } from './openapi-hints.js'

export const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/

export const Slug = z
  .string()
  .max(120)
  .regex(SLUG_PATTERN, 'Must be lower-case letters, digits and single hyphens, like "my-story-1"')

/** An article or byline addressed by its UUID or its slug. */
export const IdOrSlugParams = z.object({
  idOrSlug: z.string().min(1).max(200).describe('The UUID or the slug of the resource'),
})

export const IsoDateTime = z.iso.datetime({ offset: true })

/**
 * A whole number in a query string or path, written in plain decimal digits. Stricter than
 * z.coerce.number(), which takes "0x10" as 16, " 5" as 5, "1e2" as 100 and "5.0" as 5.
 * Documented as an integer.
 */
export function QueryInt(min: number, max: number, fallback?: number) {
  const number = z
    .number({ error: `Must be a whole number from ${min} to ${max}, written in digits only` })
    .int()
    .min(min)
    .max(max)
  // The default sits inside, where the OpenAPI document shows it.
  return z.preprocess(
    (value) => (typeof value === 'string' && /^[0-9]+$/.test(value) ? Number(value) : value),
    fallback === undefined ? number : number.default(fallback),
  )
}

export const PaginationQuery = z.strictObject({
  limit: QueryInt(1, 100, 20).describe('Items per page (1–100)'),
  cursor: z
    .string()
    .max(500)
    .optional()
    .describe('Opaque cursor from `page.nextCursor` of the previous page'),
})

export const PageInfo = z
  .object({
    limit: z.number().int(),
    nextCursor: z
      .string()
      .nullable()
      .describe('Pass as `cursor` to get the next page; null on the last page'),
  })
  .meta({ id: 'PageInfo', examples: [{ limit: 20, nextCursor: null }] })

export const FieldErrorSchema = z.object({
  path: z
    .string()
    .describe('The offending field, e.g. `headline`, `bylines.0.role`, `query.limit`'),
  message: z.string(),
})

export const ProblemSchema = z
  .object({
    type: z.string().describe('A URI naming the kind of problem'),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    errors: z
      .array(FieldErrorSchema)
      .optional()
      .describe('For validation problems: every invalid field'),
  })
  .catchall(z.unknown())
  .meta({
    id: 'Problem',
    description: 'RFC 9457 problem details, served as application/problem+json',
  })

/** The error responses a route can produce, for its OpenAPI `response` map. */
export function problemResponses<const S extends readonly number[]>(...statuses: S) {
  return Object.fromEntries(statuses.map((s) => [s, ProblemSchema])) as {
    [K in S[number]]: typeof ProblemSchema
  }
}

export const IfMatchHeaders = z.object({
  'if-match': z
    .string()
    .optional()
    .describe(
      'Optional: the ETag you read (e.g. "3"); when sent, the change is refused with 412 if someone saved in between',
    ),
})

/**
 * If-Match on the routes that cannot go without it. Validation lets a missing one through so that
 * the handler answers 428 with how to get it (lib/etag.ts requiredVersion); the document says required.
 */
export const IfMatchRequiredHeaders = documentHeadersRequired(
  z.object({
    'if-match': z
      .string()
      .optional()
      .describe('The ETag you read (e.g. "3"): 428 without it, 412 if someone saved in between'),
  }),
  ['if-match'],
)
