import MarkdownIt from 'markdown-it'

// Raw HTML off: any <script> or inline handler in the Markdown comes out as escaped text.
// markdown-it's link validation already refuses javascript:, vbscript:, file: and non-image data: URLs.
const md = new MarkdownIt({ html: false, linkify: true, typographer: false })

export function renderMarkdown(source: string): string {
  return md.render(source)
}

const WORD = /[\p{L}\p{N}]+(?:['’.-][\p{L}\p{N}]+)*/gu
const WORDS_PER_MINUTE = 230

/** Words of the text a reader sees (link targets and markup excluded), and minutes to read them. */
export function readingStats(html: string): { wordCount: number; readingTimeMinutes: number } {
  const text = html.replace(/<[^>]*>/g, ' ').replace(/&[a-z]+;|&#\d+;/gi, ' ')
  const wordCount = text.match(WORD)?.length ?? 0
  return { wordCount, readingTimeMinutes: Math.ceil(wordCount / WORDS_PER_MINUTE) }
}
