import { describe, expect, it } from 'vitest'
import { articleWrites, PUBLISHABLE } from '../../helpers/article-writes.js'
import { createByline } from '../../helpers/factories.js'
import { paths, problem, useTestApp } from '../../helpers/test-app.js'
import { UNKNOWN_ID } from '../../helpers/time.js'
import type { ArticleBody } from '../../helpers/types.js'

const ctx = useTestApp()
const { post, get, created, unchanged } = articleWrites(ctx)

describe('POST /v1/articles', () => {
  describe('bylines', () => {
    it('writes "By Ana Ruiz" for one author', async () => {
      await createByline(ctx, { name: 'Ana Ruiz' })
      const a = await created({
        headline: 'One',
        bylines: [{ byline: 'ana-ruiz', role: 'author' }],
      })
      expect(a.bylineText).toBe('By Ana Ruiz')
    })

    it('writes "By Ana Ruiz and Li Wei" for two authors', async () => {
      await createByline(ctx, { name: 'Ana Ruiz' })
      await createByline(ctx, { name: 'Li Wei' })
      const a = await created({
        headline: 'Two',
        bylines: [{ byline: 'ana-ruiz' }, { byline: 'li-wei' }],
      })
      expect(a.bylineText).toBe('By Ana Ruiz and Li Wei')
    })

    it('writes "By Ana Ruiz, Li Wei and Sam Roe" for three authors', async () => {
      for (const name of ['Ana Ruiz', 'Li Wei', 'Sam Roe']) await createByline(ctx, { name })
      const a = await created({
        headline: 'Three',
        bylines: [{ byline: 'ana-ruiz' }, { byline: 'li-wei' }, { byline: 'sam-roe' }],
      })
      expect(a.bylineText).toBe('By Ana Ruiz, Li Wei and Sam Roe')
    })

    it('writes the agency name alone for agency-only copy', async () => {
      await createByline(ctx, { name: 'AMPE', kind: 'agency' })
      const a = await created({ headline: 'Agency', bylines: [{ byline: 'ampe', role: 'author' }] })
      expect(a.bylineText).toBe('AMPE')
    })

    it('writes no byline text for a photographer-only credit', async () => {
      await createByline(ctx, { name: 'Sam Roe' })
      const a = await created({
        headline: 'Photo',
        bylines: [{ byline: 'sam-roe', role: 'photographer' }],
      })
      expect(a.bylines).toHaveLength(1)
      expect(a.bylineText).toBeNull()
    })

    it('writes no byline text when nobody is credited', async () => {
      const a = await created({ headline: 'Nobody', creditLine: 'Staff' })
      expect(a.bylineText).toBeNull()
    })

    it('keeps the credit order and embeds each byline with id, name, slug, kind and role', async () => {
      const sam = await createByline(ctx, { name: 'Sam Roe', kind: 'contributor' })
      const ana = await createByline(ctx, { name: 'Ana Ruiz' })
      const ampe = await createByline(ctx, { name: 'AMPE', kind: 'agency' })
      const a = await created({
        headline: 'Ordered',
        bylines: [
          { byline: sam.id, role: 'author' },
          { byline: 'ana-ruiz', role: 'photographer' },
          { byline: ampe.slug, role: 'contributor' },
          { byline: ana.id.toUpperCase(), role: 'translator' },
        ],
      })
      expect(a.bylines).toEqual([
        { id: sam.id, name: 'Sam Roe', slug: 'sam-roe', kind: 'contributor', role: 'author' },
        { id: ana.id, name: 'Ana Ruiz', slug: 'ana-ruiz', kind: 'staff', role: 'photographer' },
        { id: ampe.id, name: 'AMPE', slug: 'ampe', kind: 'agency', role: 'contributor' },
        { id: ana.id, name: 'Ana Ruiz', slug: 'ana-ruiz', kind: 'staff', role: 'translator' },
      ])
      expect(a.bylineText).toBe('By Sam Roe')
      expect((await get(a.id)).body.bylines).toEqual(a.bylines)
    })

    it('defaults a credit role to author', async () => {
      await createByline(ctx, { name: 'Ana Ruiz' })
      const a = await created({ headline: 'Default role', bylines: [{ byline: 'ana-ruiz' }] })
      expect(a.bylines[0]?.role).toBe('author')
    })

    it('refuses an unknown byline with 422 naming bylines.1.byline and stores nothing', async () => {
      await createByline(ctx, { name: 'Ana Ruiz' })
      const res = await unchanged(() =>
        post({
          headline: 'Unknown byline',
          bylines: [{ byline: 'ana-ruiz' }, { byline: 'nobody-here' }, { byline: UNKNOWN_ID }],
        }),
      )
      const body = problem(res, 422)
      expect(paths(body)).toEqual(['bylines.1.byline', 'bylines.2.byline'])
      const list = await ctx.api.get('/v1/articles').set('authorization', ctx.auth.editor)
      expect(list.body.items).toEqual([])
    })

    it('refuses the same byline credited twice in the same role with 422', async () => {
      const ana = await createByline(ctx, { name: 'Ana Ruiz' })
      const body = problem(
        await unchanged(() =>
          post({ headline: 'Twice', bylines: [{ byline: 'ana-ruiz' }, { byline: ana.id }] }),
        ),
        422,
      )
      expect(paths(body)).toEqual(['bylines.1'])
    })

    it('refuses an unknown role, naming bylines.0.role', async () => {
      await createByline(ctx, { name: 'Ana Ruiz' })
      const body = problem(
        await unchanged(() =>
          post({ headline: 'Role', bylines: [{ byline: 'ana-ruiz', role: 'ghost' }] }),
        ),
        400,
      )
      expect(paths(body)).toContain('bylines.0.role')
    })
  })

  describe('publication', () => {
    it('stamps publishedAt with the clock time when published without one', async () => {
      ctx.clock.set('2026-07-04T08:30:15.123Z')
      const a = await created({ headline: 'Published now', status: 'published', ...PUBLISHABLE })
      expect(a.status).toBe('published')
      expect(a.publishedAt).toBe('2026-07-04T08:30:15.123Z')
      expect(a.createdAt).toBe('2026-07-04T08:30:15.123Z')
    })

    it('keeps an explicit future publishedAt', async () => {
      const a = await created({
        headline: 'Embargoed',
        status: 'published',
        publishedAt: '2026-12-24T18:00:00+01:00',
        ...PUBLISHABLE,
      })
      expect(a.publishedAt).toBe('2026-12-24T17:00:00.000Z')
      // Published with a time still to come: editors see it as scheduled.
      expect(a.status).toBe('scheduled')
      const read = (await get(a.id)).body as ArticleBody
      expect(read.publishedAt).toBe('2026-12-24T17:00:00.000Z')
      expect(read.status).toBe('scheduled')
    })

    it('refuses to publish without a body or anyone to credit with 422 naming body and bylines, storing nothing', async () => {
      for (const fields of [{}, { body: ' \n\t ', creditLine: '   ' }]) {
        const res = await unchanged(() =>
          post({ headline: 'Not ready', status: 'published', ...fields }),
        )
        expect(paths(problem(res, 422))).toEqual(['body', 'bylines'])
      }
      expect(
        paths(
          problem(
            await unchanged(() =>
              post({ headline: 'No credit', status: 'published', body: 'Text.' }),
            ),
            422,
          ),
        ),
      ).toEqual(['bylines'])
      expect(
        paths(
          problem(
            await unchanged(() =>
              post({ headline: 'No body', status: 'published', creditLine: 'AMPE' }),
            ),
            422,
          ),
        ),
      ).toEqual(['body'])
    })

    it('publishes with a byline, or a credit line, as the credit', async () => {
      await createByline(ctx, { name: 'Ana Ruiz' })
      const byline = await created({
        headline: 'Bylined',
        status: 'published',
        body: 'Text.',
        bylines: [{ byline: 'ana-ruiz' }],
      })
      expect(byline).toMatchObject({
        status: 'published',
        creditLine: null,
        bylineText: 'By Ana Ruiz',
      })
      const credited = await created({
        headline: 'Credited',
        status: 'published',
        body: 'Text.',
        creditLine: 'AMPE',
      })
      expect(credited).toMatchObject({ status: 'published', creditLine: 'AMPE', bylines: [] })
    })

    it('refuses a publishedAt that is not an ISO date-time, naming publishedAt', async () => {
      for (const publishedAt of [
        'yesterday',
        '2026-02-30T10:00:00Z',
        '2026-06-01',
        '0000-01-01T00:00:00Z',
        '0001-01-01T00:30:00+01:00',
        '9999-12-31T23:59:59-05:00',
      ]) {
        const body = problem(
          await unchanged(() => post({ headline: 'Bad date', publishedAt })),
          400,
        )
        expect(paths(body)).toContain('publishedAt')
      }
    })

    it('accepts publication times at the edges of years 0001 and 9999', async () => {
      const early = await created({ headline: 'Early', publishedAt: '0001-01-01T00:00:00Z' })
      const late = await created({ headline: 'Late', publishedAt: '9999-12-31T23:59:59.999Z' })
      expect(early.publishedAt).toBe('0001-01-01T00:00:00.000Z')
      expect(late.publishedAt).toBe('9999-12-31T23:59:59.999Z')
    })

    it('refuses an unknown status', async () => {
      const body = problem(await unchanged(() => post({ headline: 'Status', status: 'live' })), 400)
      expect(paths(body)).toContain('status')
    })
  })
})
