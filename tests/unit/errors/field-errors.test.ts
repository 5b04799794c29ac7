import { describe, expect, it } from 'vitest'
import { toFieldErrors } from '../../../src/errors/field-errors.js'

describe('toFieldErrors', () => {
  it('names body fields by their dotted path', () => {
    expect(
      toFieldErrors([{ instancePath: '/bylines/0/role', message: 'Invalid option' }], 'body'),
    ).toEqual([{ path: 'bylines.0.role', message: 'Invalid option' }])
  })

  it('prefixes query, path and header fields with where they come from', () => {
    expect(
      toFieldErrors([{ instancePath: '/limit', message: 'Too big' }], 'querystring')[0]?.path,
    ).toBe('query.limit')
    expect(toFieldErrors([{ instancePath: '/id', message: 'Bad' }], 'params')[0]?.path).toBe(
      'path.id',
    )
  })

  it('lists every unknown key as its own error', () => {
    const errors = toFieldErrors(
      [
        {
          instancePath: '/',
          keyword: 'unrecognized_keys',
          message: 'x',
          params: { keys: ['id', 'version'] },
        },
      ],
      'body',
    )
    expect(errors).toEqual([
      { path: 'id', message: 'Unknown field' },
      { path: 'version', message: 'Unknown field' },
    ])
  })

  it('calls an unknown key of the query string an unknown query parameter', () => {
    const errors = toFieldErrors(
      [
        {
          instancePath: '',
          keyword: 'unrecognized_keys',
          message: 'x',
          params: { keys: ['junk'] },
        },
      ],
      'querystring',
    )
    expect(errors).toEqual([{ path: 'query.junk', message: 'Unknown query parameter' }])
  })

  it('names the whole body when it is the problem', () => {
    expect(toFieldErrors([{ instancePath: '', message: 'Expected object' }], 'body')[0]?.path).toBe(
      '(root)',
    )
  })
})
