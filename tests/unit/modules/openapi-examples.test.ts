// The examples /docs shows are the demo content (src/boot/demo-content.ts), as the API returns it:
// real headlines and slugs, and values each schema accepts.
import { describe, expect, it } from 'vitest'
import { demoArticles, demoBylines, demoSections } from '../../../src/boot/demo-content.js'
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
import { toNewsArticleJsonLd } from '../../../src/modules/articles/formats/article-json-ld.js'
import {
  ARTICLE_NOTE_EXAMPLE,
  CREATE_NOTE_EXAMPLE,
  UPDATE_NOTE_EXAMPLE,
} from '../../../src/modules/articles/notes/article-notes.examples.js'
import {
  ArticleNoteSchema,
  CreateNoteBody,
  UpdateNoteBody,
} from '../../../src/modules/articles/notes/article-notes.schemas.js'
import {
  PENDING_EXAMPLE,
  PUBLISH_PENDING_EXAMPLE,
  PUT_PENDING_EXAMPLE,
} from '../../../src/modules/articles/pending/article-pending.examples.js'
import {
  PendingArticleBody,
  PendingArticleSchema,
  PublishPendingBody,
} from '../../../src/modules/articles/pending/article-pending.schemas.js'
import { BylineSchema } from '../../../src/modules/bylines/bylines.schemas.js'
import { encodeEventCursor } from '../../../src/modules/events/event-cursor.js'
import { toEvent } from '../../../src/modules/events/event-payload.js'
import { EVENT_EXAMPLE, EVENT_LIST_EXAMPLE } from '../../../src/modules/events/events.examples.js'
import { EventListSchema, EventSchema } from '../../../src/modules/events/events.schemas.js'
import {
  CREATE_WEBHOOK_EXAMPLE,
  DELIVERY_EXAMPLE,
  PING_EVENT_EXAMPLE,
  UPDATE_WEBHOOK_EXAMPLE,
  WEBHOOK_EXAMPLE,
  WEBHOOK_WITH_SECRET_EXAMPLE,
} from '../../../src/modules/webhooks/webhooks.examples.js'
import {
  CreateWebhookBody,
  DeliverySchema,
  PingEventSchema,
  UpdateWebhookBody,
  WebhookSchema,
  WebhookWithSecretSchema,
} from '../../../src/modules/webhooks/webhooks.schemas.js'
import { renderMarkdown } from '../../../src/lib/markdown.js'
import { z } from 'zod'

/** The public site the examples link to. */
const SITE = { url: 'https://news.example.com', name: 'Newsroom' }

const flagship = demoArticles[0]!

describe('OpenAPI examples', () => {
  it('the article is the demo flagship, as the API sends it', () => {
    expect(ArticleSchema.parse(ARTICLE_EXAMPLE)).toEqual(ARTICLE_EXAMPLE)
    expect(ArticleListItemSchema.parse(ARTICLE_LIST_ITEM_EXAMPLE)).toEqual(
      ARTICLE_LIST_ITEM_EXAMPLE,
    )
    const { slug, headline, dek, section, tags, language, heroImage, creditLine } = flagship
    expect(ARTICLE_EXAMPLE).toMatchObject({ slug, headline, dek, tags, language })
    // Demo stories name their section by slug; the API returns the section's slug and name.
    const { name } = demoSections.find((s) => s.slug === section) ?? {}
    expect(ARTICLE_EXAMPLE.section).toEqual({ slug: section, name })
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

  it('the article carries its correction and the JSON-LD the API derives from it', () => {
    const { jsonLd, ...article } = ArticleSchema.parse(ARTICLE_EXAMPLE)
    expect(jsonLd).toEqual(toNewsArticleJsonLd(article, SITE))
    expect(ArticleNoteSchema.parse(ARTICLE_NOTE_EXAMPLE)).toEqual(ARTICLE_NOTE_EXAMPLE)
    expect(ARTICLE_NOTE_EXAMPLE.textHtml).toBe(renderMarkdown(ARTICLE_NOTE_EXAMPLE.text))
    // Added while the published version was live; the correction moved the date readers see.
    expect(ARTICLE_NOTE_EXAMPLE.revision).toBe(ARTICLE_EXAMPLE.version - 1)
    expect(ARTICLE_EXAMPLE.displayedUpdatedAt).toBe(ARTICLE_NOTE_EXAMPLE.displayedAt)
    expect(flagship.dek).toContain('After 11 days of talks')
    expect(CreateNoteBody.parse(CREATE_NOTE_EXAMPLE)).toEqual(CREATE_NOTE_EXAMPLE)
    expect(UpdateNoteBody.parse(UPDATE_NOTE_EXAMPLE)).toEqual(UPDATE_NOTE_EXAMPLE)
  })

  it("the pending version is the flagship's next version, with the JSON-LD derived from it", () => {
    expect(PendingArticleBody.parse(PUT_PENDING_EXAMPLE)).toEqual(PUT_PENDING_EXAMPLE)
    expect(PublishPendingBody.parse(PUBLISH_PENDING_EXAMPLE)).toEqual(PUBLISH_PENDING_EXAMPLE)
    expect(PendingArticleSchema.parse(PENDING_EXAMPLE)).toEqual(PENDING_EXAMPLE)
    const { jsonLd, ...article } = PendingArticleSchema.parse(PENDING_EXAMPLE).article
    expect(jsonLd).toEqual(toNewsArticleJsonLd(article, SITE))
    expect(article.dek).toBe(PUT_PENDING_EXAMPLE.dek)
    expect(PENDING_EXAMPLE.changes).toEqual([
      { field: 'dek', live: ARTICLE_EXAMPLE.dek, pending: PUT_PENDING_EXAMPLE.dek },
    ])
    expect(PENDING_EXAMPLE.basedOnVersion).toBe(ARTICLE_EXAMPLE.version)
  })

  it("the event is the flagship's correction as toEvent announces it", () => {
    const { resource, occurredAt } = EVENT_EXAMPLE
    const announced = toEvent(
      {
        seq: '128',
        id: EVENT_EXAMPLE.id,
        type: EVENT_EXAMPLE.type,
        occurredAt: new Date(occurredAt),
        recordedAt: new Date(occurredAt),
        resourceType: resource.type,
        resourceId: resource.id,
        slug: resource.slug,
        previousSlug: null,
        version: resource.version,
        tags: [`article:${resource.id}`, 'articles'],
      },
      SITE,
    )
    expect(announced).toEqual(EVENT_EXAMPLE)
    expect(resource).toMatchObject({ id: ARTICLE_EXAMPLE.id, slug: ARTICLE_EXAMPLE.slug })
    expect(resource.version).toBe(ARTICLE_EXAMPLE.version)
    expect(EventSchema.parse(EVENT_EXAMPLE)).toEqual(EVENT_EXAMPLE)
    expect(EventListSchema.parse(EVENT_LIST_EXAMPLE)).toEqual(EVENT_LIST_EXAMPLE)
    expect(EVENT_LIST_EXAMPLE.page.nextCursor).toBe(
      encodeEventCursor({ seq: '128', recordedAt: Date.parse(occurredAt) }),
    )
  })

  it('the webhook examples are valid requests and answers, delivering that event', () => {
    expect(CreateWebhookBody.safeParse(CREATE_WEBHOOK_EXAMPLE).success).toBe(true)
    expect(UpdateWebhookBody.parse(UPDATE_WEBHOOK_EXAMPLE)).toEqual(UPDATE_WEBHOOK_EXAMPLE)
    expect(WebhookSchema.parse(WEBHOOK_EXAMPLE)).toEqual(WEBHOOK_EXAMPLE)
    expect(WebhookWithSecretSchema.parse(WEBHOOK_WITH_SECRET_EXAMPLE)).toEqual(
      WEBHOOK_WITH_SECRET_EXAMPLE,
    )
    expect(WEBHOOK_WITH_SECRET_EXAMPLE.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/)
    expect(DeliverySchema.parse(DELIVERY_EXAMPLE)).toEqual(DELIVERY_EXAMPLE)
    expect(DELIVERY_EXAMPLE).toMatchObject({
      webhookId: WEBHOOK_EXAMPLE.id,
      messageId: EVENT_EXAMPLE.id,
      eventType: EVENT_EXAMPLE.type,
    })
    expect(PingEventSchema.parse(PING_EVENT_EXAMPLE)).toEqual(PING_EVENT_EXAMPLE)
    expect(PING_EVENT_EXAMPLE.webhook.id).toBe(WEBHOOK_EXAMPLE.id)
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
