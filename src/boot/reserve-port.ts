import { createServer } from 'node:net'

/** The port cannot be listened on: in use, not allowed, or HOST is not an address of this machine. */
export class PortUnavailableError extends Error {}

const REASONS: Record<string, string> = {
  EADDRINUSE: 'is already in use: stop whatever listens there, or set PORT',
  EACCES: 'may not be listened on by this user: choose a PORT above 1023',
  EADDRNOTAVAIL: 'is not available: HOST is not an address of this machine',
}

/**
 * Holds `host:port` with a throwaway listener, so that start-up fails at once, before it migrates
 * the database or prints a first admin key, when the server could not listen anyway. The caller
 * releases it right before the server listens: the port is never held by both, and nobody else
 * can take it meanwhile but in the instant between the two. Port 0 (any free port) needs no check.
 */
export async function reservePort(
  host: string,
  port: number,
): Promise<{ release(): Promise<void> }> {
  if (port === 0) return { release: async () => {} }
  // A client that connects meanwhile (a load balancer's probe) is turned away at once: a socket
  // left open would keep close() from ever finishing, and the server from ever listening.
  const probe = createServer((socket) => socket.destroy())
  await new Promise<void>((resolve, reject) => {
    probe.once('error', (err: NodeJS.ErrnoException) => {
      const reason =
        (err.code && REASONS[err.code]) ?? `cannot be listened on (${err.code ?? err.message})`
      reject(new PortUnavailableError(`Port ${port} on ${host} ${reason}.`))
    })
    probe.listen({ host, port, exclusive: true }, resolve)
  })
  return { release: () => new Promise<void>((resolve) => probe.close(() => resolve())) }
}
