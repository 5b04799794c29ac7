import { z } from 'zod'
import { IsoDateTime } from './common.js'

// An API key as requests carry it: shared by the keys module, which stores keys, and the auth
// plugin, which resolves a request's key, without the plugin depending on the module.

export const ApiKeyRoleSchema = z
  .enum(['contributor', 'editor', 'chief', 'admin', 'syndication'])
  .describe(
    'contributor: file drafts and edit their own drafts; editor: write and publish articles, bylines and slot items; ' +
      'chief: an editor who also configures slots and deletes for good; admin: everything, keys and audit included; ' +
      'syndication: read-only, published stories (ninjs included)',
  )
export type ApiKeyRole = z.infer<typeof ApiKeyRoleSchema>

export const ApiKeySchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    role: ApiKeyRoleSchema,
    prefix: z.string().describe('The first characters of the key, to tell keys apart'),
    createdAt: IsoDateTime,
    lastUsedAt: IsoDateTime.nullable(),
    sections: z
      .array(z.string())
      .describe(
        'The slugs of the sections the key is limited to (current slugs: a renamed section stays in the limit); empty: every section',
      ),
  })
  .meta({ id: 'ApiKey' })
export type ApiKey = z.infer<typeof ApiKeySchema>
