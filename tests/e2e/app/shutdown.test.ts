// Shutdown in two steps (plugins/edge.ts, server.ts): readiness fails while requests are still
// served, then the listener closes, in-flight requests finish and late ones get a 503 problem.
import { connect, type Socket } from 'node:net'
import supertest from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type App, buildApp } from '../../../src/app.js'
import { CLOSING_RETRY_AFTER_SECONDS } from '../../../src/plugins/edge.js'
import { useTestApp } from '../../helpers/test-app.js'

const ctx = useTestApp()

/** A request whose handler waits until `release()`; `entered` resolves when it started. */
function gate() {
  let release!: () => void
  let enter!: () => void
  const released = new Promise<void>((resolve) => (release = resolve))
  const entered = new Promise<void>((resolve) => (enter = resolve))
  return { release, entered, enter, released }
}

/** Everything the server sends on a raw connection, and when it closed. */
function rawConnection(port: number) {
  const socket: Socket = connect(port, '127.0.0.1')
  let received = ''
  socket.on('data', (chunk) => (received += String(chunk)))
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()))
  return { socket, closed, received: () => received }
}

describe('shutdown', () => {
  let app: App
  let slow = gate()
  let port: number

  beforeAll(async () => {
    app = await buildApp({ prisma: ctx.db.prisma })
    app.get('/test/slow', { schema: { hide: true } }, async () => {
      slow.enter()
      await slow.released
      return { done: true }
    })
    await app.listen({ port: 0, host: '127.0.0.1' })
    port = (app.server.address() as { port: number }).port
  })
  afterAll(async () => {
    slow.release()
    await app?.close()
  })

  it('answers /readyz 503 from the moment it begins, while it still serves requests', async () => {
    const api = supertest(app.server)
    expect((await api.get('/readyz')).status).toBe(200)
    const inFlight = api.get('/test/slow')
    const done = inFlight.then((res) => res)
    await slow.entered

    app.shutdown.begin()
    const ready = await api.get('/readyz')
    expect(ready.status).toBe(503)
    expect(ready.body).toEqual({ status: 'unavailable' })
    expect((await api.get('/healthz')).status).toBe(200)
    expect((await api.get('/v1/articles')).status).toBe(200)

    slow.release()
    expect((await done).status).toBe(200)
  })

  it('once closing, lets the request in flight finish and answers one that arrives with a 503 problem', async () => {
    slow = gate()
    const connection = rawConnection(port)
    connection.socket.write('GET /test/slow HTTP/1.1\r\nHost: cms.test\r\n\r\n')
    await slow.entered

    let closedAt = 0
    const closing = app.close().then(() => (closedAt = Date.now()))
    // The listener is closed: no new connection is served.
    await expect(supertest(`http://127.0.0.1:${port}`).get('/healthz')).rejects.toThrow(
      /ECONNREFUSED|ECONNRESET/,
    )
    // A request on the open connection (pipelined behind the slow one) is refused by the edge.
    connection.socket.write('GET /readyz HTTP/1.1\r\nHost: cms.test\r\n\r\n')
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(closedAt).toBe(0)

    const releasedAt = Date.now()
    slow.release()
    await connection.closed
    await closing
    expect(closedAt).toBeGreaterThanOrEqual(releasedAt)

    const [first, second] = connection.received().split(/(?=HTTP\/1\.1 )/)
    expect(first).toMatch(/^HTTP\/1\.1 200 /)
    expect(first).toContain('{"done":true}')
    expect(second).toMatch(/^HTTP\/1\.1 503 /)
    const [head = '', body = ''] = second!.split('\r\n\r\n')
    const headers = Object.fromEntries(
      head
        .split('\r\n')
        .slice(1)
        .map((line) => [
          line.slice(0, line.indexOf(':')).toLowerCase(),
          line.slice(line.indexOf(':') + 1).trim(),
        ]),
    )
    expect(headers['content-type']).toMatch(/^application\/problem\+json/)
    expect(headers['retry-after']).toBe(String(CLOSING_RETRY_AFTER_SECONDS))
    expect(headers.connection).toBe('close')
    // The edge's headers, as on every response.
    expect(headers['x-content-type-options']).toBe('nosniff')
    expect(headers['content-security-policy']).toBe("default-src 'none';frame-ancestors 'none'")
    expect(headers['x-request-id']).toBeTruthy()
    expect(JSON.parse(body)).toMatchObject({
      type: 'urn:newsroom-cms:problem:service-unavailable',
      status: 503,
      title: 'Service unavailable',
      instance: '/readyz',
    })
  })
})
