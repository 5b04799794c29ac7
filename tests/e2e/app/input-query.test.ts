import { describe, expect, it } from 'vitest'
import { createArticle } from '../../helpers/factories.js'
import { problem, useTestApp } from '../../helpers/test-app.js'

const ctx = useTestApp()

const get = (path: string) => ctx.api.get(path).set('authorization', ctx.auth.admin)

describe('whole numbers in query strings and paths', () => {
  const LIMITED = ['/v1/articles', '/v1/bylines', '/v1/keys', '/v1/audit']
  // Written as sent: %20 is a space, %2B a plus sign.
  const NOT_PLAIN_DIGITS = ['0x10', '%205', '5%20', '1e2', '5.0', '%2B5', '-1', '', '0', '101', '5,6', 'Infinity', '0b11', '1_0']

  it.each(LIMITED)('%s: limit other than plain digits in range is a 400 naming query.limit', async (path) => {
    for (const value of NOT_PLAIN_DIGITS) {
      const p = problem(await get(`${path}?limit=${value}`), 400)
      expect(p.errors?.map((e) => e.path), `limit=${value}`).toEqual(['query.limit'])
      expect(p.errors?.[0]?.message).toContain('whole number from 1 to 100')
    }
  })

  it.each(LIMITED)('%s: limit=5 and no limit at all are fine', async (path) => {
    const five = await get(`${path}?limit=5`)
    expect(five.status).toBe(200)
    expect(five.body.page.limit).toBe(5)
    const none = await get(path)
    expect(none.status).toBe(200)
    expect(none.body.page.limit).toBe(20)
  })

  it('revision numbers in the path and `against` take plain digits only', async () => {
    const article = await createArticle(ctx)
    const base = `/v1/articles/${article.id}/revisions`
    expect((await get(`${base}/1`)).status).toBe(200)
    for (const version of ['0x1', '1.0', '1e0', '%201']) {
      expect(problem(await get(`${base}/${version}`), 400).errors?.map((e) => e.path), version).toEqual(['path.version'])
    }
    expect((await get(`${base}/1/diff?against=1`)).status).toBe(200)
    for (const against of ['0x1', '1.0', '1e0', '']) {
      expect(problem(await get(`${base}/1/diff?against=${against}`), 400).errors?.map((e) => e.path), against).toEqual(['query.against'])
    }
  })
})
