import { z } from 'zod'
import { Slug } from '../../schemas/common.js'
import {
  BylineRoleSchema,
  CreateArticleBody,
  StoredArticleStatusSchema,
} from '../articles/articles.schemas.js'
import { NoteKindSchema } from '../articles/notes/article-notes.schemas.js'
import { BylineKindSchema } from '../bylines/bylines.schemas.js'

// One article of an archive: the API's create input (CreateArticleBody), plus what an import
// needs to place it (sourceId, id, dates, old slugs) and what an export must carry to round-trip
// unchanged (trash, kill, notes, the names of its section, tags and bylines).

const create = CreateArticleBody.shape
/** The API's own time rule (years 0001–9999, UTC). */
const Time = create.publishedAt.unwrap().unwrap()
const Name = z.string().trim().min(1).max(200)
/** Tag and section slugs may be non-Latin text (see taxonomySlug), so not the article Slug rule. */
const TaxonomySlug = z.string().trim().min(1).max(120)

/** A section or tag by slug or name (created from the name when missing), or both (export's form). */
const TaxonomyRef = (max: number) =>
  z.union([z.string().trim().min(1).max(max), z.strictObject({ slug: TaxonomySlug, name: Name })])
export type TaxonomyRef = z.infer<ReturnType<typeof TaxonomyRef>>

const BylineRef = z.strictObject({
  slug: Slug,
  name: Name.optional().describe('Used when the byline is created; an existing one keeps its name'),
  kind: BylineKindSchema.optional(),
  role: BylineRoleSchema.default('author'),
})

const NoteRecord = z.strictObject({
  id: z.uuid().optional(),
  kind: NoteKindSchema,
  text: z.string().trim().min(1).max(5000),
  displayedAt: Time,
  createdAt: Time.optional(),
  revision: z.number().int().min(1).optional(),
})

const KillRecord = z.strictObject({
  reason: z.string().trim().min(1).max(2000),
  notice: z.string().trim().min(1).max(2000),
  killedAt: Time,
})

export const ImportRecordSchema = CreateArticleBody.omit({
  section: true,
  tags: true,
  bylines: true,
  status: true,
})
  .extend({
    sourceId: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .describe('The source system id (`wp:4512`): re-importing it updates the same article'),
    id: z.uuid().optional().describe('Our id: kept when given (an export of this CMS)'),
    status: StoredArticleStatusSchema.default('draft'),
    section: TaxonomyRef(200).nullish(),
    tags: z.array(TaxonomyRef(60)).max(20).default([]),
    bylines: z.array(BylineRef).max(30).default([]),
    createdAt: Time.optional(),
    updatedAt: Time.optional(),
    trashedAt: Time.nullish(),
    displayedUpdatedAt: Time.nullish(),
    oldSlugs: z.array(Slug).max(100).default([]),
    notes: z.array(NoteRecord).max(200).default([]),
    kill: KillRecord.nullish().describe('Why a `killed` story was taken down'),
  })
  .superRefine((record, ctx) => {
    const seen = new Set<string>()
    record.bylines.forEach((b, n) => {
      const key = `${b.slug}/${b.role}`
      if (seen.has(key))
        ctx.addIssue({
          code: 'custom',
          path: ['bylines', n],
          message: 'Credited twice in this role',
        })
      seen.add(key)
    })
    if (record.status === 'published' && !record.body.trim())
      ctx.addIssue({ code: 'custom', path: ['body'], message: 'A published story needs a body' })
    if (record.status === 'published' && record.bylines.length === 0 && !record.creditLine?.trim())
      ctx.addIssue({
        code: 'custom',
        path: ['bylines'],
        message: 'A published story needs a byline or a credit line',
      })
  })
export type ImportRecord = z.infer<typeof ImportRecordSchema>
/** A record as written in a file, before defaults. */
export type ImportRecordInput = z.input<typeof ImportRecordSchema>
