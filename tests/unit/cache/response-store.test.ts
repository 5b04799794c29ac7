import { describe, expect, it } from 'vitest'
import { ALL } from '../../../src/db/change-feed.js'
import { ResponseStore, type StoredResponse } from '../../../src/cache/response-store.js'

function entry(tags: string[], bytes = 100, expiresAt = Number.POSITIVE_INFINITY): StoredResponse {
  const plain = ['content-type', 'application/json', 'surrogate-key', tags.join(' '), 'etag', '"e"']
  return {
    headers: { plain, gzip: null, notModified: plain.slice(0, -2), names: new Set() },
    body: Buffer.alloc(bytes),
    etag: '"e"',
    tags,
    expiresAt,
  }
}

describe('ResponseStore', () => {
  it('drops exactly the entries tagged with what changed', () => {
    const store = new ResponseStore(1_000_000)
    store.set('/a', entry(['article:1', 'byline:9']), store.generation)
    store.set('/b', entry(['article:2']), store.generation)
    store.set('/list', entry(['articles', 'article:1', 'article:2']), store.generation)

    store.invalidate(['byline:9'])
    expect(store.get('/a', 0)).toBeUndefined()
    expect(store.get('/b', 0)).toBeDefined()
    expect(store.get('/list', 0)).toBeDefined()

    store.invalidate(['articles'])
    expect(store.get('/list', 0)).toBeUndefined()
    expect(store.get('/b', 0)).toBeDefined()

    store.invalidate([ALL])
    expect(store.size).toBe(0)
  })

  it('refuses an entry built while an invalidation happened, as it may show the old state', () => {
    const store = new ResponseStore(1_000_000)
    const started = store.generation
    store.invalidate(['article:1'])
    expect(store.set('/a', entry(['article:1']), started)).toBe(false)
    expect(store.get('/a', 0)).toBeUndefined()
    expect(store.set('/a', entry(['article:1']), store.generation)).toBe(true)
  })

  it('never serves an entry at or after its expiry time', () => {
    const store = new ResponseStore(1_000_000)
    store.set('/list', entry(['articles'], 100, 5_000), store.generation)
    expect(store.get('/list', 4_999)).toBeDefined()
    expect(store.get('/list', 5_000)).toBeUndefined()
    expect(store.size).toBe(0)
  })

  it('stays within its byte budget, evicting the least recently used entries and their tags', () => {
    const store = new ResponseStore(10_000)
    for (let i = 0; i < 20; i++) {
      store.set(`/${i}`, entry([`article:${i}`], 1_000), store.generation)
      store.get('/0', 0) // keeps /0 recently used
    }
    expect(store.bytes).toBeLessThanOrEqual(10_000)
    expect(store.get('/0', 0)).toBeDefined()
    expect(store.get('/1', 0)).toBeUndefined()
    expect(store.get('/19', 0)).toBeDefined()
    // An evicted entry's tags no longer point at it: invalidating them removes nothing else.
    const before = store.size
    store.invalidate(['article:1'])
    expect(store.size).toBe(before)
  })

  it('keeps tags right when an entry is replaced', () => {
    const store = new ResponseStore(1_000_000)
    store.set('/a', entry(['article:1']), store.generation)
    store.set('/a', entry(['article:2']), store.generation)
    store.invalidate(['article:1'])
    expect(store.get('/a', 0)).toBeDefined()
    store.invalidate(['article:2'])
    expect(store.get('/a', 0)).toBeUndefined()
  })

  it('does not keep an entry larger than the whole budget', () => {
    const store = new ResponseStore(1_000)
    expect(store.set('/big', entry(['articles'], 5_000), store.generation)).toBe(false)
    expect(store.size).toBe(0)
  })

  it('counts the strings an entry keeps against the budget, not only its body', () => {
    const store = new ResponseStore(1_000_000)
    const keys = Array.from(
      { length: 100 },
      (_, i) => `byline:0195bea7-0611-75a2-a230-${String(i).padStart(12, '0')}`,
    )
    store.set('/recommendations', entry(keys, 1_000), store.generation)
    // The Surrogate-Key header alone is 4,800 characters.
    expect(store.bytes).toBeGreaterThan(1_000 + keys.join(' ').length)
  })

  it('finds an entry tagged with the key of a whole kind by that key alone: every change to one resource reports both', () => {
    const store = new ResponseStore(1_000_000)
    store.set('/recommendations', entry(['articles', 'article:1', 'byline:9']), store.generation)
    store.set('/a', entry(['article:1']), store.generation)
    // Changes report ['article:1', 'articles'] together (resourceKeys); the first drops only /a.
    store.invalidate(['article:1'])
    expect(store.get('/a', 0)).toBeUndefined()
    expect(store.get('/recommendations', 0)).toBeDefined()
    store.invalidate(['article:1', 'articles'])
    expect(store.get('/recommendations', 0)).toBeUndefined()
  })

  it('keeps finding an entry by its single-resource keys of kinds it has no coarse key for', () => {
    const store = new ResponseStore(1_000_000)
    store.set('/recommendations', entry(['articles', 'article:1', 'byline:9']), store.generation)
    store.invalidate(['byline:9', 'bylines'])
    expect(store.get('/recommendations', 0)).toBeUndefined()
  })
})

describe('ResponseStore: bases of personal answers', () => {
  const basis = (tags: string[], bytes = 100, expiresAt = Number.POSITIVE_INFINITY) => ({
    basis: { candidates: ['a', 'b'] },
    bytes,
    tags,
    expiresAt,
  })

  it('keeps a basis beside the shared answer of the same URL, each found only as what it is', () => {
    const store = new ResponseStore(1_000_000)
    store.set('/r', entry(['slots']), store.generation)
    store.setBasis('/r', basis(['slots', 'articles']), store.generation)
    expect(store.get('/r', 0)?.etag).toBe('"e"')
    expect(store.basis('/r', 0)?.basis).toEqual({ candidates: ['a', 'b'] })
    expect(store.basis('/other', 0)).toBeUndefined()
    store.setBasis('/only-basis', basis(['slots']), store.generation)
    expect(store.get('/only-basis', 0)).toBeUndefined()
  })

  it('drops a basis with what it depends on, after its time, or when it was built during a change', () => {
    const store = new ResponseStore(1_000_000)
    store.setBasis('/r', basis(['articles']), store.generation)
    store.setBasis('/s', basis(['slots'], 100, 50), store.generation)
    store.invalidate(['articles'])
    expect(store.basis('/r', 0)).toBeUndefined()
    expect(store.basis('/s', 49)).toBeDefined()
    expect(store.basis('/s', 50)).toBeUndefined()
    const started = store.generation
    store.invalidate(['slots'])
    expect(store.setBasis('/r', basis(['articles']), started)).toBe(false)
  })

  it('counts a basis in the byte budget', () => {
    const store = new ResponseStore(10_000)
    store.setBasis('/r', basis(['articles'], 4_000), store.generation)
    expect(store.bytes).toBeGreaterThan(4_000)
    store.setBasis('/s', basis(['articles'], 4_000), store.generation)
    store.setBasis('/t', basis(['articles'], 4_000), store.generation)
    expect(store.basis('/r', 0)).toBeUndefined()
    expect(store.basis('/t', 0)).toBeDefined()
  })
})
