import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  generateSecret,
  openSecret,
  SecretUnavailableError,
  sealSecret,
} from '../../../../src/modules/webhooks/webhook-secrets.js'

describe('webhook secrets at rest', () => {
  it('seals with the configured key and opens only with it', () => {
    const key = randomBytes(32)
    const secret = generateSecret()
    const sealed = sealSecret(secret, key)
    expect(sealed).toMatch(/^v1:/)
    expect(sealed).not.toContain(secret.slice(6))
    expect(openSecret(sealed, key)).toBe(secret)
    expect(() => openSecret(sealed, randomBytes(32))).toThrow(SecretUnavailableError)
    expect(() => openSecret(sealed, null)).toThrow(SecretUnavailableError)
  })

  it('keeps secrets readable without a key, and after a key is configured', () => {
    const secret = generateSecret()
    const stored = sealSecret(secret, null)
    expect(openSecret(stored, null)).toBe(secret)
    expect(openSecret(stored, randomBytes(32))).toBe(secret)
  })
})
