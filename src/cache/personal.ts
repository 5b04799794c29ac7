import type { IncomingMessage } from 'node:http'
import type { PersonalAnswers } from '../plugins/personal-answers.js'

/** A personal request's input, raw: the header's value and the query parameter's values. */
export interface PersonalInput {
  header: string | undefined
  query: string[]
}

/**
 * The reader's input a request carries for a route with personal answers (see
 * plugins/personal-answers.ts): the header, unless blank, and the query parameter's values. Null
 * when it carries neither: the request asks for the shared answer.
 */
export function personalInput(req: IncomingMessage, spec: PersonalAnswers<unknown, unknown>) {
  const value = req.headers[spec.header.toLowerCase()]
  const header = typeof value === 'string' && value.trim() !== '' ? value : undefined
  const search = spec.query ? (req.url ?? '').split('?', 2)[1] : undefined
  const query = search ? new URLSearchParams(search).getAll(spec.query ?? '') : []
  return header === undefined && query.length === 0 ? null : ({ header, query } as PersonalInput)
}
