import { describe, expect, it } from 'vitest'
import {
  isPublicIp,
  PublicHttpsUrl,
  PublicHttpUrl,
  unsafeUrlReason,
} from '../../../src/schemas/public-url.js'

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
    for (const url of [
      '/path',
      '//example.com/x',
      'example.com',
      'http:example.com',
      'https:/example.com',
      '',
    ]) {
      expect(unsafeUrlReason(url), url).toBeDefined()
    }
  })

  it('refuses a user name or password in the URL', () => {
    for (const url of [
      'https://user:pass@example.com/',
      'https://user@example.com/',
      'https://example.com@evil.example/',
    ]) {
      expect(unsafeUrlReason(url), url).toMatch(/user name or password/)
    }
  })

  it('refuses localhost and host names without a dot', () => {
    for (const url of [
      'http://localhost/',
      'http://LOCALHOST:3000/',
      'http://api.localhost/',
      'http://localhost./',
    ]) {
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
    for (const url of [
      ' https://example.com',
      'https://exa\tmple.com',
      'https://example.com/\n',
      'https://example.com/a b',
    ]) {
      expect(unsafeUrlReason(url), JSON.stringify(url)).toMatch(/spaces or control/)
    }
  })
})

describe('the tricks of the robustness review', () => {
  it('refuses credentials that make a trusted name the user name', () => {
    for (const url of [
      'https://good.com@evil.com/',
      'https://good.com:443@evil.com/',
      'https://@evil.com/',
      'https://:@evil.com/',
      'http://a%40b@evil.com/',
    ]) {
      expect(unsafeUrlReason(url), url).toMatch(/user name or password/)
    }
  })

  it('refuses a backslash anywhere, which browsers read as a slash', () => {
    for (const url of [
      'https://evil.com\\@good.com/',
      'https:\\\\evil.com/',
      'https://good.com/a\\b',
      'https://good.com/?q=\\',
    ]) {
      expect(unsafeUrlReason(url), url).toMatch(/backslash/)
    }
  })

  it('refuses more IP literals: multicast, broadcast, documentation, benchmarking, 6to4, Teredo, NAT64, IPv4-compatible', () => {
    for (const url of [
      'http://224.0.0.1/',
      'http://239.255.255.250/',
      'http://255.255.255.255/',
      'http://192.0.2.1/',
      'http://198.18.0.1/',
      'http://0x0a.0x00.0x00.0x01/',
      'http://0xa000001/',
      'http://167772161/',
      'http://012.0.0.1/',
      'http://127.1/',
      'http://[ff02::1]/',
      'http://[2001:db8::1]/',
      'http://[2002:a00:1::]/',
      'http://[2001::1]/',
      'http://[64:ff9b::a00:1]/',
      'http://[::10.0.0.1]/',
      'http://[::8.8.8.8]/',
      'http://[::ffff:0:7f00:1]/',
      'http://[0:0:0:0:0:ffff:7f00:1]/',
      'http://[fec0::1]/',
    ]) {
      expect(unsafeUrlReason(url), url).toMatch(/private/)
    }
  })

  it('accepts public IP literals, IPv4-mapped ones too', () => {
    for (const url of [
      'http://1.1.1.1/',
      'http://[::ffff:8.8.8.8]/',
      'https://[2606:4700:4700::1111]:8443/x',
    ]) {
      expect(unsafeUrlReason(url), url).toBeUndefined()
    }
  })

  it('refuses URLs over 2,000 characters, and accepts one of exactly 2,000', () => {
    const base = 'https://example.com/'
    expect(unsafeUrlReason(base + 'a'.repeat(2000 - base.length))).toBeUndefined()
    expect(unsafeUrlReason(base + 'a'.repeat(2001 - base.length))).toMatch(/2000/)
  })

  it('PublicHttpsUrl takes https only; PublicHttpUrl both', () => {
    expect(PublicHttpsUrl.safeParse('http://example.com/a.jpg').success).toBe(false)
    expect(PublicHttpsUrl.safeParse('https://example.com/a.jpg').success).toBe(true)
    expect(PublicHttpUrl.safeParse('http://example.com/').success).toBe(true)
    expect(PublicHttpUrl.safeParse('https://good.com@evil.com/').error?.issues[0]?.message).toMatch(
      /user name/,
    )
  })
})

describe('isPublicIp', () => {
  it('knows the edges of the private ranges', () => {
    expect(isPublicIp('172.15.255.255')).toBe(true)
    expect(isPublicIp('172.16.0.0')).toBe(false)
    expect(isPublicIp('172.31.255.255')).toBe(false)
    expect(isPublicIp('172.32.0.0')).toBe(true)
    expect(isPublicIp('100.63.255.255')).toBe(true)
    expect(isPublicIp('100.127.255.255')).toBe(false)
    expect(isPublicIp('100.128.0.0')).toBe(true)
    expect(isPublicIp('11.0.0.0')).toBe(true)
    expect(isPublicIp('255.255.255.255')).toBe(false)
  })

  it('tells public global IPv6 addresses from the rest', () => {
    expect(isPublicIp('2a00:1450:4001:81c::200e')).toBe(true)
    expect(isPublicIp('::ffff:808:808')).toBe(true)
    expect(isPublicIp('2001:db8::1')).toBe(false)
    expect(isPublicIp('::ffff:7f00:1')).toBe(false)
    expect(isPublicIp('64:ff9b::a00:1')).toBe(false)
    expect(isPublicIp('ff02::1')).toBe(false)
    expect(isPublicIp('not-an-address')).toBe(false)
  })
})
