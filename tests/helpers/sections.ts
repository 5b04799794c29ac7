import type { TestContext } from './test-app.js'

export interface SectionBody {
  id: string
  slug: string
  name: string
  description: string | null
  position: number
  parent: { slug: string; name: string } | null
  seoTitle: string | null
  seoDescription: string | null
  version: number
  createdAt: string
  updatedAt: string
  articles?: {
    items: { slug: string; [key: string]: unknown }[]
    page: { nextCursor: string | null }
  }
}

const keyed = <T extends { set(name: string, value: string): T }>(req: T, auth: string | null) =>
  auth === null ? req : req.set('authorization', auth)

/** Requests to /v1/sections, as the test app's admin unless `auth` says otherwise (null: anonymous). */
export function sectionRequests(ctx: TestContext) {
  const url = (ref = '') => `/v1/sections${ref ? `/${encodeURIComponent(ref)}` : ''}`
  return {
    post: (body: unknown, auth: string | null = ctx.auth.admin) =>
      keyed(ctx.api.post(url()), auth).send(body as object),
    patch: (
      ref: string,
      body: unknown,
      headers: Record<string, string> = {},
      auth: string | null = ctx.auth.admin,
    ) => {
      const req = keyed(ctx.api.patch(url(ref)), auth)
      for (const [name, value] of Object.entries(headers)) req.set(name, value)
      return req.send(body as object)
    },
    del: (
      ref: string,
      headers: Record<string, string> = {},
      auth: string | null = ctx.auth.admin,
    ) => {
      const req = keyed(ctx.api.delete(url(ref)), auth)
      for (const [name, value] of Object.entries(headers)) req.set(name, value)
      return req
    },
    get: (ref: string, query = '', auth: string | null = null) =>
      keyed(ctx.api.get(`${url(ref)}${query}`), auth),
    list: (query = '', auth: string | null = null) => keyed(ctx.api.get(`${url()}${query}`), auth),
    /** Sections, their old slugs, tags and audit entries: what a refused request must leave alone. */
    async counts() {
      const p = ctx.db.prisma
      return {
        ...(await ctx.snapshot()),
        sections: await p.section.count(),
        sectionVersions: (await p.section.aggregate({ _sum: { version: true } }))._sum.version,
        oldSlugs: await p.sectionSlugRedirect.count(),
        tags: await p.tag.count(),
        tagVersions: (await p.tag.aggregate({ _sum: { version: true } }))._sum.version,
        tagSlugs: await p.tagSlugRedirect.count(),
        audit: await p.auditEntry.count(),
      }
    },
  }
}
