import { z } from 'zod'
import { IsoDateTime, Slug } from '../../schemas/common.js'
import { StoredArticleStatusSchema } from '../articles/articles.schemas.js'
import { PublicHttpUrl } from '../../schemas/public-url.js'

/** The most items any slot can hold; a slot's own `capacity` may be lower. */
export const MAX_SLOT_CAPACITY = 24

export const SlotFillSchema = z
  .enum(['curated', 'automatic', 'mixed'])
  .describe(
    '`curated`: only the curated items. `automatic`: articles chosen by relatedness; curated sponsored links still ' +
      'take their places. `mixed`: the curated items first, then related articles up to the capacity.',
  )

const NotBlank = (max: number) => z.string().min(1).max(max).regex(/\S/, 'Must not be blank')

export const SlotKey = Slug.max(60).describe('The slot key, e.g. "you-may-also-like"')
export const SlotKeyParams = z.object({ key: SlotKey })

export const SlotSchema = z
  .object({
    id: z.uuid(),
    key: z.string(),
    label: z
      .string()
      .describe('What the frontend prints above the items, e.g. "You May Also Like"'),
    description: z.string().nullable(),
    capacity: z.number().int(),
    fill: SlotFillSchema,
    allowSponsored: z
      .boolean()
      .describe('Whether sponsored external links may be placed in the slot'),
    position: z.number().int().describe('Slots are resolved in ascending position, then key'),
    version: z.number().int(),
    createdAt: IsoDateTime,
    updatedAt: IsoDateTime,
  })
  .meta({
    id: 'Slot',
    examples: [
      {
        id: '019ac0de-7f3e-7c1a-9a55-3f2b8e1d4c10',
        key: 'you-may-also-like',
        label: 'You May Also Like',
        description: 'Under the story: editors pin follow-ups, related stories fill the rest.',
        capacity: 4,
        fill: 'mixed',
        allowSponsored: false,
        position: 0,
        version: 1,
        createdAt: '2026-06-01T12:00:00.000Z',
        updatedAt: '2026-06-01T12:00:00.000Z',
      },
    ],
  })
export type Slot = z.infer<typeof SlotSchema>

const slotFields = {
  key: SlotKey,
  label: NotBlank(100),
  description: z.string().max(500).nullish(),
  capacity: z.number().int().min(1).max(MAX_SLOT_CAPACITY).default(4).describe('1–24 items'),
  fill: SlotFillSchema.default('mixed'),
  allowSponsored: z.boolean().default(false),
  position: z.number().int().min(0).max(10_000).default(0),
}

export const CreateSlotBody = z.strictObject(slotFields).meta({
  id: 'CreateSlotBody',
  examples: [
    {
      key: 'recommended-for-you',
      label: 'Recommended for you',
      fill: 'automatic',
      allowSponsored: true,
      position: 1,
    },
  ],
})
export type CreateSlotBody = z.infer<typeof CreateSlotBody>

export const UpdateSlotBody = z
  .strictObject({
    ...slotFields,
    capacity: slotFields.capacity.removeDefault(),
    fill: SlotFillSchema,
    allowSponsored: z.boolean(),
    position: slotFields.position.removeDefault(),
  })
  .partial()
  .meta({ id: 'UpdateSlotBody', examples: [{ label: 'More on this story', capacity: 6 }] })
export type UpdateSlotBody = z.infer<typeof UpdateSlotBody>

export const SlotListSchema = z.object({ items: z.array(SlotSchema) }).meta({ id: 'SlotList' })

const itemWindow = {
  startsAt: IsoDateTime.nullish().describe('Shown from this time on; always when absent'),
  endsAt: IsoDateTime.nullish().describe('Shown until this time (exclusive); always when absent'),
}

const ArticleItemInput = z.strictObject({
  type: z.literal('article'),
  article: z.string().min(1).max(200).describe('The id or slug of the recommended article'),
  ...itemWindow,
})

const ExternalItemInput = z.strictObject({
  type: z.literal('external'),
  url: PublicHttpUrl.describe('Absolute http(s) URL on a public host'),
  title: NotBlank(300),
  imageUrl: PublicHttpUrl.nullish(),
  sponsor: NotBlank(200).describe('Who paid for the placement; printed with the link'),
  ...itemWindow,
})

export const SlotItemInput = z
  .discriminatedUnion('type', [ArticleItemInput, ExternalItemInput])
  .superRefine((item, ctx) => {
    if (item.startsAt && item.endsAt && Date.parse(item.endsAt) <= Date.parse(item.startsAt)) {
      ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'Must be later than startsAt' })
    }
  })
export type SlotItemInput = z.infer<typeof SlotItemInput>

export const ReplaceSlotItemsBody = z
  .strictObject({
    items: z
      .array(SlotItemInput)
      .max(MAX_SLOT_CAPACITY)
      .describe('The whole list, in display order; it replaces the previous one. `[]` empties it.'),
  })
  .meta({
    id: 'ReplaceSlotItemsBody',
    examples: [
      {
        items: [
          { type: 'article', article: 'barges-stranded-as-serava-falls-to-record-low' },
          {
            type: 'external',
            url: 'https://cruises.example.com/serava-delta',
            title: 'Five days on the Serava delta',
            imageUrl: 'https://cruises.example.com/delta.jpg',
            sponsor: 'Delta Line Cruises',
            startsAt: '2026-06-01T00:00:00Z',
            endsAt: '2026-07-01T00:00:00Z',
          },
        ],
      },
    ],
  })
export type ReplaceSlotItemsBody = z.infer<typeof ReplaceSlotItemsBody>

const itemWindowOutput = { startsAt: IsoDateTime.nullable(), endsAt: IsoDateTime.nullable() }

export const SlotItemSchema = z
  .discriminatedUnion('type', [
    z.object({
      type: z.literal('article'),
      article: z.object({
        id: z.uuid(),
        slug: z.string(),
        headline: z.string(),
        status: StoredArticleStatusSchema,
        publishedAt: IsoDateTime.nullable(),
      }),
      ...itemWindowOutput,
    }),
    z.object({
      type: z.literal('external'),
      url: z.string(),
      title: z.string(),
      imageUrl: z.string().nullable(),
      sponsor: z.string(),
      ...itemWindowOutput,
    }),
  ])
  .meta({ id: 'SlotItem' })
export type SlotItem = z.infer<typeof SlotItemSchema>

export const SlotItemListSchema = z
  .object({
    slot: z.string().describe('The slot key'),
    article: z
      .object({ id: z.uuid(), slug: z.string() })
      .nullable()
      .describe('The article the list belongs to; null for the site-wide default list'),
    items: z.array(SlotItemSchema),
  })
  .meta({
    id: 'SlotItemList',
    examples: [
      {
        slot: 'you-may-also-like',
        article: {
          id: '019ac0de-1b2c-7d3e-8f40-5a6b7c8d9e0f',
          slug: 'serava-basin-states-sign-water-sharing-accord-geneva',
        },
        items: [
          {
            type: 'article',
            article: {
              id: '019ac0de-2c3d-7e4f-9a51-6b7c8d9e0f1a',
              slug: 'barges-stranded-as-serava-falls-to-record-low',
              headline: 'Barges stranded as the Serava falls to a record low',
              status: 'published',
              publishedAt: '2026-05-30T08:00:00.000Z',
            },
            startsAt: null,
            endsAt: null,
          },
        ],
      },
    ],
  })
export type SlotItemList = z.infer<typeof SlotItemListSchema>
