import { type Dispatcher, request } from 'undici'

/** How much of a response body the delivery log keeps; the rest is not even read. */
export const SNIPPET_BYTES = 1024

export interface SendResult {
  ok: boolean
  statusCode: number | null
  durationMs: number
  /** The start of the response body, or why there was no response. */
  snippet: string | null
  error: string | null
}

/**
 * One POST, redirects not followed (a 3xx is a failure: following it could lead anywhere), bounded
 * in time end to end and in the bytes read back.
 */
export async function sendWebhook(
  dispatcher: Dispatcher,
  url: string,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
): Promise<SendResult> {
  const started = performance.now()
  const elapsed = () => Math.round(performance.now() - started)
  try {
    const response = await request(url, {
      method: 'POST',
      headers,
      body,
      dispatcher,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      signal: AbortSignal.timeout(timeoutMs),
    })
    const snippet = await readSnippet(response.body)
    const ok = response.statusCode >= 200 && response.statusCode < 300
    return {
      ok,
      statusCode: response.statusCode,
      durationMs: elapsed(),
      snippet,
      error: ok ? null : `HTTP ${response.statusCode}`,
    }
  } catch (err) {
    const cause = (err as { cause?: unknown }).cause
    const reason = cause instanceof Error ? cause : err instanceof Error ? err : null
    return {
      ok: false,
      statusCode: null,
      durationMs: elapsed(),
      snippet: null,
      error: reason ? `${reason.name}: ${reason.message}`.slice(0, 500) : String(err),
    }
  }
}

async function readSnippet(body: Dispatcher.ResponseData['body']): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  try {
    for await (const chunk of body) {
      chunks.push(chunk as Buffer)
      size += (chunk as Buffer).length
      if (size >= SNIPPET_BYTES) break
    }
  } finally {
    // Whatever was not read is discarded, not downloaded.
    body.destroy()
  }
  return Buffer.concat(chunks).subarray(0, SNIPPET_BYTES).toString('utf8')
}
