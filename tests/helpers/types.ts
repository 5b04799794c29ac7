import type { z } from 'zod'
import type { ArticleSchema } from '../../src/modules/articles/articles.schemas.js'

/** An article as the API sends it (the response schema is the contract). */
export type ArticleBody = z.output<typeof ArticleSchema>
