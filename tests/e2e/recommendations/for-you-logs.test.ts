// A reader's recently read stories never reach the log, in either form (header or query), whoever
// answers: the route, the response cache, a validation problem.
import supertest from 'supertest'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { type App, buildApp } from '../../../src/app.js'
import { loggerOptions } from '../../../src/plugins/edge.js'
import { createArticle } from '../../helpers/factories.js'
import { createSlot } from '../../helpers/slots.js'
import { useTestApp } from '../../helpers/test-app.js'

const ctx = useTestApp()
const lines: string[] = []
let logged: App

beforeAll(async () => {
  // The production logger settings (server.ts), at the most verbose level, into memory.
  const stream = { write: (line: string) => void lines.push(line) }
  logged = await buildApp({
    prisma: ctx.db.prisma,
    clock: ctx.clock.now,
    logger: { ...loggerOptions('trace'), stream },
  })
  await logged.ready()
})
afterAll(() => logged?.close())

it('logs no slug or id a reader read, from the header or the query', async () => {
  const read = ['secret-story-one', 'secret-story-two', 'secret-story-three']
  for (const slug of ['page-story', ...read])
    await createArticle(ctx, { slug, status: 'published', tags: ['water'], section: 'world' })
  const withId = await createArticle(ctx, { slug: 'secret-story-four', status: 'published' })
  await createSlot(ctx, { key: 'for-you', label: 'For you', fill: 'automatic', capacity: 4 })
  const api = supertest(logged.server)
  const url = '/v1/articles/page-story/recommendations'
  const header = [...read, withId.id].join(',')
  const statuses: number[] = []
  for (let i = 0; i < 2; i++) {
    // Twice: a miss (the route), then a hit (the response cache).
    statuses.push((await api.get(url).set('recently-read', header)).status)
    statuses.push((await api.get(`${url}?exclude=${read.join(',')}`)).status)
    statuses.push(
      (await api.get(url).set('recently-read', header).set('x-request-id', 'r1')).status,
    )
  }
  statuses.push((await api.get(url).set('recently-read', `${header},NOT A SLUG`)).status)
  statuses.push((await api.get(`${url}?exclude=${read[0]},NOT%20A%20SLUG`)).status)
  statuses.push((await api.get(`${url}?exclude=${read[0]}&bogus=${read[1]}`)).status)
  statuses.push(
    (await api.get(url).set('recently-read', header).set('authorization', ctx.auth.editor)).status,
  )
  expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 400, 400, 400, 200])

  const log = lines.join('')
  // The log saw every request: the page's own slug is in each line's path.
  expect(log.match(/"path":"\/v1\/articles\/page-story\/recommendations"/g)).toHaveLength(10)
  expect(log).toContain('"params":"exclude"')
  for (const secret of [...read, 'secret-story-four', withId.id]) expect(log).not.toContain(secret)
})
