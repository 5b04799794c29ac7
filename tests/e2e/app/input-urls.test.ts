import { describe, expect, it } from 'vitest'
import { createArticle, createByline } from '../../helpers/factories.js'
import { createSlot } from '../../helpers/slots.js'
import { problem, useTestApp } from '../../helpers/test-app.js'

const ctx = useTestApp()

/** URLs that must not reach readers, whichever field they are sent in. */
const TRICKS = [
  'https://good.com@evil.com/',
  'https://good.com:pw@evil.com/',
  'https://evil.com\\@good.com/',
  'https:\\\\evil.com/',
  'javascript:alert(1)',
  'data:image/png;base64,AAAA',
  'ftp://example.com/a.jpg',
  '//example.com/a.jpg',
  'https://localhost/a.jpg',
  'https://cdn.localhost/a.jpg',
  'https://intranet/a.jpg',
  'https://127.0.0.1/a.jpg',
  'https://0x7f.1/a.jpg',
  'https://2130706433/a.jpg',
  'https://017700000001/a.jpg',
  'https://10.0.0.1/a.jpg',
  'https://169.254.169.254/latest/meta-data',
  'https://224.0.0.1/a.jpg',
  'https://[::1]/a.jpg',
  'https://[::ffff:127.0.0.1]/a.jpg',
  'https://[::ffff:a00:1]/a.jpg',
  'https://[fc00::1]/a.jpg',
  'https://[fe80::1]/a.jpg',
  'https://[ff02::1]/a.jpg',
  'https://example.com/a b.jpg',
  `https://example.com/${'a'.repeat(2000)}`,
]

const GOOD = 'https://images.example.com/harbour.jpg'

type Field = {
  name: string
  path: string
  method: 'post' | 'patch' | 'put'
  url: () => string
  body: (url: string) => object
}

describe('one URL rule for every URL field', () => {
  async function fields(): Promise<Field[]> {
    const article = await createArticle(ctx)
    const byline = await createByline(ctx, { name: 'Li Wei' })
    // The link is the only item: this slot lets a sponsored item come first.
    await createSlot(ctx, { allowSponsored: true, sponsoredPositions: [1, 2] })
    const external = (over: object) => ({
      type: 'external',
      url: GOOD,
      title: 'Cruise',
      sponsor: 'Delta',
      ...over,
    })
    return [
      {
        name: 'create article heroImage.url',
        path: 'heroImage.url',
        method: 'post',
        url: () => '/v1/articles',
        body: (url) => ({ headline: 'x', heroImage: { url, alt: 'A harbour' } }),
      },
      {
        name: 'create article canonicalUrl',
        path: 'canonicalUrl',
        method: 'post',
        url: () => '/v1/articles',
        body: (url) => ({ headline: 'x', canonicalUrl: url }),
      },
      {
        name: 'update article heroImage.url',
        path: 'heroImage.url',
        method: 'patch',
        url: () => `/v1/articles/${article.id}`,
        body: (url) => ({ heroImage: { url, alt: 'A harbour' } }),
      },
      {
        name: 'update article canonicalUrl',
        path: 'canonicalUrl',
        method: 'patch',
        url: () => `/v1/articles/${article.id}`,
        body: (url) => ({ canonicalUrl: url }),
      },
      {
        name: 'create byline avatarUrl',
        path: 'avatarUrl',
        method: 'post',
        url: () => '/v1/bylines',
        body: (url) => ({ name: 'Ana', avatarUrl: url }),
      },
      {
        name: 'create byline links',
        path: 'links.1.url',
        method: 'post',
        url: () => '/v1/bylines',
        body: (url) => ({
          name: 'Ana',
          links: [
            { label: 'Web', url: GOOD },
            { label: 'X', url },
          ],
        }),
      },
      {
        name: 'update byline avatarUrl',
        path: 'avatarUrl',
        method: 'patch',
        url: () => `/v1/bylines/${byline.id}`,
        body: (url) => ({ avatarUrl: url }),
      },
      {
        name: 'update byline links',
        path: 'links.0.url',
        method: 'patch',
        url: () => `/v1/bylines/${byline.id}`,
        body: (url) => ({ links: [{ label: 'Web', url }] }),
      },
      {
        name: 'slot item url',
        path: 'items.0.url',
        method: 'put',
        url: () => '/v1/slots/you-may-also-like/items',
        body: (url) => ({ items: [external({ url })] }),
      },
      {
        name: 'slot item imageUrl',
        path: 'items.0.imageUrl',
        method: 'put',
        url: () => '/v1/slots/you-may-also-like/items',
        body: (url) => ({ items: [external({ imageUrl: url })] }),
      },
      {
        name: "an article's slot item url",
        path: 'items.0.url',
        method: 'put',
        url: () => `/v1/articles/${article.id}/slots/you-may-also-like`,
        body: (url) => ({ items: [external({ url })] }),
      },
    ]
  }

  it('every trick is a 400 naming the field, in every URL field, and nothing is stored', async () => {
    const all = await fields()
    const before = await ctx.snapshot()
    for (const field of all) {
      for (const trick of TRICKS) {
        const res = await ctx.api[field.method](field.url())
          .set('authorization', ctx.auth.admin)
          .send(field.body(trick))
        const p = problem(res, 400)
        expect(
          p.errors?.map((e) => e.path),
          `${field.name}: ${trick}`,
        ).toEqual([field.path])
      }
    }
    expect(await ctx.snapshot()).toEqual(before)
  })

  it('a public https URL is accepted in every URL field', async () => {
    for (const field of await fields()) {
      const req = ctx.api[field.method](field.url()).set('authorization', ctx.auth.admin)
      // Changes need the ETag just read.
      if (field.method === 'patch')
        req.set(
          'if-match',
          String(
            (await ctx.api.get(field.url()).set('authorization', ctx.auth.admin)).headers.etag,
          ),
        )
      const res = await req.send(field.body(GOOD))
      expect(res.status, `${field.name}: ${JSON.stringify(res.body)}`).toBeLessThan(300)
    }
  })

  it('the messages say what is wrong', async () => {
    const send = (url: string) =>
      ctx.api
        .post('/v1/articles')
        .set('authorization', ctx.auth.editor)
        .send({ headline: 'x', canonicalUrl: url })
    expect(problem(await send('https://good.com@evil.com/'), 400).errors?.[0]?.message).toMatch(
      /user name or password/,
    )
    expect(problem(await send('https://evil.com\\@good.com/'), 400).errors?.[0]?.message).toMatch(
      /backslash/,
    )
    expect(problem(await send('https://0x7f.1/'), 400).errors?.[0]?.message).toMatch(/private/)
    expect(
      problem(await send('http://example.com/'.padEnd(2001, 'a')), 400).errors?.[0]?.message,
    ).toMatch(/2000/)
  })

  it('avatarUrl stays https only', async () => {
    const p = problem(
      await ctx.api
        .post('/v1/bylines')
        .set('authorization', ctx.auth.editor)
        .send({ name: 'Ana', avatarUrl: 'http://images.example.com/a.jpg' }),
      400,
    )
    expect(p.errors).toEqual([{ path: 'avatarUrl', message: expect.stringContaining('https') }])
  })
})
