/**
 * Whether a URL may be handed to readers as a link or an image: pure logic, no DNS.
 *
 * Only absolute http(s) URLs on public hosts pass. Host names are checked as browsers parse
 * them (WHATWG URL), so "http://0x7f.1/" is seen as 127.0.0.1 and "[::ffff:10.0.0.1]" as 10.0.0.1.
 */

const NOT_HTTP = 'Must be an absolute http(s) URL, like "https://example.com/page"'
const PRIVATE_HOST = 'Must not point to a private, loopback, link-local or reserved address'

/** IPv4 blocks that are not on the public internet: [network, prefix length]. */
const PRIVATE_V4: readonly (readonly [string, number])[] = [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local
  ['172.16.0.0', 12],
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.168.0.0', 16],
  ['198.18.0.0', 15], // benchmarking
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, and the broadcast address
]

function ipv4ToNumber(address: string): number {
  return address.split('.').reduce((n, octet) => n * 256 + Number(octet), 0)
}

export function isPrivateIpv4(address: string): boolean {
  const n = ipv4ToNumber(address)
  return PRIVATE_V4.some(([base, bits]) => n >>> (32 - bits) === ipv4ToNumber(base) >>> (32 - bits))
}

/** The eight 16-bit groups of an IPv6 address as the URL parser serializes it (hex, `::`-compressed). */
function ipv6Groups(address: string): number[] | undefined {
  const [head = '', tail] = address.split('::')
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((g) => Number.parseInt(g, 16)))
  const left = parse(head)
  const right = tail === undefined ? [] : parse(tail)
  const missing = 8 - left.length - right.length
  if (missing < 0 || (tail === undefined && missing !== 0)) return undefined
  const groups = [...left, ...Array<number>(missing).fill(0), ...right]
  return groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : undefined
}

export function isPrivateIpv6(address: string): boolean {
  const g = ipv6Groups(address)
  if (!g) return true
  const [g0 = 0, , , , , g5 = 0, g6 = 0, g7 = 0] = g
  const firstFiveZero = g.slice(0, 5).every((x) => x === 0)
  const embeddedV4 = `${g6 >> 8}.${g6 & 0xff}.${g7 >> 8}.${g7 & 0xff}`
  if (firstFiveZero && g5 === 0 && g6 === 0) return true // :: and ::1
  if (firstFiveZero && (g5 === 0xffff || g5 === 0)) return isPrivateIpv4(embeddedV4) // IPv4-mapped / -compatible
  if (g0 === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)) return isPrivateIpv4(embeddedV4) // NAT64
  if ((g0 & 0xfe00) === 0xfc00) return true // unique local fc00::/7
  if ((g0 & 0xffc0) === 0xfe80 || (g0 & 0xffc0) === 0xfec0) return true // link-local, old site-local
  if ((g0 & 0xff00) === 0xff00) return true // multicast
  return false
}

/**
 * Why `raw` may not be shown to readers as a link or an image, or undefined when it may:
 * not http(s) (`javascript:`, `data:`…), credentials in the URL, `localhost`, a host name
 * without a dot, or an IP literal in a private, loopback, link-local or reserved range.
 */
export function unsafeUrlReason(raw: string): string | undefined {
  // Browsers silently drop tabs and newlines inside URLs; a link must be exactly what it says.
  if (/[\s\u0000-\u001f\u007f]/.test(raw)) return 'Must not contain spaces or control characters'
  if (!/^https?:\/\//i.test(raw)) return NOT_HTTP
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return NOT_HTTP
  }
  if (url.username !== '' || url.password !== '') return 'Must not contain a user name or password'
  const host = url.hostname.replace(/\.$/, '')
  if (host.startsWith('[')) return isPrivateIpv6(host.slice(1, -1)) ? PRIVATE_HOST : undefined
  if (/^\d+\.\d+\.\d+\.\d+$/.test(host)) return isPrivateIpv4(host) ? PRIVATE_HOST : undefined
  if (host === 'localhost' || host.endsWith('.localhost')) return PRIVATE_HOST
  if (!host.includes('.')) return 'Must name a public host, like "example.com"'
  return undefined
}
