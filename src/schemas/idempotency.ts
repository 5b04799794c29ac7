import { z } from 'zod'

/** 1–255 printable ASCII characters, spaces included (the IETF httpapi draft leaves the format to the API). */
export const IDEMPOTENCY_KEY_PATTERN = /^[\x20-\x7e]{1,255}$/

/** The Idempotency-Key request header of the creates that honour it (plugins/idempotency.ts). */
export const IdempotencyKeyHeaders = z.object({
  'idempotency-key': z
    .string()
    .regex(IDEMPOTENCY_KEY_PATTERN, 'Must be 1–255 printable ASCII characters')
    .optional()
    .describe(
      'Makes a retry safe: a unique value per create (a UUID, say). The same key with the same body from the same API key, within 24 h, answers the stored response without creating again (with `Idempotency-Replayed: true`); with another body, 422; while the first request is still running, 409.',
    ),
})
