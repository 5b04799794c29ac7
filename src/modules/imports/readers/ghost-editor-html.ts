import { escapeUTF8 } from 'entities'
import { renderMarkdown } from '../../../lib/markdown.js'

/**
 * HTML from the JSON of Ghost's editors, for exports whose posts have no `html`: Lexical
 * (Ghost 5) and Mobiledoc (Ghost 1–4). Text, its formatting, links, headings, lists, quotes,
 * images and HTML/Markdown cards are kept; other cards (bookmarks, galleries, products, …) are
 * left out. `undefined` when the JSON cannot be read.
 */
export function lexicalToHtml(json: string): string | undefined {
  const root = parse(json)?.root as LexicalNode | undefined
  return root ? children(root) : undefined
}

export function mobiledocToHtml(json: string): string | undefined {
  const doc = parse(json) as Mobiledoc | undefined
  if (!doc || !Array.isArray(doc.sections)) return undefined
  return doc.sections.map((section) => mobiledocSection(section, doc)).join('')
}

interface LexicalNode {
  type?: string
  text?: string
  format?: number | string
  tag?: string
  listType?: string
  url?: string
  src?: string
  altText?: string
  caption?: string
  html?: string
  markdown?: string
  code?: string
  children?: LexicalNode[]
}

// Lexical's text format bits, outermost first.
const TEXT_FORMATS: [number, string][] = [
  [1, 'strong'],
  [2, 'em'],
  [4, 's'],
  [16, 'code'],
  [32, 'sub'],
  [64, 'sup'],
]

function lexical(node: LexicalNode): string {
  switch (node.type) {
    case 'text':
    case 'extended-text': {
      const format = typeof node.format === 'number' ? node.format : 0
      return TEXT_FORMATS.reduce(
        (html, [bit, tag]) => (format & bit ? `<${tag}>${html}</${tag}>` : html),
        escapeUTF8(node.text ?? ''),
      )
    }
    case 'linebreak':
      return '<br>'
    case 'paragraph':
      return `<p>${children(node)}</p>`
    case 'heading':
    case 'extended-heading':
      return /^h[1-6]$/.test(node.tag ?? '') ? `<${node.tag}>${children(node)}</${node.tag}>` : ''
    case 'quote':
    case 'extended-quote':
    case 'aside':
      return `<blockquote>${children(node)}</blockquote>`
    case 'list': {
      const tag = node.listType === 'number' ? 'ol' : 'ul'
      return `<${tag}>${children(node)}</${tag}>`
    }
    case 'listitem':
      return `<li>${children(node)}</li>`
    case 'link':
      return `<a href="${escapeUTF8(node.url ?? '')}">${children(node)}</a>`
    case 'image':
      return figure(node.src, node.altText, node.caption)
    case 'codeblock':
      return `<pre><code>${escapeUTF8(node.code ?? '')}</code></pre>`
    case 'horizontalrule':
      return '<hr>'
    case 'html':
      return node.html ?? ''
    case 'markdown':
      return renderMarkdown(node.markdown ?? '')
    default:
      return node.children ? children(node) : ''
  }
}

function children(node: LexicalNode): string {
  return (node.children ?? []).map(lexical).join('')
}

interface Mobiledoc {
  markups?: [string, string[]?][]
  cards?: [string, Record<string, string>][]
  sections: unknown[]
}

type Marker = [number, number[], number, string]

function mobiledocSection(section: unknown, doc: Mobiledoc): string {
  if (!Array.isArray(section)) return ''
  const [kind, tagOrCard, content] = section as [number, string | number, unknown]
  if (kind === 1 && typeof tagOrCard === 'string') {
    const tag = /^(p|h[1-6]|blockquote|aside)$/i.test(tagOrCard) ? tagOrCard.toLowerCase() : 'p'
    const html = markers(content as Marker[], doc)
    return tag === 'aside' ? `<blockquote>${html}</blockquote>` : `<${tag}>${html}</${tag}>`
  }
  if (kind === 3 && typeof tagOrCard === 'string') {
    const tag = tagOrCard.toLowerCase() === 'ol' ? 'ol' : 'ul'
    const items = (content as Marker[][]).map((item) => `<li>${markers(item, doc)}</li>`)
    return `<${tag}>${items.join('')}</${tag}>`
  }
  if (kind === 10 && typeof tagOrCard === 'number') {
    const [name, payload = {}] = doc.cards?.[tagOrCard] ?? ['']
    if (name === 'image') return figure(payload.src, payload.alt, payload.caption)
    if (name === 'html') return payload.html ?? ''
    if (name === 'markdown' || name === 'card-markdown') {
      return renderMarkdown(payload.markdown ?? '')
    }
    if (name === 'hr') return '<hr>'
    if (name === 'code') return `<pre><code>${escapeUTF8(payload.code ?? '')}</code></pre>`
  }
  return ''
}

/** Mobiledoc markers: text runs that open markups (by index) and close the innermost n of them. */
function markers(list: Marker[], doc: Mobiledoc): string {
  const open: string[] = []
  let html = ''
  for (const [type, opens, closes, value] of list ?? []) {
    for (const index of opens ?? []) {
      const [tag = 'span', attrs = []] = doc.markups?.[index] ?? []
      const name = tag.toLowerCase()
      const href = name === 'a' ? attrs[attrs.indexOf('href') + 1] : undefined
      html += href !== undefined ? `<a href="${escapeUTF8(href)}">` : `<${name}>`
      open.push(name)
    }
    if (type === 0) html += escapeUTF8(String(value ?? ''))
    for (let n = 0; n < closes; n++) html += `</${open.pop()}>`
  }
  return (
    html +
    open
      .reverse()
      .map((tag) => `</${tag}>`)
      .join('')
  )
}

function figure(src: string | undefined, alt: string | undefined, caption: string | undefined) {
  if (!src) return ''
  const img = `<img src="${escapeUTF8(src)}" alt="${escapeUTF8(alt ?? '')}">`
  return caption ? `<figure>${img}<figcaption>${caption}</figcaption></figure>` : `<p>${img}</p>`
}

function parse(json: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(json)
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}
