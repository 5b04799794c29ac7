// Feeds link to themselves under PUBLIC_SITE_URL, whatever Host (or X-Forwarded-Host) a client
// sends: a forged one must not reach CDN caches or feed readers, which follow self links.
import { XMLParser } from 'fast-xml-parser'
import supertest from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type App, buildApp } from '../../../src/app.js'
import { createArticle } from '../../helpers/factories.js'
import { useTestApp } from '../../helpers/test-app.js'

const ctx = useTestApp()
const SITE = 'https://news.example/en'
const parser = new XMLParser({ ignoreAttributes: false })

/** Every link of a feed document that names a feed (self and alternates, ids). */
function feedUrls(format: string, body: string): string[] {
  if (format === 'json') return [JSON.parse(body).feed_url]
  const doc = parser.parse(body)
  if (format === 'rss') return [doc.rss.channel['atom:link']['@_href']]
  const links: string[] = [doc.feed.link]
    .flat()
    .map((l: Record<string, string>) => String(l['@_href']))
  return [doc.feed.id, ...links.filter((href) => href.includes('/v1/feeds/'))]
}

describe('feed links', () => {
  let app: App
  beforeAll(async () => {
    // Behind a proxy, so that X-Forwarded-Host and -Proto would be believed if anything read them.
    app = await buildApp({ prisma: ctx.db.prisma, publicSiteUrl: SITE, trustProxy: true })
    await app.ready()
  })
  afterAll(async () => {
    await app?.close()
  })

  it.each(['rss', 'atom', 'json'])(
    'of the %s feed are under PUBLIC_SITE_URL whatever Host the request names',
    async (format) => {
      await createArticle(ctx, { status: 'published' })
      const api = supertest(app.server)
      const forged = [
        { host: 'evil.example' },
        {
          host: 'evil.example',
          'x-forwarded-host': 'evil.example:8443',
          'x-forwarded-proto': 'https',
        },
        { host: 'localhost:3000' },
      ]
      for (const headers of forged) {
        const res = await api
          .get(`/v1/feeds/${format}?section=world`)
          .set(headers)
          .buffer(true)
          .parse((r, done) => {
            let text = ''
            r.on('data', (chunk) => (text += chunk))
            r.on('end', () => done(null, text))
          })
        expect(res.status).toBe(200)
        const body = String(res.body)
        expect(body).not.toContain('evil.example')
        const urls = feedUrls(format, body)
        expect(urls.length).toBeGreaterThan(0)
        for (const url of urls) expect(url).toBe(`${SITE}/v1/feeds/${format}?section=world`)
      }
    },
  )
})
