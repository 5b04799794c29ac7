import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deliveryDispatcher } from '../../../src/modules/webhooks/delivery/safe-dispatcher.js'
import { sendWebhook } from '../../../src/modules/webhooks/delivery/send-webhook.js'
import { checkWebhookUrl } from '../../../src/modules/webhooks/webhook-url.js'
import { type Receiver, startReceiver } from '../../helpers/webhook-receiver.js'

// Delivery as production configures it (private addresses refused), against a real receiver on
// 127.0.0.1 that must never be reached.
let receiver: Receiver
const strict = deliveryDispatcher({ allowPrivateAddresses: false, connectTimeoutMs: 1_000 })
beforeAll(async () => {
  receiver = await startReceiver()
})
afterAll(async () => {
  await receiver?.close()
  await strict.close()
})

const send = (url: string) =>
  sendWebhook(strict, url, { 'content-type': 'application/json' }, '{}', 2_000)

describe('safe delivery', () => {
  it('refuses loopback, private, link-local and metadata addresses when connecting', async () => {
    for (const host of [
      '127.0.0.1',
      '[::1]',
      '[::ffff:127.0.0.1]',
      '10.0.0.1',
      '192.168.1.1',
      '169.254.169.254',
    ]) {
      const result = await send(`http://${host}:${receiver.port}/hook`)
      expect(result, host).toMatchObject({ ok: false, statusCode: null })
      expect(result.error, host).toMatch(/not a public address/)
    }
    expect(receiver.received).toHaveLength(0)
  })

  it('refuses a DNS name that resolves to loopback (checked on the address it connects to)', async () => {
    const result = await send(`http://localhost:${receiver.port}/hook`)
    expect(result).toMatchObject({ ok: false, statusCode: null })
    expect(result.error).toMatch(/localhost resolves to .* not a public address/)
    expect(receiver.received).toHaveLength(0)
  })

  it('the same request reaches the receiver when private addresses are allowed (the control)', async () => {
    const open = deliveryDispatcher({ allowPrivateAddresses: true, connectTimeoutMs: 1_000 })
    const result = await sendWebhook(
      open,
      `http://localhost:${receiver.port}/hook`,
      {},
      '{}',
      2_000,
    )
    await open.close()
    expect(result).toMatchObject({ ok: true, statusCode: 204 })
    expect(receiver.received).toHaveLength(1)
  })

  it('reads at most 1 KiB of a response body', async () => {
    const open = deliveryDispatcher({ allowPrivateAddresses: true, connectTimeoutMs: 1_000 })
    receiver.answer(() => ({ status: 500, body: 'x'.repeat(5_000_000) }))
    const result = await sendWebhook(open, receiver.url, {}, '{}', 2_000)
    await open.close()
    expect(result.snippet).toHaveLength(1024)
  })

  it('refuses target URLs that are not https or plainly not public when created', () => {
    const production = { allowHttp: false, allowPrivateAddresses: false }
    for (const url of [
      'http://example.com/hook',
      'https://127.0.0.1/hook',
      'https://localhost/x',
      'https://user:pw@example.com/',
      'https://10.1.2.3/',
    ]) {
      expect(() => checkWebhookUrl(url, production), url).toThrow()
    }
    expect(() => checkWebhookUrl('https://example.com/hook', production)).not.toThrow()
    expect(() =>
      checkWebhookUrl('http://example.com/hook', { ...production, allowHttp: true }),
    ).not.toThrow()
  })
})
