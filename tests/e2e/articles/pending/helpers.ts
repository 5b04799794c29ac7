// Requests of staged edits (src/modules/articles/pending/), shared by the tests of this folder.
import { createArticle } from '../../../helpers/factories.js'
import type { TestContext } from '../../../helpers/test-app.js'

export interface Versioned {
  id: string
  slug: string
  version: number
}

export function pendingRequests(ctx: TestContext) {
  const base = (ref: string) => `/v1/articles/${ref}/pending`
  return {
    /** A published story readers see now. */
    liveStory: (fields: Record<string, unknown> = {}) =>
      createArticle(ctx, {
        status: 'published',
        headline: 'Harbour reopens after storm',
        dek: 'Ferries run again.',
        ...fields,
      }),
    put: (ref: string, version: number | null, body: object, auth = ctx.auth.editor) => {
      const req = ctx.api.put(base(ref)).set('authorization', auth)
      if (version !== null) req.set('if-match', `"${version}"`)
      return req.send(body)
    },
    get: (ref: string, auth = ctx.auth.editor) => ctx.api.get(base(ref)).set('authorization', auth),
    remove: (ref: string, auth = ctx.auth.editor) =>
      ctx.api.delete(base(ref)).set('authorization', auth),
    publish: (ref: string, version: number | null, body?: object, auth = ctx.auth.editor) => {
      const req = ctx.api.post(`${base(ref)}/publish`).set('authorization', auth)
      if (version !== null) req.set('if-match', `"${version}"`)
      return body ? req.send(body) : req
    },
    /** The article as an anonymous reader gets it. */
    read: async (ref: string) => (await ctx.api.get(`/v1/articles/${ref}`)).body,
  }
}
