import { describe, expect, it } from 'vitest'
import { isPrivateIpv4, isPrivateIpv6, unsafeUrlReason } from '../../../../src/modules/slots/url-safety.js'

describe('unsafeUrlReason', () => {
  it('accepts absolute http and https URLs on public hosts', () => {
    for (const url of [
      'https://example.com',
      'http://example.com/path?q=1#top',
      'https://sub.example.co.uk:8443/a/b',
      'https://xn--bcher-kva.example/',
      'https://8.8.8.8/',
      'https://[2001:4860:4860::8888]/',
      'HTTPS://EXAMPLE.COM/',
    ]) {
      expect(unsafeUrlReason(url), url).toBeUndefined()
    }
  })

  it('refuses every scheme other than http and https', () => {
    for (const url of [
      'javascript:alert(1)',
      'JavaScript:alert(1)',
      'data:text/html;base64,PHNjcmlwdD4=',
      'ftp://example.com/file',
      'file:///etc/passwd',
      'mailto:ads@example.com',
      'vbscript:msgbox',
    ]) {
      expect(unsafeUrlReason(url), url).toMatch(/http\(s\)/)
    }
  })

  it('refuses relative, scheme-relative and slash-less URLs', () => {
    for (const url of ['/path', '//example.com/x', 'example.com', 'http:example.com', 'https:/example.com', '']) {
      expect(unsafeUrlReason(url), url).toBeDefined()
    }
  })

  it('refuses a user name or password in the URL', () => {
    for (const url of ['https://user:pass@example.com/', 'https://user@example.com/', 'https://example.com@evil.example/']) {
      expect(unsafeUrlReason(url), url).toMatch(/user name or password/)
    }
  })

  it('refuses localhost and host names without a dot', () => {
    for (const url of ['http://localhost/', 'http://LOCALHOST:3000/', 'http://api.localhost/', 'http://localhost./']) {
      expect(unsafeUrlReason(url), url).toMatch(/private/)
    }
    expect(unsafeUrlReason('http://intranet/')).toMatch(/public host/)
  })

  it('refuses IPv4 literals in private, loopback, link-local and carrier-grade NAT ranges, however they are written', () => {
    for (const url of [
      'http://127.0.0.1/',
      'http://10.1.2.3/',
      'http://172.16.0.1/',
      'http://172.31.255.255/',
      'http://192.168.1.1/',
      'http://169.254.169.254/latest/meta-data',
      'http://100.64.0.1/',
      'http://0.0.0.0/',
      'http://0x7f.1/',
      'http://2130706433/',
      'http://017700000001/',
    ]) {
      expect(unsafeUrlReason(url), url).toMatch(/private/)
    }
  })

  it('refuses IPv6 loopback, unique-local, link-local and IPv4-mapped private literals', () => {
    for (const url of [
      'http://[::1]/',
      'http://[::]/',
      'http://[fc00::1]/',
      'http://[fd12:3456:789a::1]/',
      'http://[fe80::1]/',
      'http://[::ffff:127.0.0.1]/',
      'http://[::ffff:10.0.0.1]/',
    ]) {
      expect(unsafeUrlReason(url), url).toMatch(/private/)
    }
  })

  it('refuses spaces and control characters that browsers would drop silently', () => {
    for (const url of [' https://example.com', 'https://exa\tmple.com', 'https://example.com/\n', 'https://example.com/a b']) {
      expect(unsafeUrlReason(url), JSON.stringify(url)).toMatch(/spaces or control/)
    }
  })
})

describe('isPrivateIpv4', () => {
  it('knows the edges of the private ranges', () => {
    expect(isPrivateIpv4('172.15.255.255')).toBe(false)
    expect(isPrivateIpv4('172.16.0.0')).toBe(true)
    expect(isPrivateIpv4('172.31.255.255')).toBe(true)
    expect(isPrivateIpv4('172.32.0.0')).toBe(false)
    expect(isPrivateIpv4('100.63.255.255')).toBe(false)
    expect(isPrivateIpv4('100.127.255.255')).toBe(true)
    expect(isPrivateIpv4('100.128.0.0')).toBe(false)
    expect(isPrivateIpv4('11.0.0.0')).toBe(false)
    expect(isPrivateIpv4('255.255.255.255')).toBe(true)
  })
})

describe('isPrivateIpv6', () => {
  it('tells public global addresses from the rest', () => {
    expect(isPrivateIpv6('2001:db8::1')).toBe(false)
    expect(isPrivateIpv6('2a00:1450:4001:81c::200e')).toBe(false)
    expect(isPrivateIpv6('::ffff:808:808')).toBe(false)
    expect(isPrivateIpv6('::ffff:7f00:1')).toBe(true)
    expect(isPrivateIpv6('64:ff9b::a00:1')).toBe(true)
    expect(isPrivateIpv6('ff02::1')).toBe(true)
    expect(isPrivateIpv6('not-an-address')).toBe(true)
  })
})
