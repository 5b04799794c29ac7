// The README's tour, written as a frontend team would write it: openapi-fetch over the types
// openapi-typescript generates from openapi.yaml. tests/contract/typed-client.test.ts copies it
// next to freshly generated types (./api.ts, not committed), type-checks it with `tsc --strict`
// and runs it against a server. The @ts-expect-error lines are checks too: each must stay an error.
import createClient from 'openapi-fetch'
import type { components, paths } from './api.js'

type Article = components['schemas']['Article']

const baseUrl = process.env.API_URL
const adminKey = process.env.ADMIN_KEY
if (!baseUrl || !adminKey) throw new Error('API_URL and ADMIN_KEY are needed')

function check(condition: unknown, what: string): asserts condition {
  if (!condition) throw new Error(`failed: ${what}`)
}

const bearer = (key: string) => ({ Authorization: `Bearer ${key}` })
const anonymous = createClient<paths>({ baseUrl })
const admin = createClient<paths>({ baseUrl, headers: bearer(adminKey) })

// An admin creates a key for an editor; the secret is in "key", shown once.
const created = await admin.POST('/v1/keys', { body: { name: 'night desk', role: 'editor' } })
check(created.response.status === 201 && created.data, `create a key: ${created.response.status}`)
const editor = createClient<paths>({ baseUrl, headers: bearer(created.data.key) })

// Sections are resources: an admin sets up the one the story names (an unknown one is a 422).
const world = await admin.POST('/v1/sections', { body: { name: 'World' } })
check(world.data?.slug === 'world', `create a section: ${JSON.stringify(world.error)}`)

// The editor adds a byline and posts a draft credited to it: the README's bodies as they are.
const byline = await editor.POST('/v1/bylines', {
  body: { name: 'Ana Ruiz', kind: 'staff', jobTitle: 'Europe correspondent' },
})
check(byline.data?.slug === 'ana-ruiz', `create a byline: ${JSON.stringify(byline.error)}`)

const draft = await editor.POST('/v1/articles', {
  body: {
    headline: 'Ministers hail “a new chapter” in river talks',
    dek: 'Seven states agree how to share the Serava in dry years.',
    body: 'The agreement was signed in Geneva on Tuesday.\n\nIt takes effect next spring.',
    section: 'world',
    tags: ['water', 'diplomacy'],
    bylines: [{ byline: 'ana-ruiz', role: 'author' }],
  },
})
check(draft.data, `create an article: ${JSON.stringify(draft.error)}`)
const slug = draft.data.slug
check(slug === 'ministers-hail-a-new-chapter-in-river-talks', `the slug: ${slug}`)
check(draft.data.status === 'draft' && draft.data.version === 1, 'a draft at version 1')
const etag = draft.response.headers.get('etag')
check(etag === '"1"', `the ETag: ${etag}`)

// Changing it needs If-Match: the generated type requires the header.
await editor.PATCH('/v1/articles/{idOrSlug}', {
  // @ts-expect-error -- If-Match is a required header of this operation
  params: { path: { idOrSlug: slug } },
  body: { dek: 'Without If-Match this does not compile.' },
})
const revised = await editor.PATCH('/v1/articles/{idOrSlug}', {
  params: { path: { idOrSlug: slug }, header: { 'if-match': etag } },
  body: { dek: 'Seven states agree how to share the Serava in dry years, and when.' },
})
check(revised.data?.version === 2, `update with If-Match: ${JSON.stringify(revised.error)}`)

// Publish it, with the ETag of the version read; no body.
const published = await editor.POST('/v1/articles/{idOrSlug}/publish', {
  params: { path: { idOrSlug: slug }, header: { 'if-match': '"2"' } },
})
check(published.data?.status === 'published', `publish: ${JSON.stringify(published.error)}`)

// Anyone reads it by slug, without a key: every field typed as present, none maybe-undefined.
const read = await anonymous.GET('/v1/articles/{idOrSlug}', {
  params: { path: { idOrSlug: slug } },
})
check(read.data, `anonymous read: ${read.response.status}`)
const article: Article = read.data
const headline: string = article.headline
const bodyHtml: string = article.bodyHtml
const bylineText: string | null = article.bylineText
check(headline === 'Ministers hail “a new chapter” in river talks', 'the headline, byte-exact')
check(bodyHtml.startsWith('<p>The agreement was signed'), 'the body as HTML')
check(bylineText === 'By Ana Ruiz', `the byline text: ${bylineText}`)
check(article.bylines[0]?.slug === 'ana-ruiz', 'the credited byline')

// fields= narrows the answer; the client says what it asked for.
const sparse = await anonymous.GET('/v1/articles/{idOrSlug}', {
  params: { path: { idOrSlug: slug }, query: { fields: 'headline,slug' } },
})
const teaser = sparse.data as Pick<Article, 'id' | 'headline' | 'slug'> | undefined
check(teaser?.headline === headline && !('body' in teaser), 'fields=headline,slug')

// Lists: newest first, filtered, paginated.
const list = await anonymous.GET('/v1/articles', {
  params: { query: { section: 'world', tag: 'water', limit: 10 } },
})
check(list.data, `list: ${list.response.status}`)
const nextCursor: string | null = list.data.page.nextCursor
check(nextCursor === null, 'one page')
check(
  list.data.items.some((item) => item.slug === slug),
  'the published story is in the list',
)

// Recommendations: an admin sets up a slot, a related story is published, the page asks.
const slot = await admin.POST('/v1/slots', {
  body: { key: 'more-on-this', label: 'More on this', fill: 'automatic' },
})
check(slot.response.status === 201, `create a slot: ${JSON.stringify(slot.error)}`)
const related = await editor.POST('/v1/articles', {
  body: {
    headline: 'Barges stranded as the Serava falls to a record low',
    body: 'Shipping on the lower Serava has stopped for a week.',
    section: 'world',
    tags: ['water', 'shipping'],
    bylines: [{ byline: 'ana-ruiz' }],
    status: 'published',
  },
})
check(related.data?.status === 'published', `publish on create: ${JSON.stringify(related.error)}`)
const recommendations = await anonymous.GET('/v1/articles/{slug}/recommendations', {
  params: { path: { slug } },
})
check(recommendations.data, `recommendations: ${recommendations.response.status}`)
const [firstSlot] = recommendations.data.slots
check(firstSlot?.key === 'more-on-this', 'the slot')
const titles = firstSlot.items.map((item) => (item.type === 'article' ? item.headline : item.title))
check(titles.includes('Barges stranded as the Serava falls to a record low'), `items: ${titles}`)

console.log(JSON.stringify({ ok: true, slug, recommended: titles }))
