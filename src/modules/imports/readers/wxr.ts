import sax from 'sax'
import type { SourceItem } from './source-item.js'
import { Spool } from './spool.js'
import {
  type WxrAttachment,
  type WxrChannel,
  type WxrItem,
  heroImage,
  wxrAttachment,
  wxrPost,
} from './wxr-item.js'
import type { ReaderRecord } from './reader-record.js'

interface Deferred {
  at: string
  record: ReaderRecord
  thumbnailId: string
}

/**
 * Reads a WordPress export (WXR) as it streams, an `<item>` at a time: memory holds one item,
 * the authors and categories, and each attachment's URL, alt text and caption (for featured
 * images). A post whose featured image comes later in the file waits on disk (a spool) until
 * the end, when every attachment has been seen.
 */
export async function* readWxr(input: NodeJS.ReadableStream): AsyncGenerator<SourceItem> {
  const channel: WxrChannel = { authors: new Map(), categoryById: new Map() }
  const attachments = new Map<string, WxrAttachment>()
  const spool = new Spool<Deferred>()
  const ready: (SourceItem | Deferred)[] = []
  const parser = sax.parser(true, { trim: false, normalize: false, position: true })
  let failure: Error | undefined
  let itemNumber = 0

  const stack: string[] = []
  let text = ''
  let item: (WxrItem & { line: number }) | undefined
  let meta: { key: string; value: string } | undefined
  let category: { domain: string; nicename: string } | undefined
  let container: Record<string, string> | undefined
  let skipDepth = 0

  parser.onerror = (error) => {
    failure ??= error
  }
  parser.ontext = (t) => {
    text += t
  }
  parser.oncdata = (t) => {
    text += t
  }
  parser.onopentag = (node) => {
    if (failure) return // sax carries on after an error; nothing after it can be trusted
    stack.push(node.name)
    text = ''
    if (skipDepth > 0) return
    const attr = (name: string) => String(node.attributes[name] ?? '')
    switch (node.name) {
      case 'item':
        item = { fields: {}, categories: [], meta: [], line: parser.line + 1 }
        itemNumber++
        break
      case 'wp:comment':
        if (item) skipDepth = stack.length
        break
      case 'wp:postmeta':
        if (item) meta = { key: '', value: '' }
        break
      case 'category':
        if (item) category = { domain: attr('domain'), nicename: attr('nicename') }
        break
      case 'wp:author':
      case 'wp:category':
        if (!item) container = {}
        break
    }
  }
  parser.onclosetag = (name) => {
    if (failure) return
    stack.pop()
    const parent = stack[stack.length - 1]
    if (skipDepth > 0) {
      if (stack.length < skipDepth) skipDepth = 0
      return
    }
    if (meta && name === 'wp:meta_key') meta.key = text
    else if (meta && name === 'wp:meta_value') meta.value = text
    else if (meta && name === 'wp:postmeta') {
      item?.meta.push(meta)
      meta = undefined
    } else if (category && name === 'category') {
      item?.categories.push({ ...category, name: text })
      category = undefined
    } else if (item && name === 'item') {
      const done = item
      item = undefined
      finishItem(done)
    } else if (item && parent === 'item') item.fields[name] = text
    else if (container && (parent === 'wp:author' || parent === 'wp:category')) {
      container[name] = text
    } else if (container && name === 'wp:author') {
      const login = container['wp:author_login'] ?? ''
      channel.authors.set(login, {
        login,
        displayName: container['wp:author_display_name']?.trim() ?? '',
      })
      container = undefined
    } else if (container && name === 'wp:category') {
      channel.categoryById.set(container['wp:term_id'] ?? '', {
        nicename: container['wp:category_nicename'] ?? '',
        name: container['wp:cat_name'] ?? '',
      })
      container = undefined
    } else if (name === 'language' && parent === 'channel' && text.trim()) {
      channel.language = text.trim()
    }
    text = ''
  }

  function finishItem(done: WxrItem & { line: number }) {
    const id = done.fields['wp:post_id'] ?? '?'
    const at = `item ${itemNumber} (post ${id}, line ${done.line})`
    if (done.fields['wp:post_type'] === 'attachment') {
      const attachment = wxrAttachment(done)
      if (attachment) attachments.set(id, attachment)
    }
    const post = wxrPost(done, channel)
    if ('skip' in post) {
      ready.push({ at, error: post.skip })
      return
    }
    const { record, thumbnailId } = post
    const attachment = thumbnailId ? attachments.get(thumbnailId) : undefined
    if (thumbnailId && !attachment) ready.push({ at, record, thumbnailId })
    else ready.push({ at, record: withHero(record, attachment) })
  }

  try {
    const decoder = new TextDecoder('utf-8')
    for await (const chunk of input) {
      parser.write(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }))
      yield* flush()
      if (failure) break
    }
    if (!failure) parser.write(decoder.decode()).close()
    yield* flush()
    if (failure) {
      yield { at: `line ${parser.line + 1}`, error: { field: 'xml', message: xmlMessage(failure) } }
      return
    }
    for await (const { at, record, thumbnailId } of spool.drain()) {
      yield { at, record: withHero(record, attachments.get(thumbnailId)) }
    }
    if (itemNumber === 0) {
      yield {
        at: 'file',
        error: { field: 'channel', message: 'no items: not a WordPress export (WXR)?' },
      }
    }
  } finally {
    await spool.close()
  }

  async function* flush(): AsyncGenerator<SourceItem> {
    for (const entry of ready.splice(0)) {
      if ('thumbnailId' in entry) await spool.add(entry)
      else yield entry
    }
  }
}

function withHero(record: ReaderRecord, attachment: WxrAttachment | undefined): ReaderRecord {
  const hero = attachment && heroImage(attachment)
  return hero ? { ...record, heroImage: hero } : record
}

/** sax's message without its own "Line: … Column: … Char: …" lines (the item says where). */
function xmlMessage(error: Error): string {
  return `not well-formed XML: ${error.message.split('\n')[0]}`
}
