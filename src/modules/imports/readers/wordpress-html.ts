/**
 * WordPress's stored post content as the HTML a visitor saw: classic-editor text gets its
 * paragraphs the way WordPress's `wpautop` adds them on display (block-editor content, marked by
 * `<!-- wp:… -->` comments, already has them), and the shortcodes a story body uses are expanded.
 */
export function wordpressHtml(content: string): string {
  const html = expandShortcodes(content)
  return html.includes('<!-- wp:') ? html : autoParagraphs(html)
}

// WordPress's own list of block elements, plus the ones the Markdown conversion drops or replaces.
const BLOCK =
  'address|article|aside|blockquote|details|div|dl|dd|dt|fieldset|figure|figcaption|footer|form|h[1-6]|header|hr|iframe|li|menu|nav|ol|p|pre|script|section|style|summary|table|thead|tbody|tfoot|tr|td|th|ul'
const OPENS_BLOCK = new RegExp(`(<(?:${BLOCK})[\\s/>])`, 'gi')
const CLOSES_BLOCK = new RegExp(`(</(?:${BLOCK})>)`, 'gi')
const STARTS_WITH_BLOCK = new RegExp(`^</?(?:${BLOCK})[\\s/>]`, 'i')

/** Blank lines end paragraphs and single newlines are line breaks, outside block elements and <pre>. */
function autoParagraphs(html: string): string {
  const pre: string[] = []
  const guarded = html
    .replace(/\r\n?/g, '\n')
    .replace(/<pre[\s>][\s\S]*?<\/pre>/gi, (block) => `<pre data-kept="${pre.push(block) - 1}"/>`)
    .replace(OPENS_BLOCK, '\n\n$1')
    .replace(CLOSES_BLOCK, '$1\n\n')
  return guarded
    .split(/\n\s*\n/)
    .map((chunk) => chunk.trim())
    .filter((chunk) => chunk !== '')
    .map((chunk) =>
      STARTS_WITH_BLOCK.test(chunk) ? chunk : `<p>${chunk.replace(/\n/g, '<br>\n')}</p>`,
    )
    .join('\n')
    .replace(/<pre data-kept="(\d+)"\/>/g, (_, i: string) => pre[Number(i)] ?? '')
}

function expandShortcodes(html: string): string {
  return (
    html
      // [caption]<img …> The caption[/caption]: an image with its caption under it.
      .replace(/\[caption[^\]]*\]([\s\S]*?)\[\/caption\]/g, (_, inner: string) => {
        const parts = /^\s*((?:<a\s[^>]*>\s*)?<img\s[^>]*>(?:\s*<\/a>)?)([\s\S]*)$/i.exec(inner)
        if (!parts) return inner
        return `<figure>${parts[1]}<figcaption>${parts[2]?.trim()}</figcaption></figure>`
      })
      // [embed]https://…[/embed]: the address, which Markdown rendering turns into a link.
      .replace(/\[embed[^\]]*\]\s*(\S+?)\s*\[\/embed\]/g, '\n\n$1\n\n')
      // Galleries and players stand for media files, which are not imported.
      .replace(/\[(gallery|playlist|audio|video)\b[^\]]*\](?:[\s\S]*?\[\/\1\])?/g, '')
  )
}
