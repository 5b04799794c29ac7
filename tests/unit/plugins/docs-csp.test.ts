// The interactive reference's Content-Security-Policy allows Swagger UI's inline styles by hash:
// an upgrade that changes them must change the hash too (a stale one only loses the logo's
// colours, and logs a CSP violation in the browser's console).
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DOCS_CSP, DOCS_LOGO_STYLE_HASH } from '../../../src/plugins/swagger.js'

const require = createRequire(import.meta.url)
const staticDir = join(dirname(require.resolve('@fastify/swagger-ui/package.json')), 'static')

/** The text of every `<style>` element the bundle creates (React's createElement("style", null, "…")). */
async function inlineStyles(file: string): Promise<string[]> {
  const source = await readFile(join(staticDir, file), 'utf8')
  return [...source.matchAll(/createElement\("style",null,"((?:[^"\\]|\\.)*)"\)/g)].map((m) =>
    JSON.parse(`"${m[1]}"`),
  )
}

describe('the CSP of /docs', () => {
  it('allows by hash each inline style Swagger UI creates, and no other', async () => {
    const styles = [
      ...(await inlineStyles('swagger-ui-bundle.js')),
      ...(await inlineStyles('swagger-ui-standalone-preset.js')),
    ]
    const hashes = styles.map(
      (text) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`,
    )
    expect(hashes).toEqual([DOCS_LOGO_STYLE_HASH])
    expect(DOCS_CSP['style-src']).toEqual(["'self'", DOCS_LOGO_STYLE_HASH])
  })

  it('allows no inline script and no other origin', () => {
    const sources = Object.values(DOCS_CSP).flat()
    expect(sources.filter((s) => s.includes('unsafe'))).toEqual([])
    expect(sources.filter((s) => !s.startsWith("'") && s !== 'data:')).toEqual([])
  })
})
