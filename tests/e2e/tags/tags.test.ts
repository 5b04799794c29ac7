import { describe, expect, it } from 'vitest'
import { createKey } from '../../../src/modules/keys/keys.service.js'
import { createArticle } from '../../helpers/factories.js'
import { sectionRequests } from '../../helpers/sections.js'
import { paths, problem, useTestApp } from '../../helpers/test-app.js'
import { at, HOUR } from '../../helpers/time.js'

const ctx = useTestApp()
const { counts } = sectionRequests(ctx)

const published = { status: 'published', publishedAt: at(-HOUR) }

const keyed = <T extends { set(name: string, value: string): T }>(req: T, auth: string | null) =>
  auth === null ? req : req.set('authorization', auth)
const patchTag = (ref: string, body: unknown, auth: string | null = ctx.auth.admin) =>
  keyed(ctx.api.patch(`/v1/tags/${ref}`), auth).send(body as object)
const merge = (ref: string, body: unknown, auth: string | null = ctx.auth.admin) =>
  keyed(ctx.api.post(`/v1/tags/${ref}/merge`), auth).send(body as object)
const tagsOf = async (ref: string) =>
  (await ctx.api.get(`/v1/articles/${ref}`).set('authorization', ctx.auth.editor)).body.tags

async function refused(run: () => PromiseLike<{ status: number }>, status: number) {
  const before = await counts()
  const res = await run()
  const p = problem(res as never, status) as ReturnType<typeof problem> & Record<string, unknown>
  expect(await counts()).toEqual(before)
  return p
}

describe('/v1/tags', () => {
  it('creates a tag the first time an article uses it, and finds it again by slug or name', async () => {
    const a = await createArticle(ctx, { slug: 'a', tags: ['Climate Change', 'water', '東京'] })
    expect(a.tags).toEqual(['climate-change', 'water', '東京'])
    const b = await createArticle(ctx, { slug: 'b', tags: ['climate change', 'climate-change'] })
    expect(b.tags).toEqual(['climate-change'])
    const list = await ctx.api.get('/v1/tags')
    expect(list.status).toBe(200)
    expect(list.body.items.map((t: { slug: string; name: string }) => [t.slug, t.name])).toEqual([
      ['climate-change', 'Climate Change'],
      ['water', 'water'],
      ['東京', '東京'],
    ])
    const one = await ctx.api.get('/v1/tags/climate-change')
    expect(one.body).toMatchObject({ slug: 'climate-change', name: 'Climate Change', version: 1 })
    expect((await ctx.api.get(`/v1/tags/${one.body.id}`)).body).toEqual(one.body)
    problem(await ctx.api.get('/v1/tags/nothing'), 404)
  })

  it('pages through tags by name with a cursor', async () => {
    await createArticle(ctx, { tags: ['delta', 'alpha', 'charlie', 'bravo'] })
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const page: { body: { items: { slug: string }[]; page: { nextCursor: string | null } } } =
        await ctx.api.get(`/v1/tags?limit=3${cursor ? `&cursor=${cursor}` : ''}`)
      seen.push(...page.body.items.map((t) => t.slug))
      cursor = page.body.page.nextCursor
    } while (cursor)
    expect(seen).toEqual(['alpha', 'bravo', 'charlie', 'delta'])
    problem(await ctx.api.get('/v1/tags?cursor=forged'), 400)
    problem(await ctx.api.get('/v1/tags?limit=0'), 400)
  })

  it('renames a tag: articles follow, and the old slug answers 308 here and in list filters', async () => {
    const a = await createArticle(ctx, { slug: 'a', tags: ['first', 'water'], ...published })
    const res = await patchTag('water', { slug: 'fresh-water', name: 'Fresh water' })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ slug: 'fresh-water', name: 'Fresh water', version: 2 })
    expect(await tagsOf('a')).toEqual(['first', 'fresh-water'])
    const moved = await ctx.api.get('/v1/tags/water')
    expect(moved.status).toBe(308)
    expect(moved.headers.location).toBe('/v1/tags/fresh-water')
    const list = await ctx.api.get('/v1/articles?tag=water&limit=5')
    expect(list.status).toBe(308)
    expect(list.headers.location).toBe('/v1/articles?tag=fresh-water&limit=5')
    const followed = await ctx.api.get(String(list.headers.location))
    expect(followed.body.items.map((i: { id: string }) => i.id)).toEqual([a.id])
    // Writing the old name or slug files the story under the renamed tag.
    const b = await createArticle(ctx, { tags: ['water'] })
    expect(b.tags).toEqual(['fresh-water'])
  })

  it('refuses bad renames with 4xx naming the field, and keys below chief with 401/403', async () => {
    await createArticle(ctx, { tags: ['water', 'fire'] })
    expect(paths(await refused(() => patchTag('water', { slug: 'Not a slug' }), 400))).toEqual([
      'slug',
    ])
    expect(new Set(paths(await refused(() => patchTag('water', { name: '' }), 400)))).toEqual(
      new Set(['name']),
    )
    expect(paths(await refused(() => patchTag('water', { colour: 'blue' }), 400))).toEqual([
      'colour',
    ])
    expect((await refused(() => patchTag('water', { slug: 'fire' }), 409)).field).toBe('slug')
    await refused(() => patchTag('water', { name: 'H2O' }, null), 401)
    await refused(() => patchTag('water', { name: 'H2O' }, ctx.auth.editor), 403)
    await refused(() => merge('water', { into: 'fire' }, ctx.auth.editor), 403)
    const { key } = await createKey(ctx.db.prisma, { name: 'test chief', role: 'chief' })
    expect((await patchTag('water', { name: 'Water' }, `Bearer ${key}`)).status).toBe(200)
    await refused(() => patchTag('nothing', { name: 'x' }), 404)
  })

  it('merges a tag into another: articles list the target once, and the old slug answers 308', async () => {
    await createArticle(ctx, { slug: 'both', tags: ['flood', 'rain', 'storm'], ...published })
    await createArticle(ctx, { slug: 'only', tags: ['flood'], ...published })
    await createArticle(ctx, { slug: 'other', tags: ['rain'], ...published })
    const res = await merge('flood', { into: 'rain' })
    expect(res.status).toBe(200)
    expect(res.body.slug).toBe('rain')
    expect(await tagsOf('both')).toEqual(['rain', 'storm'])
    expect(await tagsOf('only')).toEqual(['rain'])
    expect(await tagsOf('other')).toEqual(['rain'])
    expect((await ctx.api.get('/v1/tags/flood')).headers.location).toBe('/v1/tags/rain')
    expect((await ctx.api.get('/v1/tags')).body.items.map((t: { slug: string }) => t.slug)).toEqual(
      ['rain', 'storm'],
    )
    const list = await ctx.api.get('/v1/articles?tag=flood')
    expect(list.status).toBe(308)
    expect(list.headers.location).toBe('/v1/articles?tag=rain')
    // A merge of the target later carries the first redirect along.
    await createArticle(ctx, { tags: ['weather'] })
    await merge('rain', { into: 'weather' }).expect(200)
    expect((await ctx.api.get('/v1/tags/flood')).headers.location).toBe('/v1/tags/weather')
    expect((await createArticle(ctx, { tags: ['Flood'] })).tags).toEqual(['weather'])
  })

  it('refuses to merge into an unknown tag or into itself with 422 naming into', async () => {
    await createArticle(ctx, { tags: ['flood'] })
    expect(paths(await refused(() => merge('flood', { into: 'nothing' }), 422))).toEqual(['into'])
    expect(paths(await refused(() => merge('flood', { into: 'flood' }), 422))).toEqual(['into'])
    expect(paths(await refused(() => merge('flood', {}), 400))).toEqual(['into'])
    await refused(() => merge('nothing', { into: 'flood' }), 404)
  })

  it('purges cached articles and lists when a tag is renamed', async () => {
    await createArticle(ctx, { slug: 'a', tags: ['water'], ...published })
    for (const url of ['/v1/articles/a', '/v1/articles?tag=water', '/v1/tags']) {
      await ctx.api.get(url).expect(200)
      expect((await ctx.api.get(url)).headers['x-cache'], url).toBe('HIT')
    }
    await patchTag('water', { slug: 'h2o', name: 'H2O' }).expect(200)
    expect((await ctx.api.get('/v1/articles/a')).body.tags).toEqual(['h2o'])
    expect((await ctx.api.get('/v1/articles?tag=water')).status).toBe(308)
    expect((await ctx.api.get('/v1/tags')).body.items[0].name).toBe('H2O')
  })
})
