import { Webhook } from 'standardwebhooks'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createArticle } from '../../helpers/factories.js'
import { problem, paths, useTestApp } from '../../helpers/test-app.js'
import { DAY, HOUR } from '../../helpers/time.js'
import { type Receiver, startReceiver } from '../../helpers/webhook-receiver.js'

const ctx = useTestApp({
  events: { allowHttp: true, allowPrivateAddresses: true, timeoutMs: 500 },
})
let receiver: Receiver
let second: Receiver
beforeAll(async () => {
  receiver = await startReceiver()
  second = await startReceiver()
})
afterAll(async () => {
  await receiver?.close()
  await second?.close()
})
beforeEach(() => {
  receiver.received.length = 0
  second.received.length = 0
  receiver.answer(() => ({ status: 204 }))
})

const admin = () => ctx.auth.admin
const drain = () => ctx.app.eventWorkers.drain()

async function subscribe(fields: Record<string, unknown> = {}) {
  const res = await ctx.api
    .post('/v1/webhooks')
    .set('authorization', admin())
    .send({ url: receiver.url, ...fields })
    .expect(201)
  return res.body as { id: string; secret: string; version: number }
}

async function deliveries(id: string) {
  const res = await ctx.api
    .get(`/v1/webhooks/${id}/deliveries`)
    .set('authorization', admin())
    .expect(200)
  return res.body.items as {
    id: string
    messageId: string
    eventType: string
    status: string
    attempts: number
    statusCode: number | null
    error: string | null
    nextAttemptAt: string | null
    responseSnippet: string | null
    durationMs: number | null
  }[]
}

describe('webhook endpoints', () => {
  it('shows the secret once, refuses bad input naming the field, and is admin only', async () => {
    const hook = await subscribe({ types: ['article.published'], description: 'Frontend' })
    expect(hook.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/)
    const got = await ctx.api
      .get(`/v1/webhooks/${hook.id}`)
      .set('authorization', admin())
      .expect(200)
    expect(got.body).toMatchObject({
      url: receiver.url,
      types: ['article.published'],
      enabled: true,
    })
    expect(got.body).not.toHaveProperty('secret')
    const list = await ctx.api.get('/v1/webhooks').set('authorization', admin()).expect(200)
    expect(JSON.stringify(list.body)).not.toContain(hook.secret)

    expect(
      paths(
        problem(
          await ctx.api
            .post('/v1/webhooks')
            .set('authorization', admin())
            .send({ url: 'ftp://x.example/' }),
          400,
        ),
      ),
    ).toEqual(['url'])
    expect(
      paths(
        problem(
          await ctx.api
            .post('/v1/webhooks')
            .set('authorization', admin())
            .send({ url: receiver.url, types: ['nope'] }),
          400,
        ),
      ),
    ).toEqual(['types.0'])
    problem(
      await ctx.api
        .post('/v1/webhooks')
        .set('authorization', ctx.auth.editor)
        .send({ url: receiver.url }),
      403,
    )
    problem(
      await ctx.api
        .get('/v1/webhooks/00000000-0000-7000-8000-000000000000')
        .set('authorization', admin()),
      404,
    )

    const patched = await ctx.api
      .patch(`/v1/webhooks/${hook.id}`)
      .set('authorization', admin())
      .send({ types: null, enabled: false })
      .expect(200)
    expect(patched.body).toMatchObject({
      types: null,
      enabled: false,
      disabledReason: 'Disabled by an admin',
    })
    await ctx.api.delete(`/v1/webhooks/${hook.id}`).set('authorization', admin()).expect(204)
    problem(await ctx.api.get(`/v1/webhooks/${hook.id}`).set('authorization', admin()), 404)
  })
})

describe('deliveries', () => {
  it('delivers each subscribed event once, signed so that standardwebhooks verifies it', async () => {
    const hook = await subscribe({ types: ['article.created'] })
    const story = await createArticle(ctx, { status: 'published' })
    await drain()
    await drain()
    expect(receiver.received).toHaveLength(1)
    const [request] = receiver.received
    const verified = new Webhook(hook.secret).verify(
      request!.body,
      request!.headers as Record<string, string>,
    ) as Record<string, unknown>
    expect(verified).toMatchObject({ type: 'article.created', resource: { id: story.id } })
    expect(request!.headers['webhook-id']).toBe(verified.id)
    expect(() =>
      new Webhook(`whsec_${Buffer.alloc(32).toString('base64')}`).verify(
        request!.body,
        request!.headers as Record<string, string>,
      ),
    ).toThrow()
    const [log] = await deliveries(hook.id)
    expect(log).toMatchObject({
      status: 'delivered',
      attempts: 1,
      statusCode: 204,
      eventType: 'article.created',
    })
  })

  it('retries after a 500 and after a timeout, with the same webhook-id, then succeeds', async () => {
    const hook = await subscribe()
    receiver.answer((_, i) =>
      i === 0
        ? { status: 500, body: 'down for maintenance' }
        : i === 1
          ? { delayMs: 1_500 }
          : { status: 200 },
    )
    await createArticle(ctx)
    await drain()
    let [log] = await deliveries(hook.id)
    expect(log).toMatchObject({
      status: 'pending',
      attempts: 1,
      statusCode: 500,
      responseSnippet: 'down for maintenance',
    })
    expect(Date.parse(log!.nextAttemptAt!) - ctx.clock.now().getTime()).toBeGreaterThanOrEqual(
      4_000,
    )

    await drain() // not due yet
    expect(receiver.received).toHaveLength(1)
    ctx.clock.advance(10_000)
    await drain()
    ;[log] = await deliveries(hook.id)
    expect(log).toMatchObject({ status: 'pending', attempts: 2, statusCode: null })
    expect(log!.error).toMatch(/timeout|abort/i)

    ctx.clock.advance(HOUR)
    await drain()
    ;[log] = await deliveries(hook.id)
    expect(log).toMatchObject({ status: 'delivered', attempts: 3, statusCode: 200 })
    expect(new Set(receiver.received.map((r) => r.headers['webhook-id'])).size).toBe(1)
    const hookNow = await ctx.api
      .get(`/v1/webhooks/${hook.id}`)
      .set('authorization', admin())
      .expect(200)
    expect(hookNow.body.failingSince).toBeNull()
  })

  it('keeps the order of events per resource while one of them is being retried', async () => {
    await subscribe()
    const a = await createArticle(ctx, { headline: 'Alpha' })
    receiver.answer((request) =>
      JSON.parse(request.body).resource.id === a.id && receiver.received.length === 1
        ? { status: 503 }
        : { status: 204 },
    )
    await drain()
    await ctx.api
      .patch(`/v1/articles/${a.id}`)
      .set('authorization', ctx.auth.editor)
      .set('if-match', '"1"')
      .send({ dek: 'one' })
      .expect(200)
    await ctx.api
      .patch(`/v1/articles/${a.id}`)
      .set('authorization', ctx.auth.editor)
      .set('if-match', '"2"')
      .send({ dek: 'two' })
      .expect(200)
    const b = await createArticle(ctx, { headline: 'Beta' })
    await drain()
    // Alpha's updates wait behind its failed create; Beta's event does not.
    expect(
      receiver
        .bodies()
        .map((e) => `${e.type}:${(e.resource as { id: string }).id === a.id ? 'a' : 'b'}`),
    ).toEqual(['article.created:a', 'article.created:b'])
    ctx.clock.advance(HOUR)
    await drain()
    const alpha = receiver.bodies().filter((e) => (e.resource as { id: string }).id === a.id)
    expect(alpha.map((e) => [e.type, (e.resource as { version: number }).version])).toEqual([
      ['article.created', 1],
      ['article.created', 1],
      ['article.updated', 2],
      ['article.updated', 3],
    ])
    expect(b.id).toBeDefined()
  })

  it('redelivers a delivery with the same webhook-id, and sends a ping', async () => {
    const hook = await subscribe()
    await createArticle(ctx)
    await drain()
    const [log] = await deliveries(hook.id)
    const again = await ctx.api
      .post(`/v1/webhooks/${hook.id}/deliveries/${log!.id}/redeliver`)
      .set('authorization', admin())
      .expect(202)
    expect(again.body).toMatchObject({ status: 'pending', attempts: 0 })
    await drain()
    expect(receiver.received.map((r) => r.headers['webhook-id'])).toEqual([
      log!.messageId,
      log!.messageId,
    ])

    const ping = await ctx.api
      .post(`/v1/webhooks/${hook.id}/test`)
      .set('authorization', admin())
      .expect(202)
    await drain()
    expect(receiver.bodies().at(-1)).toMatchObject({
      type: 'webhook.ping',
      id: ping.body.id,
      webhook: { id: hook.id },
    })
    problem(
      await ctx.api
        .post(`/v1/webhooks/${hook.id}/deliveries/00000000-0000-7000-8000-000000000000/redeliver`)
        .set('authorization', admin()),
      404,
    )
  })

  it('signs with the old and the new secret during the grace period after a rotation', async () => {
    const hook = await subscribe()
    const rotated = await ctx.api
      .post(`/v1/webhooks/${hook.id}/rotate-secret`)
      .set('authorization', admin())
      .expect(200)
    expect(rotated.body.secret).not.toBe(hook.secret)
    await createArticle(ctx)
    await drain()
    const [request] = receiver.received
    const headers = request!.headers as Record<string, string>
    expect(headers['webhook-signature']!.split(' ')).toHaveLength(2)
    for (const secret of [hook.secret, rotated.body.secret])
      expect(() => new Webhook(secret).verify(request!.body, headers)).not.toThrow()

    ctx.clock.advance(25 * HOUR)
    await createArticle(ctx, { headline: 'Later' })
    await drain()
    const later = receiver.received[1]!.headers as Record<string, string>
    expect(later['webhook-signature']!.split(' ')).toHaveLength(1)
    expect(() => new Webhook(hook.secret).verify(receiver.received[1]!.body, later)).toThrow()
    expect(() =>
      new Webhook(rotated.body.secret).verify(receiver.received[1]!.body, later),
    ).not.toThrow()
  })

  it('does not follow redirects', async () => {
    const hook = await subscribe()
    receiver.answer(() => ({ status: 302, headers: { location: second.url } }))
    await createArticle(ctx)
    await drain()
    const [log] = await deliveries(hook.id)
    expect(log).toMatchObject({ status: 'pending', statusCode: 302 })
    expect(second.received).toHaveLength(0)
  })

  it('disables an endpoint whose deliveries failed for 3 days, visibly, and resumes when re-enabled', async () => {
    const hook = await subscribe()
    receiver.answer(() => ({ status: 500 }))
    await createArticle(ctx)
    await drain()
    ctx.clock.advance(3 * DAY + HOUR)
    await createArticle(ctx, { headline: 'Another' })
    await drain()
    const disabled = await ctx.api
      .get(`/v1/webhooks/${hook.id}`)
      .set('authorization', admin())
      .expect(200)
    expect(disabled.body).toMatchObject({
      enabled: false,
      disabledReason: 'Every delivery failed for 3 days',
    })
    expect(disabled.body.disabledAt).toBe(ctx.clock.now().toISOString())
    const count = receiver.received.length
    ctx.clock.advance(DAY)
    await drain()
    expect(receiver.received).toHaveLength(count)

    receiver.answer(() => ({ status: 204 }))
    await ctx.api
      .patch(`/v1/webhooks/${hook.id}`)
      .set('authorization', admin())
      .send({ enabled: true })
      .expect(200)
    await drain()
    expect((await deliveries(hook.id)).every((d) => d.status === 'delivered')).toBe(true)
  })
})
