import { omitFields } from '../../lib/fields.js'
import {
  articleKeys,
  fieldsToBuild,
  hiddenFields,
  listItemFields,
} from '../articles/articles.http.js'
import type { ListArticlesQuery } from '../articles/articles.schemas.js'
import type { ArticlesService } from '../articles/articles.service.js'

const ANONYMOUS = { keyed: false }

/**
 * The latest published stories of a section, as an anonymous `GET /v1/articles?section=` lists
 * them (whoever asks: a section page is public), and the surrogate keys they add to the answer.
 */
export async function latestOfSection(articles: ArticlesService, slug: string, limit: number) {
  const shown = listItemFields({})
  const built = fieldsToBuild(shown, ANONYMOUS)
  const query = { limit, section: slug } as ListArticlesQuery
  const list = await articles.list(query, ANONYMOUS, built)
  const hidden = hiddenFields(built, shown)
  return {
    articles: { items: list.items.map((item) => omitFields(item, hidden)), page: list.page },
    keys: ['articles', ...articleKeys(list.items)],
  }
}
