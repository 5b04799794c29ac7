import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { Webhook } from 'standardwebhooks'

/** A new signing secret in the Standard Webhooks format: `whsec_` and 32 random bytes in base64. */
export function generateSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`
}

/**
 * How a secret is stored. Signing needs the secret itself, so it cannot be hashed like API keys:
 * with WEBHOOK_SECRETS_KEY it is sealed with AES-256-GCM (`v1:` iv, tag, ciphertext), otherwise
 * kept as is (`plain:`), and sealed at its next rotation once a key is configured.
 */
export function sealSecret(secret: string, key: Buffer | null): string {
  if (!key) return `plain:${secret}`
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', key, iv)
  const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()])
  return `v1:${Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64')}`
}

export class SecretUnavailableError extends Error {}

export function openSecret(stored: string, key: Buffer | null): string {
  if (stored.startsWith('plain:')) return stored.slice('plain:'.length)
  if (!stored.startsWith('v1:') || !key)
    throw new SecretUnavailableError(
      'The webhook secret is sealed and WEBHOOK_SECRETS_KEY is not set (or not the key it was sealed with).',
    )
  const raw = Buffer.from(stored.slice(3), 'base64')
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12))
  decipher.setAuthTag(raw.subarray(12, 28))
  try {
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8')
  } catch {
    throw new SecretUnavailableError('The webhook secret does not open with WEBHOOK_SECRETS_KEY.')
  }
}

/**
 * The `webhook-signature` header: one `v1,<base64>` per secret, space-separated, so that a
 * receiver still holding the previous secret verifies during a rotation's grace period.
 */
export function signatureHeader(
  secrets: readonly string[],
  messageId: string,
  timestamp: Date,
  body: string,
): string {
  return secrets.map((secret) => new Webhook(secret).sign(messageId, timestamp, body)).join(' ')
}
