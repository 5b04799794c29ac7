import { describe, expect, it } from 'vitest'
import { createArticle, createByline } from '../../helpers/factories.js'
import { createSlot, setItems } from '../../helpers/slots.js'
import { useTestApp } from '../../helpers/test-app.js'
import { at, DAY } from '../../helpers/time.js'

const ctx = useTestApp()

type Item = { type: string; slug?: string; reason: string; bylineText?: string | null }

async function itemsFor(slug: string): Promise<Item[]> {
  const res = await ctx.api.get(`/v1/articles/${slug}/recommendations`)
  expect(res.status, JSON.stringify(res.body)).toBe(200)
  return (res.body as { slots: { items: Item[] }[] }).slots.flatMap((s) => s.items)
}

const story = (slug: string, fields: Record<string, unknown>) =>
  createArticle(ctx, {
    slug,
    status: 'published',
    publishedAt: at(-2 * DAY),
    creditLine: 'Newsroom',
    ...fields,
  })

describe('GET /v1/articles/{slug}/recommendations: what the signals compare', () => {
  it('finds similar text in headlines and deks, not in bodies', async () => {
    await story('source', {
      headline: 'Serava river states sign water deal',
      dek: 'Dry years are covered.',
      section: 'world',
    })
    await story('headline-mate', {
      headline: 'Serava barges stranded',
      section: 'science',
      publishedAt: at(-5 * DAY),
    })
    // Newer, and its body repeats the source's words: bodies are not compared, so it is only recent.
    await story('body-mate', {
      headline: 'Cup final goes to penalties',
      body: 'Serava river states sign water deal. Serava river water deal.',
      section: 'sport',
    })
    await createSlot(ctx, { key: 'auto', label: 'More', fill: 'automatic', capacity: 2 })
    const items = await itemsFor('source')
    expect(items.map((i) => [i.slug, i.reason])).toEqual([
      ['headline-mate', 'similar-text'],
      ['body-mate', 'recent'],
    ])
  })

  it('copes with quotes and backslashes in headlines', async () => {
    await story('source', { headline: `O'Brien's \\ "plan" for the 'harbour'` })
    await story('text-mate', {
      headline: 'Harbour plan approved by O’Brien',
      publishedAt: at(-3 * DAY),
    })
    await story('unrelated', { headline: 'Cup final goes to penalties' })
    await createSlot(ctx, { key: 'auto', label: 'More', fill: 'automatic', capacity: 2 })
    const items = await itemsFor('source')
    expect(items.map((i) => [i.slug, i.reason])).toEqual([
      ['text-mate', 'similar-text'],
      ['unrelated', 'recent'],
    ])
  })

  it('fills with recent stories for an article with no tags, section, writers or words', async () => {
    await story('source', { headline: 'The', dek: null })
    await story('older', {
      headline: 'Marathon moves its start to dawn',
      publishedAt: at(-3 * DAY),
    })
    await story('newer', { headline: 'Cup final goes to penalties', publishedAt: at(-1 * DAY) })
    await createSlot(ctx, { key: 'auto', label: 'More', fill: 'automatic', capacity: 4 })
    const items = await itemsFor('source')
    expect(items.map((i) => [i.slug, i.reason])).toEqual([
      ['newer', 'recent'],
      ['older', 'recent'],
    ])
  })

  it('prints the byline of curated and of automatic picks alike', async () => {
    const [ana, li] = await Promise.all(
      ['Ana Ruiz', 'Li Wei'].map((name) => createByline(ctx, { name })),
    )
    const by = (...slugs: string[]) => slugs.map((byline) => ({ byline, role: 'author' }))
    await story('source', {
      headline: 'Water deal signed',
      tags: ['water'],
      bylines: by(ana!.slug),
    })
    await story('pinned', {
      headline: 'Cup final goes to penalties',
      bylines: by(li!.slug, ana!.slug),
    })
    await story('tag-mate', {
      headline: 'Farmers count the cost',
      tags: ['water'],
      bylines: by(li!.slug),
    })
    await createSlot(ctx, { key: 'mixed', label: 'More', fill: 'mixed', capacity: 2 })
    await setItems(ctx, 'mixed', [{ type: 'article', article: 'pinned' }], 'source')
    const items = await itemsFor('source')
    expect(items.map((i) => [i.slug, i.reason, i.bylineText])).toEqual([
      ['pinned', 'curated', 'By Li Wei and Ana Ruiz'],
      ['tag-mate', 'shared-tags', 'By Li Wei'],
    ])
  })
})
