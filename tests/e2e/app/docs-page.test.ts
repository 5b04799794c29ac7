// The interactive reference at /docs, rendered by a real browser (Debian's Chromium, driven by
// playwright-core): under the app's own security headers it must load without a console error,
// a CSP violation or a failed request, list every operation and show the demo-content examples.
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { type Browser, chromium, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { projectRoot } from '../../../src/db/project-paths.js'
import { useTestApp } from '../../helpers/test-app.js'

const ctx = useTestApp()

/** The browser binary: CHROMIUM_PATH, else Debian's (the package .ci/run installs). */
const CHROMIUM = [process.env.CHROMIUM_PATH, '/usr/lib/chromium/chromium', '/usr/bin/chromium']
  .filter((path): path is string => Boolean(path))
  .find((path) => existsSync(path))
if (!CHROMIUM && process.env.CI === 'true')
  throw new Error('Chromium is missing: .ci/run installs the `chromium` package')

const METHODS = ['get', 'put', 'post', 'patch', 'delete']

describe.skipIf(!CHROMIUM)('the interactive reference at /docs in Chromium', () => {
  let browser: Browser
  let page: Page
  const problems: string[] = []

  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      // As root (CI), Chromium refuses to start with its sandbox; the page is our own.
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
    })
    page = await browser.newPage()
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`)
    })
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`))
    page.on('requestfailed', (request) =>
      problems.push(`failed: ${request.url()} ${request.failure()?.errorText}`),
    )
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`)
    })
    const address = ctx.app.server.address()
    if (!address || typeof address === 'string') throw new Error('the app is not listening')
    await page.goto(`http://127.0.0.1:${address.port}/docs`, { waitUntil: 'networkidle' })
  })

  afterAll(async () => {
    await browser?.close()
  })

  it('lists every operation of the document, with no console error or failed request', async () => {
    type Operations = Record<
      string,
      Record<string, { operationId: string; summary: string; tags: string[] }>
    >
    const document = parse(await readFile(join(projectRoot, 'openapi.yaml'), 'utf8')) as {
      paths: Operations
      webhooks: Operations
    }
    const operationsOf = (items: Operations) =>
      Object.values(items).flatMap((ops) =>
        Object.entries(ops)
          .filter(([method]) => METHODS.includes(method))
          .map(([, op]) => op),
      )
    const operations = operationsOf(document.paths)
    // Swagger UI lists the webhooks section's deliveries too, after the paths.
    const webhooks = operationsOf(document.webhooks)
    expect(webhooks.length).toBeGreaterThan(0)
    await page.locator('.opblock').first().waitFor()
    expect(await page.locator('.opblock').count()).toBe(operations.length + webhooks.length)
    for (const op of webhooks)
      expect(await page.locator('.opblock', { hasText: op.summary }).count(), op.summary).toBe(1)
    // Deep links name each operation by its tag and operationId.
    for (const op of operations) {
      const id = `operations-${op.tags[0]?.replaceAll(' ', '_')}-${op.operationId}`
      expect(await page.locator(`[id="${id}"]`).count(), id).toBe(1)
    }
    expect(await page.title()).not.toBe('')
    expect(problems).toEqual([])
  })

  it('shows the demo content as examples, for a request body and a response', async () => {
    const create = page.locator('[id="operations-Articles-createArticle"]')
    await create.locator('.opblock-summary').click()
    const createExample = create.locator('.body-param__example, .microlight').first()
    await createExample.waitFor()
    const createText = (await create.textContent()) ?? ''
    expect(createText).toContain('Serava Basin Commission picks Port Amaran harbour office')
    expect(createText).toContain('zoe-ndlovu')

    const read = page.locator('[id="operations-Articles-getArticle"]')
    await read.locator('.opblock-summary').click()
    await read.locator('.responses-wrapper').waitFor()
    const readText = (await read.textContent()) ?? ''
    expect(readText).toContain('serava-basin-states-sign-water-sharing-accord-geneva')
    expect(readText).toContain('"version": 3')
    expect(readText).toContain('The article, with everything a story page prints')
    // What examples generated from patterns looked like: no such junk.
    expect(readText).not.toContain('-9007199254740991')
    expect(problems).toEqual([])
  })
})
