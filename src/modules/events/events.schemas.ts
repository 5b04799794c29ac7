import { z } from 'zod'
import { EVENT_TYPES } from '../../db/events.js'
import { IsoDateTime, QueryInt } from '../../schemas/common.js'
import { EVENT_EXAMPLE, EVENT_LIST_EXAMPLE } from './events.examples.js'

export const EventTypeSchema = z.enum(EVENT_TYPES).meta({ id: 'EventType' })

export const EventSchema = z
  .object({
    id: z.uuid().describe('Unique per event; also the `webhook-id` of its deliveries'),
    type: EventTypeSchema,
    occurredAt: IsoDateTime.describe(
      'When the change happened: the write, or the scheduled time that passed',
    ),
    resource: z.object({
      type: z.enum(['article', 'byline', 'slot', 'import']),
      id: z.uuid(),
      slug: z.string().nullable().describe("The slug (a slot's key) after the change"),
      version: z.number().int().nullable(),
    }),
    previousSlug: z
      .string()
      .nullable()
      .describe('The slug before the change, when it changed: its URLs need purging too'),
    urls: z
      .array(z.string())
      .describe(
        'Pages of the public site (PUBLIC_SITE_URL) that show the resource: revalidatePath',
      ),
    paths: z
      .array(z.string())
      .describe('Anonymous API paths whose answers changed, e.g. `/v1/articles/{slug}`'),
    tags: z
      .array(z.string())
      .describe(
        'The Surrogate-Key / Cache-Tag values to purge (`article:<id>`, `articles`, …): revalidateTag',
      ),
  })
  .meta({
    id: 'Event',
    description:
      'A change, without content: enough to purge caches and revalidate pages without another request.',
    examples: [EVENT_EXAMPLE],
  })
export type Event = z.infer<typeof EventSchema>

export const ListEventsQuery = z.strictObject({
  after: z
    .string()
    .max(200)
    .optional()
    .describe(
      'Cursor from `page.nextCursor`: events after it. Without it, from the oldest event kept',
    ),
  types: z
    .string()
    .max(2000)
    .optional()
    .transform((value, ctx) => {
      if (value === undefined) return undefined
      const types = value.split(',').map((t) => t.trim())
      const unknown = types.filter((t) => !(EVENT_TYPES as readonly string[]).includes(t))
      if (unknown.length > 0) {
        ctx.addIssue({ code: 'custom', message: `Unknown event type(s): ${unknown.join(', ')}` })
        return z.NEVER
      }
      return types
    })
    .describe('Comma-separated event types to include, e.g. `article.published,article.deleted`'),
  limit: QueryInt(1, 500, 100).describe('Events per page (1–500)'),
})
export type ListEventsQuery = z.infer<typeof ListEventsQuery>

export const EventListSchema = z
  .object({
    items: z.array(EventSchema),
    page: z.object({
      limit: z.number().int(),
      nextCursor: z
        .string()
        .nullable()
        .describe(
          'Pass as `after` to continue, also on the last page (poll with it for newer events); null only when there are none yet',
        ),
    }),
  })
  .meta({ id: 'EventList', examples: [EVENT_LIST_EXAMPLE] })
