import { buildApp } from '/work/main/src/app.js'
import { openDatabase } from '/work/main/src/db/client.js'
import { applyMigrations } from '/work/main/src/db/migration-engine.js'
import { createKey } from '/work/main/src/modules/keys/keys.service.js'
const db = await openDatabase({ kind: 'pglite', dataDir: undefined })
await applyMigrations(db)
const app = await buildApp({ prisma: db.prisma })
const k = await createKey(db.prisma, { name: 'a', role: 'admin' })
const show = (label: string, r: any) => console.log(label, r.statusCode, r.headers['content-type'], r.body.slice(0, 300))
show('long', await app.inject({ url: '/v1/articles/' + 'a'.repeat(400) }))
show('long250', await app.inject({ url: '/v1/articles/' + 'a'.repeat(250) }))
show('longkey', await app.inject({ method: 'DELETE', url: '/v1/keys/' + 'a'.repeat(400), headers: { authorization: 'Bearer ' + k.key } }))
show('pct', await app.inject({ url: '/v1/articles/%E0%A4%A' }))
show('unknown', await app.inject({ url: '/nope?x=1' }))
show('text', await app.inject({ method: 'POST', url: '/v1/articles', payload: 'hi', headers: { 'content-type': 'text/plain', authorization: 'Bearer ' + k.key } }))
show('xml', await app.inject({ method: 'POST', url: '/v1/articles', payload: '<a/>', headers: { 'content-type': 'application/xml', authorization: 'Bearer ' + k.key } }))
show('malformed', await app.inject({ method: 'POST', url: '/v1/articles', payload: '{"a":', headers: { 'content-type': 'application/json', authorization: 'Bearer ' + k.key } }))
show('basic', await app.inject({ url: '/v1/keys', headers: { authorization: 'Basic abc' } }))
show('big', await app.inject({ method: 'POST', url: '/v1/articles', payload: JSON.stringify({ headline: 'x', body: 'a'.repeat(1024*1024) }), headers: { 'content-type': 'application/json', authorization: 'Bearer ' + k.key } }))
show('keys', await app.inject({ method: 'POST', url: '/v1/keys', payload: { name: ' ', role: 'x', foo: 1 }, headers: { authorization: 'Bearer ' + k.key } }))
show('del', await app.inject({ method: 'DELETE', url: '/v1/keys/abc', headers: { authorization: 'Bearer ' + k.key } }))
show('del404', await app.inject({ method: 'DELETE', url: '/v1/keys/00000000-0000-4000-8000-000000000000', headers: { authorization: 'Bearer ' + k.key } }))
await app.close(); await db.close()
