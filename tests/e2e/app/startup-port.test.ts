// A server whose port is taken fails at once, before it migrates, seeds or prints a first admin key.
import { existsSync } from 'node:fs'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { connect, createServer, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PortUnavailableError, reservePort } from '../../../src/boot/reserve-port.js'
import { embeddedEnv, spawnTs } from '../../helpers/spawned.js'

describe('start-up on a port that is taken', () => {
  let held: Server
  let port: number
  let dataDir: string

  beforeAll(async () => {
    held = createServer()
    await new Promise<void>((done) => held.listen({ host: '127.0.0.1', port: 0 }, done))
    port = (held.address() as { port: number }).port
    dataDir = await mkdtemp(join(tmpdir(), 'cms-port-taken-'))
  })
  afterAll(async () => {
    await new Promise((done) => held?.close(done))
    await rm(dataDir, { recursive: true, force: true })
  })

  it('exits 1 with one clear line, and migrates, seeds and prints nothing', async () => {
    const env = embeddedEnv(dataDir, { PORT: String(port) })
    delete env.SEED_DEMO_CONTENT
    const server = spawnTs('src/server.ts', [], env)
    const code = await server.exited
    const [stdout, stderr] = [server.stdout(), server.stderr()]

    expect(code).toBe(1)
    expect(stderr.trim().split('\n')).toEqual([
      `Port ${port} on 127.0.0.1 is already in use: stop whatever listens there, or set PORT.`,
    ])
    expect(stdout).toBe('')
    expect(stdout + stderr).not.toContain('ADMIN_API_KEY')
    // The database was not even opened.
    expect(existsSync(join(dataDir, 'pglite'))).toBe(false)
    expect(await readdir(dataDir)).toEqual([])
  }, 60_000)

  it('reserves a free port until released, then lets the server have it', async () => {
    const free = createServer()
    await new Promise<void>((done) => free.listen({ host: '127.0.0.1', port: 0 }, done))
    const freePort = (free.address() as { port: number }).port
    await new Promise((done) => free.close(done))

    const reservation = await reservePort('127.0.0.1', freePort)
    await expect(reservePort('127.0.0.1', freePort)).rejects.toThrow(PortUnavailableError)
    await reservation.release()
    const again = await reservePort('127.0.0.1', freePort)
    await again.release()
  })

  it('releases the port even when a client connected to it meanwhile and never hung up', async () => {
    const free = createServer()
    await new Promise<void>((done) => free.listen({ host: '127.0.0.1', port: 0 }, done))
    const port = (free.address() as { port: number }).port
    await new Promise((done) => free.close(done))
    const reservation = await reservePort('127.0.0.1', port)
    // A readiness probe that connects during start-up and waits.
    const client = connect(port, '127.0.0.1')
    client.on('error', () => {})
    await new Promise<void>((done) => client.once('connect', () => done()))
    const released = await Promise.race([
      reservation.release().then(() => 'released'),
      new Promise((done) => setTimeout(() => done('still held'), 3_000)),
    ])
    client.destroy()
    expect(released).toBe('released')
  })

  it('names a HOST that is not on this machine', async () => {
    await expect(reservePort('192.0.2.1', 3999)).rejects.toThrow(
      'Port 3999 on 192.0.2.1 is not available: HOST is not an address of this machine.',
    )
  })
})
