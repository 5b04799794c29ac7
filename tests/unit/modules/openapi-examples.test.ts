// The examples /docs shows are the demo content (src/boot/demo-content.ts), as the API returns it:
// real headlines and slugs, and values each schema accepts.
import { describe, expect, it } from 'vitest'
import { demoArticles, demoBylines } from '../../../src/boot/demo-content.js'
import {
  ARTICLE_EXAMPLE,
  ARTICLE_LIST_ITEM_EXAMPLE,
  CREATE_ARTICLE_EXAMPLE,
  UPDATE_ARTICLE_EXAMPLE,
} from '../../../src/modules/articles/articles.examples.js'
import {
  ArticleListItemSchema,
  ArticleSchema,
  CreateArticleBody,
  UpdateArticleBody,
} from '../../../src/modules/articles/articles.schemas.js'
import { BylineSchema } from '../../../src/modules/bylines/bylines.schemas.js'
import { z } from 'zod'

const flagship = demoArticles[0]!

describe('OpenAPI examples', () => {
  it('the article is the demo flagship, as the API sends it', () => {
    expect(ArticleSchema.parse(ARTICLE_EXAMPLE)).toEqual(ARTICLE_EXAMPLE)
    expect(ArticleListItemSchema.parse(ARTICLE_LIST_ITEM_EXAMPLE)).toEqual(
      ARTICLE_LIST_ITEM_EXAMPLE,
    )
    const { slug, headline, dek, section, tags, language, heroImage, creditLine } = flagship
    expect(ARTICLE_EXAMPLE).toMatchObject({ slug, headline, dek, section, tags, language })
    expect(ARTICLE_EXAMPLE).toMatchObject({ heroImage, creditLine })
    expect(flagship.body.startsWith(ARTICLE_EXAMPLE.body)).toBe(true)
    expect(ARTICLE_EXAMPLE.bylines.map((b) => b.slug)).toEqual(
      flagship.bylines.map((b) => b.byline),
    )
    expect(ARTICLE_EXAMPLE.version).toBeGreaterThanOrEqual(1)
    for (const at of [ARTICLE_EXAMPLE.publishedAt, ARTICLE_EXAMPLE.createdAt]) {
      expect(new Date(at).getUTCFullYear()).toBeGreaterThanOrEqual(2025)
      expect(new Date(at).getUTCFullYear()).toBeLessThan(2030)
    }
  })

  it('what "Try it out" sends is a valid request crediting a demo byline, not a copy of a demo story', () => {
    expect(CreateArticleBody.safeParse(CREATE_ARTICLE_EXAMPLE).success).toBe(true)
    expect(UpdateArticleBody.safeParse(UPDATE_ARTICLE_EXAMPLE).success).toBe(true)
    const bylineSlugs = demoBylines.map((b) => b.slug)
    for (const credit of CREATE_ARTICLE_EXAMPLE.bylines)
      expect(bylineSlugs).toContain(credit.byline)
    expect(demoArticles.map((a) => a.headline)).not.toContain(CREATE_ARTICLE_EXAMPLE.headline)
  })

  it('the byline is a demo byline', () => {
    const examples = z.globalRegistry.get(BylineSchema)?.examples as z.infer<typeof BylineSchema>[]
    const example = examples[0]!
    expect(BylineSchema.parse(example)).toEqual(example)
    const demo = demoBylines.find((b) => b.slug === example.slug)
    expect(demo).toMatchObject({ name: example.name, jobTitle: example.jobTitle })
    expect(demo?.bio?.startsWith(example.bio ?? '-')).toBe(true)
  })
})
