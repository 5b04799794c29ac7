import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface Received {
  headers: IncomingHttpHeaders
  body: string
}

export interface Reply {
  status?: number
  /** Wait this long before answering. */
  delayMs?: number
  headers?: Record<string, string>
  body?: string
}

/** A real HTTP receiver on 127.0.0.1: records what it gets and answers as `reply` says. */
export async function startReceiver() {
  const received: Received[] = []
  let reply: (request: Received, index: number) => Reply = () => ({ status: 204 })
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk) => {
      body += chunk
    })
    req.on('end', () => {
      const request = { headers: req.headers, body }
      received.push(request)
      const answer = reply(request, received.length - 1)
      setTimeout(() => {
        if (res.destroyed) return
        res.writeHead(answer.status ?? 204, answer.headers)
        res.end(answer.body)
      }, answer.delayMs ?? 0)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    port,
    url: `http://127.0.0.1:${port}/hook`,
    received,
    /** The parsed bodies received so far. */
    bodies: () =>
      received.map((r) => JSON.parse(r.body) as Record<string, unknown> & { type: string }),
    answer(fn: (request: Received, index: number) => Reply) {
      reply = fn
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
export type Receiver = Awaited<ReturnType<typeof startReceiver>>
