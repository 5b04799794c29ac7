import { describe, expect, it } from 'vitest'
import { articleWrites } from '../../helpers/article-writes.js'
import { createByline } from '../../helpers/factories.js'
import { paths, problem, useTestApp } from '../../helpers/test-app.js'
import { NOW, UNKNOWN_ID } from '../../helpers/time.js'

const ctx = useTestApp()
const { post, created, unchanged, raw } = articleWrites(ctx)

describe('POST /v1/articles', () => {
  describe('validation', () => {
    it('refuses a missing, blank or 301-character headline and accepts 300', async () => {
      for (const fields of [
        {},
        { headline: '' },
        { headline: '   ' },
        { headline: 'x'.repeat(301) },
        { headline: 42 },
      ]) {
        const body = problem(await unchanged(() => post(fields)), 400)
        expect(paths(body)).toContain('headline')
      }
      expect((await created({ headline: 'x'.repeat(300) })).headline).toHaveLength(300)
    })

    it('refuses a 200,001-character body and accepts 200,000', async () => {
      const body = problem(
        await unchanged(() => post({ headline: 'Huge', body: 'a'.repeat(200_001) })),
        400,
      )
      expect(paths(body)).toContain('body')
      expect((await created({ headline: 'Big', body: 'a'.repeat(200_000) })).body).toHaveLength(
        200_000,
      )
    })

    it('refuses a dek over 600 characters', async () => {
      const body = problem(
        await unchanged(() => post({ headline: 'Dek', dek: 'd'.repeat(601) })),
        400,
      )
      expect(paths(body)).toContain('dek')
    })

    it('refuses unknown and read-only fields with 400 naming each of them', async () => {
      const body = problem(
        await unchanged(() =>
          post({
            headline: 'Mass assignment',
            id: UNKNOWN_ID,
            version: 7,
            createdAt: NOW,
            updatedAt: NOW,
            bogus: true,
          }),
        ),
        400,
      )
      expect(paths(body)).toEqual(
        expect.arrayContaining(['id', 'version', 'createdAt', 'updatedAt', 'bogus']),
      )
    })

    it('refuses an unknown field inside a hero image or a credit', async () => {
      await createByline(ctx, { name: 'Ana Ruiz' })
      const body = problem(
        await unchanged(() =>
          post({
            headline: 'Nested',
            heroImage: { url: 'https://img.example.com/a.jpg', alt: 'a', width: 10 },
            bylines: [{ byline: 'ana-ruiz', position: 3 }],
          }),
        ),
        400,
      )
      expect(paths(body)).toEqual(expect.arrayContaining(['heroImage.width', 'bylines.0.position']))
    })

    it('refuses a JSON body that is not an object with 400', async () => {
      for (const text of ['null', '[]', '"headline"', '42']) {
        problem(await unchanged(() => raw('post', '/v1/articles', text)), 400)
      }
    })

    it('refuses prototype-poisoning keys with 400', async () => {
      problem(
        await unchanged(() =>
          raw('post', '/v1/articles', '{"headline":"x","__proto__":{"status":"published"}}'),
        ),
        400,
      )
      problem(
        await unchanged(() =>
          raw('post', '/v1/articles', '{"headline":"x","constructor":{"prototype":{"a":1}}}'),
        ),
        400,
      )
    })
  })

  describe('transport and auth', () => {
    it('refuses an anonymous write with 401 and a Bearer challenge', async () => {
      const res = await unchanged(() => post({ headline: 'Anonymous' }, null))
      problem(res, 401)
      expect(res.headers['www-authenticate']).toBe('Bearer')
    })

    it('refuses an anonymous write with 401 even when its body is invalid', async () => {
      problem(await unchanged(() => post({ bogus: true }, null)), 401)
    })

    it('refuses a garbage or malformed key with 401', async () => {
      for (const auth of ['Bearer not-a-real-key', 'Bearer ', 'Basic dXNlcjpwYXNz', 'garbage']) {
        problem(await unchanged(() => post({ headline: 'Garbage key' }, auth)), 401)
      }
    })

    it('refuses a text/plain body with 415', async () => {
      problem(
        await unchanged(() => raw('post', '/v1/articles', '{"headline":"Plain"}', 'text/plain')),
        415,
      )
    })

    it('refuses malformed JSON with 400', async () => {
      problem(await unchanged(() => raw('post', '/v1/articles', '{"headline": "Broken",')), 400)
      problem(await unchanged(() => raw('post', '/v1/articles', '')), 400)
    })

    it('refuses a body over 1 MiB with 413', async () => {
      const text = JSON.stringify({ headline: 'Huge', body: 'a'.repeat(1024 * 1024) })
      problem(await unchanged(() => raw('post', '/v1/articles', text)), 413)
    })
  })
})
