import { createArticle, createByline, ensureSections } from './factories.js'
import type { TestContext } from './test-app.js'
import { MINUTE } from './time.js'
import type { ArticleBody } from './types.js'

export interface Snapshot {
  headline: string
  slug: string
  dek: string | null
  body: string
  section: string | null
  tags: string[]
  language: string
  heroImage: unknown
  canonicalUrl: string | null
  creditLine: string | null
  status: string
  publishedAt: string | null
  trashedAt: string | null
  bylines: { bylineId: string; role: string }[]
}

export interface RevisionBody {
  version: number
  keyName: string
  createdAt: string
  article: Snapshot
}

export interface RevisionList {
  items: { version: number; keyName: string; createdAt: string; headline: string }[]
  page: { limit: number; nextCursor: string | null }
}

export interface DiffBody {
  version: number
  against: number
  changes: { field: string; from: unknown; to: unknown }[]
}

const base = (id: string) => `/v1/articles/${encodeURIComponent(id)}`

const keyed = <T extends { set(name: string, value: string): T }>(req: T, auth: string | null) =>
  auth === null ? req : req.set('authorization', auth)

/**
 * Requests to the revision routes of /v1/articles/{id}, as the test app's editor unless `auth`
 * says otherwise (null: anonymous), and the fixtures the revision tests share.
 */
export function articleRevisions(ctx: TestContext) {
  const listRevisions = (id: string, query = '', auth: string | null = ctx.auth.editor) =>
    keyed(ctx.api.get(`${base(id)}/revisions${query}`), auth)
  const getRevision = (
    id: string,
    version: number | string,
    auth: string | null = ctx.auth.editor,
  ) => keyed(ctx.api.get(`${base(id)}/revisions/${version}`), auth)
  const diff = (
    id: string,
    version: number | string,
    against: number | string | undefined,
    auth: string | null = ctx.auth.editor,
  ) =>
    keyed(
      ctx.api.get(
        `${base(id)}/revisions/${version}/diff${against === undefined ? '' : `?against=${against}`}`,
      ),
      auth,
    )
  const restore = (
    id: string,
    version: number | string,
    headers: Record<string, string> = {},
    auth: string | null = ctx.auth.editor,
  ) => {
    const req = keyed(ctx.api.post(`${base(id)}/revisions/${version}/restore`), auth)
    for (const [name, value] of Object.entries(headers)) req.set(name, value)
    return req
  }
  const getArticle = (ref: string, auth: string | null = ctx.auth.editor) =>
    keyed(ctx.api.get(base(ref)), auth)

  /** A PATCH that must succeed; `version` is sent as If-Match. */
  async function edit(
    id: string,
    version: number,
    fields: Record<string, unknown>,
    auth = ctx.auth.editor,
  ): Promise<ArticleBody> {
    const res = await ctx.api
      .patch(base(id))
      .set('authorization', auth)
      .set('if-match', `"${version}"`)
      .send(fields)
    if (res.status !== 200)
      throw new Error(`PATCH ${id}: ${res.status} ${JSON.stringify(res.body)}`)
    return res.body as ArticleBody
  }

  async function revision(id: string, version: number): Promise<RevisionBody> {
    const res = await getRevision(id, version)
    if (res.status !== 200)
      throw new Error(`GET revision ${version}: ${res.status} ${JSON.stringify(res.body)}`)
    return res.body as RevisionBody
  }

  async function revisionCount(articleId: string) {
    return ctx.db.prisma.articleRevision.count({ where: { articleId } })
  }

  /** Row counts, revisions and audit entries: a refused request must leave all of them alone. */
  async function fullSnapshot() {
    return {
      ...(await ctx.snapshot()),
      revisions: await ctx.db.prisma.articleRevision.count(),
      audit: await ctx.db.prisma.auditEntry.count(),
      redirects: await ctx.db.prisma.articleSlugRedirect.count(),
    }
  }

  /** An article at version 3: version 1 as created, version 2 with a new headline and tags, version 3 with everything else changed. */
  async function articleWithTwoEdits() {
    const ana = await createByline(ctx, { name: 'Ana Ruiz' })
    const li = await createByline(ctx, { name: 'Li Wei' })
    const v1 = (await createArticle(ctx, {
      headline: 'Harbour reopens after storm',
      slug: 'harbour-reopens',
      dek: 'Ferries run again.',
      body: 'The harbour reopened on Monday.\n\nFishing boats were first out.',
      section: 'local',
      tags: ['harbour', 'weather'],
      language: 'en',
      heroImage: { url: 'https://img.example.com/harbour.jpg', alt: 'Boats in the harbour' },
      canonicalUrl: 'https://example.com/harbour',
      bylines: [{ byline: ana.slug, role: 'author' }],
      creditLine: 'Additional reporting by the desk',
    })) as unknown as ArticleBody
    ctx.clock.advance(MINUTE)
    const v2 = await edit(v1.id, 1, {
      headline: 'Harbour reopens at last',
      tags: ['harbour', 'ferries'],
    })
    ctx.clock.advance(MINUTE)
    await ensureSections(ctx, 'business')
    const v3 = await edit(
      v1.id,
      2,
      {
        slug: 'harbour-open-again',
        dek: null,
        body: 'Rewritten body.',
        section: 'business',
        language: 'es',
        heroImage: null,
        canonicalUrl: null,
        bylines: [{ byline: li.slug, role: 'photographer' }],
        creditLine: null,
      },
      ctx.auth.admin,
    )
    return { ana, li, v1, v2, v3 }
  }

  return {
    listRevisions,
    getRevision,
    diff,
    restore,
    getArticle,
    edit,
    revision,
    revisionCount,
    fullSnapshot,
    articleWithTwoEdits,
  }
}
