import { expect } from 'vitest'
import type { TestContext } from './test-app.js'

export type Byline = {
  id: string
  slug: string
  name: string
  kind: 'staff' | 'contributor' | 'agency'
  jobTitle: string | null
  bio: string | null
  avatarUrl: string | null
  links: { label: string; url: string }[]
  version: number
  createdAt: string
  updatedAt: string
}
export type BylineList = { items: Byline[]; page: { limit: number; nextCursor: string | null } }

/** The distinct fields a validation problem names (one field may carry several messages). */
export const paths = (body: { errors?: { path: string }[] }) => [
  ...new Set((body.errors ?? []).map((e) => e.path)),
]

export const post = (c: TestContext, body: unknown) =>
  c.api
    .post('/v1/bylines')
    .set('authorization', c.auth.editor)
    .send(body as object)
export const patch = (c: TestContext, ref: string, body: unknown) =>
  c.api
    .patch(`/v1/bylines/${encodeURIComponent(ref)}`)
    .set('authorization', c.auth.editor)
    .send(body as object)

/** Anonymous reads of /v1/bylines, and the check that a refused write changed nothing. */
export function bylineRequests(ctx: TestContext) {
  const get = (ref: string) => ctx.api.get(`/v1/bylines/${encodeURIComponent(ref)}`)
  const list = (query: Record<string, string | number> = {}) =>
    ctx.api.get('/v1/bylines').query(query)

  /** Runs a request that must be rejected and asserts that it changed nothing in the database. */
  async function unchanged<T>(run: () => Promise<T>): Promise<T> {
    const before = await ctx.snapshot()
    const result = await run()
    expect(await ctx.snapshot()).toEqual(before)
    return result
  }

  return { get, list, unchanged }
}
