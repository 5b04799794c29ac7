// What the benchmark measures, and the probes that tell whether a feature the issue asks for
// (search, 304 revalidation, a response cache) exists yet. Nothing here names a feature as
// missing for good: the probes run against the server every time, so when a feature lands the
// same harness measures it and the report stops saying "not implemented yet".
import { readFileSync } from 'node:fs'
import { isDeepStrictEqual } from 'node:util'
import { prng } from './data.js'
import { type RequestSpec, rotation } from './load.js'

export type ScenarioId =
  | 'article'
  | 'list'
  | 'recommendations'
  | 'search'
  | 'notModified'
  | 'create'
  | 'forYou'
  | 'listSection'
  | 'listTag'
  | 'listByline'
  | 'deepPage'
  | 'feed'
export type TargetId = 'baseline' | 'app-off' | 'app-on'
export type CacheMode = 'off' | 'on'

export interface Scenario {
  id: ScenarioId
  label: string
  request: string
  /** Connections (concurrent clients) during the run. */
  connections: number
  /** Statuses that are not errors; for 304 revalidation a 200 is "no 304 yet", not an error. */
  expectedStatus: number[]
  /** The baseline runs it too. */
  onBaseline: boolean
  /** The baseline scenario the ratio is computed against (the issue's targets say which). */
  reference: ScenarioId
  /**
   * `same`: the reference is the same server's run of `reference` over the same stories
   * (FOR_YOU_STORIES), measured in the same rounds, not the baseline's.
   */
  referenceServer?: 'baseline' | 'same'
}

/** Tags the tag list, deep page and feed scenarios rotate over: the commonest ones. */
export const LIST_TAGS = 10
/** The deep page scenario's page of 20 (keyset: the cursor of its 10,000th story). */
export const DEEP_PAGE = 500

/** "For you": the stories whose recommendations are asked for, and those readers read lately. */
export const FOR_YOU_STORIES = 1_000
/** Stories in each reader's Recently-Read header. */
export const FOR_YOU_READ = 3

/** The stories of the "for you" scenario: the first FOR_YOU_STORIES of the (shuffled) rotation. */
export const forYouStories = (slugs: readonly string[]) => slugs.slice(0, FOR_YOU_STORIES)

export function scenarios(connections: number, createConnections: number): Scenario[] {
  return [
    {
      id: 'article',
      label: 'article by slug',
      request: 'GET /v1/articles/{slug}, rotating over every readable slug',
      connections,
      expectedStatus: [200],
      onBaseline: true,
      reference: 'article',
    },
    {
      id: 'list',
      label: 'list of 20',
      request: 'GET /v1/articles?limit=20',
      connections,
      expectedStatus: [200],
      onBaseline: true,
      reference: 'list',
    },
    {
      id: 'listSection',
      label: 'list of a section',
      request: 'GET /v1/articles?limit=20&section={slug}, rotating over the sections',
      connections,
      expectedStatus: [200],
      onBaseline: true,
      reference: 'listSection',
    },
    {
      id: 'listTag',
      label: 'list of a tag',
      request: `GET /v1/articles?limit=20&tag={slug}, rotating over the ${LIST_TAGS} commonest tags`,
      connections,
      expectedStatus: [200],
      onBaseline: true,
      reference: 'listTag',
    },
    {
      id: 'listByline',
      label: 'list of a byline',
      request: 'GET /v1/articles?limit=20&byline={slug}, rotating over the bylines',
      connections,
      expectedStatus: [200],
      onBaseline: true,
      reference: 'listByline',
    },
    {
      id: 'deepPage',
      label: 'deep page of a tag',
      request: `GET /v1/articles?limit=20&tag={slug}&cursor={…}: page ${DEEP_PAGE} (or the tag's last) of the ${LIST_TAGS} commonest tags`,
      connections,
      expectedStatus: [200],
      onBaseline: false,
      reference: 'listTag',
      referenceServer: 'same',
    },
    {
      id: 'feed',
      label: 'feed',
      request: `GET /v1/feeds/rss, and ?tag={slug} of the ${LIST_TAGS} commonest tags, rotating`,
      connections,
      expectedStatus: [200],
      onBaseline: false,
      reference: 'list',
    },
    {
      id: 'recommendations',
      label: 'recommendations',
      request: 'GET /v1/articles/{slug}/recommendations, rotating',
      connections,
      expectedStatus: [200],
      onBaseline: true,
      reference: 'article',
    },
    {
      id: 'search',
      label: 'search',
      request: 'GET /v1/articles?q={word}&limit=20, rotating over topic words',
      connections,
      expectedStatus: [200],
      onBaseline: true,
      reference: 'search',
    },
    {
      id: 'notModified',
      label: '304 revalidation',
      request: 'GET /v1/articles/{slug} with If-None-Match: {its ETag}, rotating',
      connections,
      expectedStatus: [200, 304],
      onBaseline: false,
      reference: 'article',
    },
    {
      id: 'create',
      label: 'create',
      request: 'POST /v1/articles (editor key, ~5 KB body, 1–2 bylines, published)',
      connections: createConnections,
      expectedStatus: [201],
      onBaseline: true,
      reference: 'create',
    },
    {
      id: 'forYou',
      label: 'for you',
      request: `GET /v1/articles/{slug}/recommendations with Recently-Read: ${FOR_YOU_READ} random slugs, both from ${FOR_YOU_STORIES.toLocaleString('en-US')} stories`,
      connections,
      expectedStatus: [200],
      onBaseline: false,
      reference: 'recommendations',
      referenceServer: 'same',
    },
  ]
}

export interface RequestContext {
  slugs: string[]
  searchWords: string[]
  sections: string[]
  /** The LIST_TAGS commonest tags. */
  tags: string[]
  bylines: string[]
  /** [tag, cursor of its deep page] */
  deepCursors: [string, string][]
  /** [slug, ETag] pairs fetched from the server under test. */
  etags: [string, string][]
  editorKey: string
  createBody: () => string
}

/** The request generator of a scenario; every connection shares the rotation. */
export function requestsFor(id: ScenarioId, ctx: RequestContext): () => RequestSpec {
  switch (id) {
    case 'article': {
      const next = rotation(ctx.slugs)
      return () => ({ method: 'GET', path: `/v1/articles/${next()}` })
    }
    case 'list':
      return () => ({ method: 'GET', path: '/v1/articles?limit=20' })
    case 'listSection':
    case 'listTag':
    case 'listByline': {
      const [name, values] = listFilterOf(id, ctx)
      const next = rotation(values)
      return () => ({
        method: 'GET',
        path: `/v1/articles?limit=20&${name}=${encodeURIComponent(next())}`,
      })
    }
    case 'deepPage': {
      const next = rotation(ctx.deepCursors)
      return () => {
        const [tag, cursor] = next()
        return {
          method: 'GET',
          path: `/v1/articles?limit=20&tag=${encodeURIComponent(tag)}&cursor=${cursor}`,
        }
      }
    }
    case 'feed': {
      const next = rotation(['', ...ctx.tags])
      return () => {
        const tag = next()
        return {
          method: 'GET',
          path: `/v1/feeds/rss${tag ? `?tag=${encodeURIComponent(tag)}` : ''}`,
        }
      }
    }
    case 'recommendations': {
      const next = rotation(ctx.slugs, Math.floor(ctx.slugs.length / 2))
      return () => ({ method: 'GET', path: `/v1/articles/${next()}/recommendations` })
    }
    case 'search': {
      const next = rotation(ctx.searchWords)
      return () => ({
        method: 'GET',
        path: `/v1/articles?q=${encodeURIComponent(next())}&limit=20`,
      })
    }
    case 'notModified': {
      const next = rotation(
        ctx.etags.length > 0 ? ctx.etags : ctx.slugs.map((s): [string, string] => [s, '"1"']),
      )
      return () => {
        const [slug, etag] = next()
        return { method: 'GET', path: `/v1/articles/${slug}`, headers: { 'if-none-match': etag } }
      }
    }
    case 'forYou': {
      const stories = forYouStories(ctx.slugs)
      const next = rotation(stories)
      const random = prng(20261207)
      return () => {
        const read = new Set<string>()
        while (read.size < Math.min(FOR_YOU_READ, stories.length)) read.add(random.pick(stories))
        return {
          method: 'GET',
          path: `/v1/articles/${next()}/recommendations`,
          headers: { 'recently-read': [...read].join(',') },
        }
      }
    }
    case 'create':
      return () => ({
        method: 'POST',
        path: '/v1/articles',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${ctx.editorKey}` },
        body: ctx.createBody(),
      })
  }
}

/** The query parameter of a filtered list scenario, and the values it rotates over. */
function listFilterOf(
  id: 'listSection' | 'listTag' | 'listByline',
  ctx: Pick<RequestContext, 'sections' | 'tags' | 'bylines'>,
): [string, string[]] {
  if (id === 'listSection') return ['section', ctx.sections]
  if (id === 'listTag') return ['tag', ctx.tags]
  return ['byline', ctx.bylines]
}

/** How many different requests a scenario's rotation holds: a warm-up sends each of them once. */
export function distinctRequests(
  id: ScenarioId,
  ctx: Pick<
    RequestContext,
    'slugs' | 'searchWords' | 'etags' | 'sections' | 'tags' | 'bylines' | 'deepCursors'
  >,
): number {
  switch (id) {
    case 'listSection':
    case 'listTag':
    case 'listByline':
      return listFilterOf(id, ctx)[1].length
    case 'deepPage':
      return ctx.deepCursors.length
    case 'feed':
      return ctx.tags.length + 1
    case 'article':
    case 'recommendations':
      return ctx.slugs.length
    case 'search':
      return ctx.searchWords.length
    case 'forYou':
      return forYouStories(ctx.slugs).length
    case 'notModified':
      return ctx.etags.length
    case 'list':
      return 1
    case 'create':
      return 0
  }
}

export interface FeatureStatus {
  implemented: boolean
  detail: string
}

async function getJson(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { headers, signal: AbortSignal.timeout(30_000) })
  const text = await res.text()
  let json: unknown = null
  try {
    json = JSON.parse(text)
  } catch {
    // not JSON
  }
  return { status: res.status, headers: res.headers, json, bytes: Buffer.byteLength(text) }
}

const slugsOf = (json: unknown) =>
  ((json as { items?: { slug: string }[] } | null)?.items ?? []).map((i) => i.slug).join(',')

/**
 * Search exists when `q` changes the result set: a word from one topic and a word that appears
 * nowhere must not both give the plain newest-first list.
 */
export async function probeSearch(base: string, word: string): Promise<FeatureStatus> {
  const plain = await getJson(`${base}/v1/articles?limit=20`)
  const hit = await getJson(`${base}/v1/articles?q=${encodeURIComponent(word)}&limit=20`)
  const miss = await getJson(`${base}/v1/articles?q=zzqxvjkw&limit=20`)
  if (hit.status !== 200)
    return { implemented: false, detail: `not implemented yet: ?q= answers ${hit.status}` }
  const changed =
    slugsOf(hit.json) !== slugsOf(plain.json) || slugsOf(miss.json) !== slugsOf(plain.json)
  return changed
    ? {
        implemented: true,
        detail: `q changes the result set (${(hit.json as { items: unknown[] }).items.length} items for "${word}")`,
      }
    : {
        implemented: false,
        detail:
          'not implemented yet: q is ignored (same items as the plain list); measured as a list',
      }
}

/**
 * Fetches the ETags of `slugs` (bounded concurrency) and tells whether the server answers 304
 * to If-None-Match with one of them.
 */
export async function probeNotModified(
  base: string,
  slugs: string[],
): Promise<FeatureStatus & { etags: [string, string][] }> {
  const etags: [string, string][] = []
  const queue = [...slugs]
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      for (let slug = queue.shift(); slug !== undefined; slug = queue.shift()) {
        const res = await fetch(`${base}/v1/articles/${slug}`, {
          signal: AbortSignal.timeout(30_000),
        })
        await res.arrayBuffer()
        const etag = res.headers.get('etag')
        if (res.status === 200 && etag) etags.push([slug, etag])
      }
    }),
  )
  const first = etags[0]
  if (!first)
    return { implemented: false, detail: 'no ETag header on articles: cannot revalidate', etags }
  const res = await fetch(`${base}/v1/articles/${first[0]}`, {
    headers: { 'if-none-match': first[1] },
    signal: AbortSignal.timeout(30_000),
  })
  const bytes = (await res.arrayBuffer()).byteLength
  return res.status === 304
    ? {
        implemented: true,
        detail: `If-None-Match answers 304 (${etags.length} ETags sampled)`,
        etags,
      }
    : {
        implemented: false,
        detail: `no 304 yet: If-None-Match answers ${res.status} with the full body (${bytes} bytes)`,
        etags,
      }
}

/** Whether the app has a response cache setting at all (the issue names it RESPONSE_CACHE). */
export function cacheSettingOf(configSource: string): FeatureStatus {
  return /RESPONSE_CACHE/.test(configSource)
    ? {
        implemented: true,
        detail:
          'RESPONSE_CACHE is in src/config.ts: runs set RESPONSE_CACHE=on|off and CACHE=on|off',
      }
    : {
        implemented: false,
        detail:
          'the app has no cache setting yet (no RESPONSE_CACHE in src/config.ts): CACHE=on|off has no effect, so "cache on" repeats "cache off"',
      }
}

/** The source of the app's settings file; missing, it has moved: see `productConfigPath` in product.ts. */
export function readConfigSource(path: string): string {
  try {
    return readFileSync(path, 'utf8')
  } catch (err) {
    throw new Error(
      `cannot read the app's settings file ${path} (moved? update productConfigPath in bench/product.ts): ${String(err)}`,
    )
  }
}

/** The paths under `value` where two JSON values differ (at most `max`). */
export function differences(
  a: unknown,
  b: unknown,
  path = '$',
  out: string[] = [],
  max = 8,
): string[] {
  if (out.length >= max || isDeepStrictEqual(a, b)) return out
  if (
    a &&
    b &&
    typeof a === 'object' &&
    typeof b === 'object' &&
    Array.isArray(a) === Array.isArray(b)
  ) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)])
    for (const key of keys)
      differences(
        (a as Record<string, unknown>)[key],
        (b as Record<string, unknown>)[key],
        `${path}.${key}`,
        out,
        max,
      )
  } else out.push(path)
  return out
}

/** The keys of the slots and, per item type, of the items: the shape of a recommendations answer. */
export function recommendationsShape(value: unknown): Record<string, string[]> {
  const shape: Record<string, Set<string>> = {
    response: new Set(Object.keys((value as object | null) ?? {})),
    slot: new Set(),
  }
  for (const slot of (value as { slots?: { items?: Record<string, unknown>[] }[] } | null)?.slots ??
    []) {
    for (const key of Object.keys(slot)) shape.slot!.add(key)
    for (const item of slot.items ?? []) {
      const name = `item:${String(item.type)}`
      shape[name] ??= new Set()
      const set = shape[name]
      for (const key of Object.keys(item)) set.add(key)
    }
  }
  return Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, [...v].sort()]))
}

/** Compares the app's and the baseline's answers: identical for article and list, same shape for recommendations. */
export async function compareAnswers(
  appBase: string,
  baselineBase: string,
  slugs: string[],
): Promise<string[]> {
  const notes: string[] = []
  const both = async (path: string) =>
    Promise.all([getJson(`${appBase}${path}`), getJson(`${baselineBase}${path}`)])
  for (const slug of slugs.slice(0, 3)) {
    const [app, base] = await both(`/v1/articles/${slug}`)
    const diff = differences(app.json, base.json)
    notes.push(
      diff.length === 0
        ? `article ${slug}: identical JSON (${app.bytes} bytes)`
        : `article ${slug}: differs at ${diff.join(', ')}`,
    )
  }
  const [appList, baseList] = await both('/v1/articles?limit=20')
  const listDiff = differences(appList.json, baseList.json)
  notes.push(
    listDiff.length === 0
      ? `list of 20: identical JSON (${appList.bytes} bytes)`
      : `list of 20: differs at ${listDiff.join(', ')}`,
  )
  const [appRec, baseRec] = await both(`/v1/articles/${slugs[0]}/recommendations`)
  const recDiff = differences(recommendationsShape(appRec.json), recommendationsShape(baseRec.json))
  notes.push(
    recDiff.length === 0
      ? `recommendations: same shape (${appRec.bytes} vs ${baseRec.bytes} bytes; the baseline ranks by shared tags only)`
      : `recommendations: shapes differ at ${recDiff.join(', ')}`,
  )
  return notes
}
