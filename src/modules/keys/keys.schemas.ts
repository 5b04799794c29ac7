import { z } from 'zod'
import { ApiKeyRoleSchema, ApiKeySchema } from '../../schemas/api-key.js'
import { PageInfo, PaginationQuery } from '../../schemas/common.js'

export const CreatedApiKeySchema = ApiKeySchema.extend({
  key: z.string().describe('The secret key. Shown once: only its hash is stored.'),
}).meta({ id: 'CreatedApiKey' })

export const CreateApiKeyBody = z
  .strictObject({
    name: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .describe('Who or what uses the key, e.g. "night desk" or "ingest bot"'),
    role: ApiKeyRoleSchema,
    sections: z
      .array(z.string().trim().min(1).max(200))
      .max(100)
      .optional()
      .describe(
        'Limits the key to these sections (slugs or names): it writes only stories filed under them, and a syndication key reads only those. Empty or left out: every section. Not for admin keys.',
      ),
  })
  .meta({
    id: 'CreateApiKeyBody',
    examples: [
      { name: 'night desk', role: 'editor' },
      { name: 'sport freelancer', role: 'contributor', sections: ['sport'] },
    ],
  })
export type CreateApiKeyBody = z.infer<typeof CreateApiKeyBody>

export const ListApiKeysQuery = PaginationQuery

export const ApiKeyListSchema = z
  .object({ items: z.array(ApiKeySchema), page: PageInfo })
  .meta({ id: 'ApiKeyList' })

export const ApiKeyIdParams = z.object({ id: z.uuid() })
