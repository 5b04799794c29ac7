import { z } from 'zod'
import { articleUrl, type PublicSite } from '../../../lib/public-site.js'
import { IsoDateTime } from '../../../schemas/common.js'
import { articleUri, modifiedAt } from '../syndication/article-syndication.js'
import type { Article } from '../articles.schemas.js'

export const NINJS_SCHEMA_URL = 'https://www.iptc.org/std/ninjs/ninjs-schema_2.1.json'

const Text = z.object({ role: z.string(), contenttype: z.string().optional(), value: z.string() })
const Rendition = z.object({
  name: z.string(),
  href: z.string(),
  contenttype: z.string().optional(),
  title: z.string().optional(),
})

const PictureAssociation = z.object({
  name: z.literal('featureimage'),
  uri: z.string().describe('The image URL'),
  type: z.literal('picture'),
  representationtype: z.literal('partial'),
  descriptions: z.array(Text).describe('`alt` text and, when there is one, the `caption`'),
  by: z.string().optional().describe('The image credit'),
  renditions: z.array(Rendition),
})

/** Property names follow the IPTC ninjs 2.1 JSON Schema; only the ones this CMS can fill are sent. */
export const NinjsSchema = z
  .object({
    standard: z.object({ name: z.literal('ninjs'), version: z.literal('2.1'), schema: z.string() }),
    uri: z.string().describe('`urn:uuid:` + the article id: stable across slug changes'),
    type: z.literal('text'),
    representationtype: z.literal('full'),
    version: z.string().describe('The article version'),
    firstcreated: IsoDateTime.describe('First publication'),
    versioncreated: IsoDateTime.describe('Last change seen by readers'),
    contentcreated: IsoDateTime.describe('When the article was created in the CMS'),
    pubstatus: z
      .enum(['usable', 'canceled'])
      .describe('`canceled`: the story was killed; take it down (no body is sent)'),
    ednote: z.string().optional().describe('For a killed story: the kill notice'),
    embargoed: IsoDateTime.optional().describe(
      'Under embargo until this time: do not publish before it',
    ),
    language: z.string(),
    slugline: z.string().describe('The slug'),
    headlines: z.array(Text).describe('`main`: the headline'),
    descriptions: z
      .array(Text)
      .optional()
      .describe(
        '`summary`: the dek, when there is one; `disclosure`: the label of sponsored or partner content; then the notes, newest first, with their kind as role (`correction`, `clarification`, `editors-note`, `update`)',
      ),
    bodies: z
      .array(Text.extend({ wordcount: z.number().int() }))
      .describe('`main`: the body as HTML'),
    by: z
      .string()
      .optional()
      .describe('The display byline, or the credit line when nobody is credited by name'),
    infosources: z
      .array(z.object({ name: z.string(), literal: z.string() }))
      .optional()
      .describe('Credited agencies, which originated the copy; `literal` is the byline slug'),
    subjects: z
      .array(z.object({ name: z.string(), rel: z.enum(['section', 'tag']) }))
      .optional()
      .describe('The section and the tags'),
    renditions: z.array(Rendition).describe('`web`: the story on the public site'),
    associations: z.array(PictureAssociation).optional().describe('`featureimage`: the hero image'),
  })
  .meta({
    id: 'Ninjs',
    description:
      'The article as IPTC ninjs 2.1 (News in JSON), see https://www.iptc.org/std/ninjs/',
  })
export type Ninjs = z.infer<typeof NinjsSchema>

function heroAssociation(
  image: NonNullable<Article['heroImage']>,
): z.infer<typeof PictureAssociation> {
  return {
    name: 'featureimage',
    uri: image.url,
    type: 'picture',
    representationtype: 'partial',
    descriptions: [
      { role: 'alt', value: image.alt },
      ...(image.caption ? [{ role: 'caption', value: image.caption }] : []),
    ],
    ...(image.credit ? { by: image.credit } : {}),
    renditions: [{ name: 'original', href: image.url }],
  }
}

/**
 * The article as IPTC ninjs 2.1 for partners. Credited people appear in `by` only: ninjs
 * `people` and `organisations` are what a story is about, not who wrote it.
 * @see https://www.iptc.org/std/ninjs/userguide/
 */
export function toNinjs(article: Article, site: PublicSite): Ninjs {
  const agencies = article.bylines.filter((c) => c.kind === 'agency')
  const subjects = [
    ...(article.section ? [{ name: article.section.name, rel: 'section' as const }] : []),
    ...article.tags.map((tag) => ({ name: tag, rel: 'tag' as const })),
  ]
  const by = article.bylineText ?? article.creditLine
  // ninjs has no sponsor property; a description's role is free text, so the label travels as one.
  // Notes as further descriptions, role = their kind (`correction`, `update`, …), newest first.
  const descriptions = [
    ...(article.dek ? [{ role: 'summary', value: article.dek }] : []),
    ...(article.sponsorship ? [{ role: 'disclosure', value: article.sponsorship.disclosure }] : []),
    ...article.notes.map((note) => ({
      role: note.kind,
      contenttype: 'text/html',
      value: note.textHtml,
    })),
  ]
  return {
    standard: { name: 'ninjs', version: '2.1', schema: NINJS_SCHEMA_URL },
    uri: articleUri(article),
    type: 'text',
    representationtype: 'full',
    version: String(article.version),
    firstcreated: article.publishedAt ?? article.createdAt,
    versioncreated: modifiedAt(article),
    contentcreated: article.createdAt,
    pubstatus: 'usable',
    // Scheduled with an embargo: partners read it early and must hold it until then.
    ...(article.embargoUntil && article.status === 'scheduled'
      ? { embargoed: article.embargoUntil }
      : {}),
    language: article.language,
    slugline: article.slug,
    headlines: [{ role: 'main', value: article.headline }],
    ...(descriptions.length > 0 ? { descriptions } : {}),
    bodies: [
      {
        role: 'main',
        contenttype: 'text/html',
        value: article.bodyHtml,
        wordcount: article.wordCount,
      },
    ],
    ...(by ? { by } : {}),
    ...(agencies.length > 0
      ? { infosources: agencies.map((a) => ({ name: a.name, literal: a.slug })) }
      : {}),
    ...(subjects.length > 0 ? { subjects } : {}),
    renditions: [
      {
        name: 'web',
        href: articleUrl(site, article.slug),
        contenttype: 'text/html',
        title: article.headline,
      },
    ],
    ...(article.heroImage ? { associations: [heroAssociation(article.heroImage)] } : {}),
  }
}

/** A killed story for partners: `canceled`, with the kill notice and without its body. */
export function toCanceledNinjs(article: Article, notice: string, site: PublicSite): Ninjs {
  return { ...toNinjs(article, site), pubstatus: 'canceled', ednote: notice, bodies: [] }
}
