import { decodeHTML } from 'entities'
import TurndownService from 'turndown'

const SAFE_URL = /^(?:https?:|mailto:|\/|#)/i

const turndown = new TurndownService({
  headingStyle: 'atx',
  hr: '---',
  bulletListMarker: '-',
  codeBlockStyle: 'fenced',
  emDelimiter: '_',
})

// What must never reach a story, not even as text: code, styles and form controls.
const DROPPED = new Set([
  'SCRIPT',
  'STYLE',
  'NOSCRIPT',
  'TEMPLATE',
  'OBJECT',
  'EMBED',
  'FORM',
  'SVG',
])
turndown.remove((node) => DROPPED.has(node.nodeName.toUpperCase()))

// An embedded player becomes a link to it on a line of its own (linkified when rendered), not a frame.
turndown.addRule('iframe', {
  filter: 'iframe',
  replacement: (_content, node) => {
    const src = (node as HTMLElement).getAttribute('src') ?? ''
    return /^https?:\/\//i.test(src) ? `\n\n<${src}>\n\n` : ''
  },
})

// Links and images whose address is not the web's (javascript:, data:, …) keep only their text.
turndown.addRule('unsafeLink', {
  filter: (node) => node.nodeName === 'A' && !SAFE_URL.test(node.getAttribute('href') ?? ''),
  replacement: (content) => content,
})
turndown.addRule('unsafeImage', {
  filter: (node) => node.nodeName === 'IMG' && !SAFE_URL.test(node.getAttribute('src') ?? ''),
  replacement: () => '',
})

// List items with one space after the marker ("- item", "1. item"), as people write Markdown.
turndown.addRule('listItem', {
  filter: 'li',
  replacement: (content, node) => {
    const parent = node.parentNode as HTMLElement | null
    let prefix = '- '
    if (parent?.nodeName === 'OL') {
      const start = Number(parent.getAttribute('start') ?? 1) || 1
      prefix = `${start + Array.prototype.indexOf.call(parent.children, node)}. `
    }
    const paragraph = /\n$/.test(content)
    const text = content.replace(/^\n+|\n+$/g, '') + (paragraph ? '\n' : '')
    return (
      prefix +
      text.replace(/\n/g, `\n${' '.repeat(prefix.length)}`) +
      (node.nextSibling ? '\n' : '')
    )
  },
})

// A quotation's source under it, as a line of its own.
turndown.addRule('quoteSource', {
  filter: (node) => node.nodeName === 'CITE' && node.parentNode?.nodeName === 'BLOCKQUOTE',
  replacement: (content) => `\n\n— ${content.trim()}\n\n`,
})

// Tables as GFM pipe tables (markdown-it renders them), the first row as the header.
turndown.addRule('tableCell', {
  filter: ['th', 'td'],
  replacement: (content, node) => {
    const cell = content
      .trim()
      .replace(/\s*\n\s*/g, ' ')
      .replace(/\|/g, '\\|')
    return `${node.previousElementSibling ? '' : '|'} ${cell} |`
  },
})
turndown.addRule('tableRow', {
  filter: 'tr',
  replacement: (content, node) => {
    const table = node.closest('table')
    if (table?.querySelector('tr') !== node) return `\n${content}`
    return `\n${content}\n|${' --- |'.repeat(node.children.length)}`
  },
})
turndown.addRule('table', {
  filter: 'table',
  replacement: (content) => `\n\n${content.replace(/\n+/g, '\n').trim()}\n\n`,
})
turndown.addRule('tableSection', {
  filter: ['thead', 'tbody', 'tfoot'],
  replacement: (content) => content,
})

/** An HTML story body as Markdown: entities decoded, scripts, styles and frames left out. */
export function htmlToMarkdown(html: string): string {
  return turndown.turndown(html).trim()
}

/** Text that an export holds as HTML (titles, excerpts, names): tags dropped, entities decoded. */
export function htmlToText(html: string): string {
  const spaced = html.replace(/<(?:br|\/?(?:p|div|li|h[1-6]|blockquote|td|th|tr))\b[^>]*>/gi, ' ')
  return decodeHTML(spaced.replace(/<[^>]*>/g, ''))
    .replace(/\s+/g, ' ')
    .trim()
}
