import fp from 'fastify-plugin'
import { ValidationError } from '../errors/app-error.js'

/** The paths of every string (value or key) holding a NUL character. */
export function findNuls(value: unknown, path: string[] = []): string[][] {
  if (typeof value === 'string') return value.includes('\u0000') ? [path] : []
  if (value === null || typeof value !== 'object') return []
  return Object.entries(value).flatMap(([key, child]) =>
    key.includes('\u0000') ? [[...path, key]] : findNuls(child, [...path, key]),
  )
}

/**
 * PostgreSQL text and jsonb cannot hold NUL characters. Rather than every schema refusing them
 * field by field (or the database refusing them with a 500), one hook refuses any request that
 * carries one, naming where.
 */
export const rejectNulPlugin = fp(
  async (app) => {
    app.addHook('preValidation', async (request) => {
      const places = [
        ['', request.body],
        ['query.', request.query],
        ['path.', request.params],
      ] as const
      const paths = places.flatMap(([prefix, value]) =>
        findNuls(value).map((at) => prefix + (at.length ? at.join('.') : '(root)')),
      )
      if (paths.length > 0) {
        throw new ValidationError(
          `The request has NUL characters, which cannot be stored, in ${paths.join(', ')}.`,
          paths.map((path) => ({ path, message: 'Must not contain NUL characters' })),
        )
      }
    })
  },
  { name: 'reject-nul' },
)
