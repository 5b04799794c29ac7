import { describe, expect, it } from 'vitest'
import { Prisma } from '../../../src/db/generated/client.js'
import { isDatabaseUnavailable } from '../../../src/db/connection-errors.js'

const known = (code: string, meta?: Record<string, unknown>) =>
  new Prisma.PrismaClientKnownRequestError('failed', { code, clientVersion: '7', meta })
/** A failure the pg adapter classified, as Prisma reports it (P2010 for raw statements, others for model queries). */
const adapter = (cause: Record<string, unknown>, code = 'P2010') =>
  known(code, { driverAdapterError: { name: 'DriverAdapterError', cause } })
const socket = (code: string) =>
  Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), {
    code,
    syscall: 'connect',
    errno: -111,
  })

describe('isDatabaseUnavailable', () => {
  it.each([
    // node-pg's own errors, which the adapter passes through unclassified (shapes measured on a frozen/restarted server)
    ['query timeout', new Error('Query read timeout')],
    ['pool wait timeout', new Error('timeout exceeded when trying to connect')],
    [
      'connect timeout (pool)',
      new Error('Connection terminated due to connection timeout', { cause: new Error('x') }),
    ],
    ['connect timeout (client)', new Error('timeout expired')],
    ['restart -m immediate', new Error('Connection terminated unexpectedly')],
    [
      'a dropped client',
      new Error('Client has encountered a connection error and is not queryable'),
    ],
    ['connection refused', socket('ECONNREFUSED')],
    ['connection reset', socket('ECONNRESET')],
    // Prisma's codes
    ['P1001', known('P1001')],
    ['P1017', known('P1017')],
    ['P2024', known('P2024')],
    ['P2028', known('P2028')],
    [
      'PrismaClientInitializationError P1001',
      new Prisma.PrismaClientInitializationError("Can't reach database server", '7', 'P1001'),
    ],
    // the adapter's classification
    [
      'DatabaseNotReachable',
      adapter({ kind: 'DatabaseNotReachable', host: '127.0.0.1', port: 5432 }, 'P1001'),
    ],
    ['ConnectionClosed', adapter({ kind: 'ConnectionClosed' })],
    ['SocketTimeout', adapter({ kind: 'SocketTimeout' })],
    ['TooManyConnections', adapter({ kind: 'TooManyConnections', cause: 'too many' })],
    [
      'restart -m fast (57P01) on a raw statement',
      adapter({ kind: 'postgres', code: '57P01', originalCode: '57P01' }),
    ],
    [
      'restart -m fast (57P01) on a model query',
      adapter({ kind: 'postgres', code: '57P01', originalCode: '57P01' }, 'P2039'),
    ],
    ['starting up (57P03)', adapter({ kind: 'postgres', code: '57P03' })],
    ['connection exception (08006)', adapter({ kind: 'postgres', code: '08006' })],
    ['statement_timeout (57014)', adapter({ kind: 'postgres', code: '57014' })],
    [
      'a DriverAdapterError itself',
      Object.assign(new Error('x'), {
        name: 'DriverAdapterError',
        cause: { kind: 'ConnectionClosed' },
      }),
    ],
    [
      'a pg DatabaseError',
      Object.assign(new Error('terminating connection due to administrator command'), {
        name: 'error',
        code: '57P01',
        severity: 'FATAL',
      }),
    ],
  ])('is true for %s', (_, err) => {
    expect(isDatabaseUnavailable(err)).toBe(true)
  })

  it.each([
    ['a unique violation', adapter({ kind: 'UniqueConstraintViolation' }, 'P2002')],
    ['a syntax error', adapter({ kind: 'postgres', code: '42601' })],
    ['a serialization failure', adapter({ kind: 'postgres', code: '40001' })],
    ['record not found', known('P2025')],
    ['an authentication failure', adapter({ kind: 'AuthenticationFailed' }, 'P1000')],
    ['a programming error', new TypeError('Cannot read properties of undefined')],
    [
      'an app error quoting a pg message',
      Object.assign(new Error('Query read timeout'), { name: 'AppError' }),
    ],
    ['nothing', undefined],
    ['a string', 'Query read timeout'],
  ])('is false for %s', (_, err) => {
    expect(isDatabaseUnavailable(err)).toBe(false)
  })
})
