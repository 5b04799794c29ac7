import ipaddr from 'ipaddr.js'
import { z } from 'zod'

/**
 * Whether a URL may be handed to readers as a link or an image: pure logic, no DNS. The one rule
 * for every URL field of the API (slot items, bylines' avatars and links, articles' hero images
 * and canonical URLs).
 *
 * Only absolute http(s) URLs on public hosts pass. Host names are checked as browsers parse
 * them (WHATWG URL), so "http://0x7f.1/" is seen as 127.0.0.1 and "[::ffff:10.0.0.1]" as 10.0.0.1.
 */

export const MAX_URL_LENGTH = 2000

const NOT_HTTP = 'Must be an absolute http(s) URL, like "https://example.com/page"'
const NOT_HTTPS = 'Must be an absolute https URL, like "https://example.com/image.jpg"'
const PRIVATE_HOST = 'Must not point to a private, loopback, link-local or reserved address'

/**
 * Whether an IP address (as the URL parser serializes it: dotted decimal, or IPv6 without the
 * brackets) is on the public internet. Only ipaddr.js's `unicast` range passes: private,
 * loopback, link-local, unique-local, multicast, carrier-grade NAT, documentation, benchmarking,
 * 6to4, Teredo, NAT64 and every other special-purpose block do not. An IPv4-mapped IPv6 address
 * is judged by its IPv4 address; the deprecated IPv4-compatible form (`::a.b.c.d`) never passes.
 */
export function isPublicIp(address: string): boolean {
  if (!ipaddr.isValid(address)) return false
  let ip = ipaddr.parse(address)
  if (ip.kind() === 'ipv6') {
    const v6 = ip as ipaddr.IPv6
    if (v6.isIPv4MappedAddress()) ip = v6.toIPv4Address()
    else if (v6.parts.slice(0, 6).every((part) => part === 0)) return false
  }
  return ip.range() === 'unicast'
}

const FOUR_DECIMALS = /^\d{1,3}(?:\.\d{1,3}){3}$/

/**
 * Why `raw` may not be shown to readers as a link or an image, or undefined when it may:
 * too long; spaces, control characters or backslashes anywhere (browsers drop the former and read
 * a backslash as a slash: "https://evil.com\@good.com/" goes to evil.com); not http(s)
 * (`javascript:`, `data:`…); credentials ("https://good.com@evil.com/" goes to evil.com);
 * `localhost`; a host name without a dot; or an IP literal that is not public.
 */
export function unsafeUrlReason(raw: string, { httpsOnly = false } = {}): string | undefined {
  if (raw.length > MAX_URL_LENGTH) return `Must be at most ${MAX_URL_LENGTH} characters long`
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (/[\s\u0000-\u001f\u007f]/.test(raw)) return 'Must not contain spaces or control characters'
  if (raw.includes('\\')) return 'Must not contain backslashes'
  if (!(httpsOnly ? /^https:\/\//i : /^https?:\/\//i).test(raw))
    return httpsOnly ? NOT_HTTPS : NOT_HTTP
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return httpsOnly ? NOT_HTTPS : NOT_HTTP
  }
  const authority = raw.slice(raw.indexOf('//') + 2).split(/[/?#]/, 1)[0] ?? ''
  if (url.username !== '' || url.password !== '' || authority.includes('@'))
    return 'Must not contain a user name or password'
  const host = url.hostname.replace(/\.$/, '')
  if (host.startsWith('[')) return isPublicIp(host.slice(1, -1)) ? undefined : PRIVATE_HOST
  // WHATWG URL writes every IPv4 form (hex, octal, short) as four decimals; the regex spares
  // ipaddr.js's parse, which throws on every host name, the cost of an import's hero images.
  if (FOUR_DECIMALS.test(host) && ipaddr.IPv4.isValidFourPartDecimal(host))
    return isPublicIp(host) ? undefined : PRIVATE_HOST
  if (host === 'localhost' || host.endsWith('.localhost')) return PRIVATE_HOST
  if (!host.includes('.')) return 'Must name a public host, like "example.com"'
  return undefined
}

function publicUrl(httpsOnly: boolean) {
  return z
    .string()
    .superRefine((value, ctx) => {
      const reason = unsafeUrlReason(value, { httpsOnly })
      if (reason) ctx.addIssue({ code: 'custom', message: reason })
    })
    .meta({ maxLength: MAX_URL_LENGTH, format: 'uri' })
}

/** An absolute http(s) URL on a public host, that readers may be sent to or shown (see unsafeUrlReason). */
export const PublicHttpUrl = publicUrl(false)

/** PublicHttpUrl, https only (e.g. images embedded in https pages). */
export const PublicHttpsUrl = publicUrl(true)
