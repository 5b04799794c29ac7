import type { FastifyRequest } from 'fastify'

/**
 * A route whose answer differs per reader by a request header (such as the stories a reader read
 * recently), declared in the route's `config.personal`. The response cache (src/cache/) then keeps
 * such answers out of every shared cache and builds them in process: the route's handler keeps
 * what every reader's answer is built from (keepPersonalBasis), the cache stores it under the
 * shared URL, and a later personal request is answered by `derive` from it without the route.
 * See docs/caching.md, "Personal answers".
 */
export interface PersonalAnswers<Basis = never, Input = never> {
  /** The request header that carries the reader's input, as documented (`Recently-Read`). */
  header: string
  /** A query parameter that carries the same input (an older form): left out of the shared URL. */
  query?: string
  /**
   * The input, from the header's value and the query parameter's values, as the route's
   * validation would accept it; undefined when it would not (the route then answers the 400).
   */
  parse(header: string | undefined, query: readonly string[]): Input | undefined
  /** The JSON body of the answer for `input`; undefined when `basis` cannot tell (the route answers). */
  derive(basis: Basis, input: Input): string | undefined
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Answers that differ per reader by a header: see PersonalAnswers. */
    personal?: PersonalAnswers<unknown, unknown>
  }
  interface FastifyRequest {
    /** What the handler built every reader's answer from: see keepPersonalBasis. */
    personalBasis: unknown
    /** The basis the cache holds for the shared URL, when it could not answer from it: see cachedPersonalBasis. */
    cachedPersonalBasis: unknown
  }
}

/** Declares a route's personal answers (see PersonalAnswers) for its `config.personal`. */
export function personalAnswers<Basis, Input>(
  spec: PersonalAnswers<Basis, Input>,
): PersonalAnswers<unknown, unknown> {
  return spec as unknown as PersonalAnswers<unknown, unknown>
}

/**
 * Hands the cache what every reader's answer to this request's URL is built from (the route's
 * `derive` takes it), with the surrogate keys declared for the response (tagResponse), which must
 * cover everything in it. Kept only for anonymous requests, like cached answers.
 */
export function keepPersonalBasis(request: FastifyRequest, basis: unknown): void {
  request.personalBasis = basis
}

/**
 * The basis the response cache holds for this request's shared URL, when `derive` could not answer
 * from it (undefined otherwise): the handler need not build it again to find that out.
 */
export function cachedPersonalBasis(request: FastifyRequest): unknown {
  return request.cachedPersonalBasis ?? undefined
}
