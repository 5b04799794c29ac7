import fp from 'fastify-plugin'
import { AppError } from '../errors/app-error.js'

/** Labels of UTF-8 (WHATWG Encoding), compared lower-cased. */
const UTF8_LABELS = new Set(['utf-8', 'utf8', 'unicode-1-1-utf-8'])

/** The charset parameter of a Content-Type header, lower-cased and unquoted, if there is one. */
export function charsetOf(contentType: string | undefined): string | undefined {
  const match = /;\s*charset\s*=\s*(?:"([^"]*)"|([^;\s]*))/i.exec(contentType ?? '')
  return match ? (match[1] ?? match[2] ?? '').toLowerCase() : undefined
}

/**
 * JSON bodies as UTF-8, strictly. Fastify decodes a body as UTF-8 whatever its declared charset,
 * turning bytes that are not UTF-8 into U+FFFD without a word: a Latin-1 "é" would be stored as
 * "�". Here a body declared in another charset is a 415, and one with bytes that are not UTF-8
 * a 400; Fastify's own parser (with its prototype-poisoning checks) then parses the text.
 */
export const jsonBodyPlugin = fp(
  async (app) => {
    const { onProtoPoisoning = 'error', onConstructorPoisoning = 'error' } = app.initialConfig
    const parseJson = app.getDefaultJsonParser(onProtoPoisoning, onConstructorPoisoning)
    const decoder = new TextDecoder('utf-8', { fatal: true })
    app.removeContentTypeParser('application/json')
    app.addContentTypeParser(
      'application/json',
      { parseAs: 'buffer' },
      (request, body: Buffer, done) => {
        const charset = charsetOf(request.headers['content-type'])
        if (charset !== undefined && !UTF8_LABELS.has(charset)) {
          done(
            new AppError(
              415,
              'unsupported-media-type',
              'Unsupported media type',
              `JSON bodies must be UTF-8; charset "${charset}" is not supported. Send "application/json" or "application/json; charset=utf-8".`,
            ),
            undefined,
          )
          return
        }
        let text: string
        try {
          text = decoder.decode(body)
        } catch {
          done(
            new AppError(
              400,
              'malformed-json',
              'Malformed JSON',
              'The body is not valid UTF-8: JSON must be sent as UTF-8 text.',
            ),
            undefined,
          )
          return
        }
        parseJson(request, text, done)
      },
    )
  },
  { name: 'json-body' },
)
