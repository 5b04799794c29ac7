import dns from 'node:dns'
import net from 'node:net'
import { Agent, buildConnector } from 'undici'
import { isPublicIp } from '../../../schemas/public-url.js'

/** The error of a refused address; `code` lets the delivery log say why. */
export class BlockedAddressError extends Error {
  readonly code = 'ERR_SSRF_BLOCKED'
}

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | dns.LookupAddress[],
  family?: number,
) => void

/**
 * Resolves like dns.lookup, and fails when any address is not public. The socket connects to the
 * address checked here, so a name that resolves differently a second time (DNS rebinding) cannot
 * slip through.
 */
function publicOnlyLookup(hostname: string, options: dns.LookupOptions, callback: LookupCallback) {
  dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, [])
    const refused = addresses.find((a) => !isPublicIp(a.address))
    if (refused)
      return callback(
        new BlockedAddressError(`${hostname} resolves to ${refused.address}, not a public address`),
        [],
      )
    const [first] = addresses
    if (options.all) return callback(null, addresses)
    if (!first) return callback(new BlockedAddressError(`${hostname} has no address`), [])
    callback(null, first.address, first.family)
  })
}

export interface DispatcherOptions {
  /** Deliver to loopback and private addresses too (tests, local development). */
  allowPrivateAddresses: boolean
  connectTimeoutMs: number
}

/**
 * The HTTP client of deliveries. Addresses are checked when connecting (undici has no filtering
 * agent of its own, and request-filtering-agent only serves node:http): literal IPs here, names
 * through the lookup above.
 */
export function deliveryDispatcher({ allowPrivateAddresses, connectTimeoutMs }: DispatcherOptions) {
  const timing = { connectTimeout: connectTimeoutMs, keepAliveTimeout: 4_000 }
  if (allowPrivateAddresses) return new Agent(timing)
  const connector = buildConnector({
    timeout: connectTimeoutMs,
    lookup: publicOnlyLookup as unknown as net.LookupFunction,
  })
  return new Agent({
    ...timing,
    connect(options, callback) {
      const host = options.hostname.replace(/^\[|\]$/g, '')
      if (net.isIP(host) && !isPublicIp(host))
        return callback(new BlockedAddressError(`${host} is not a public address`), null)
      connector(options, callback)
    },
  })
}
