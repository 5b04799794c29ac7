// Layers of src/, each importing only the ones below it (`npm run lint:deps` checks this):
//
//   entry points   server.ts, cli/          (cli may import anything)
//   boot/          start-up preparation: migrations, first key, demo content
//   app            app.ts, openapi.ts
//   modules/       one folder per resource
//   plugins/, cache/
//   db/            client, raw reads, change feed, migrations
//   floor          lib/ (pure helpers), errors/, schemas/, config.ts
//
// No import circles at all, type-only imports included.

const ENTRY = '^src/(server[.]ts$|cli/)'
const BOOT = '^src/boot/'
const APP = '^src/(app|openapi)[.]ts$'
const MODULES = '^src/modules/'
const PLUGINS_AND_CACHE = '^src/(plugins|cache)/'
const DB = '^src/db/'
const FLOOR = '^src/((lib|errors|schemas)/|config[.]ts$)'

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'Modules that import each other (even for types only) are one unit split in two: move what they share to a leaf file.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'entry-points-are-not-imported',
      severity: 'error',
      comment:
        'server.ts and the command-line tools sit on top: nothing but another command-line file imports them.',
      from: { path: '^src/', pathNot: '^src/cli/' },
      to: { path: ENTRY },
    },
    {
      name: 'boot-points-down',
      severity: 'error',
      comment: 'boot/ prepares a database for the app; it must not import the entry points.',
      from: { path: BOOT },
      to: { path: ENTRY },
    },
    {
      name: 'app-points-down',
      severity: 'error',
      comment:
        'app.ts and openapi.ts assemble modules and plugins; start-up belongs to boot/ and the entry points.',
      from: { path: APP },
      to: { path: [BOOT, ENTRY] },
    },
    {
      name: 'modules-point-down',
      severity: 'error',
      comment:
        'A module is registered by the app; it must not import the app, boot/ or the entry points.',
      from: { path: MODULES },
      to: { path: [APP, BOOT, ENTRY] },
    },
    {
      name: 'modules-do-not-see-the-cache',
      severity: 'error',
      comment:
        'The response cache is one door the app opens: modules report changes to the change feed, declare what a response depends on (plugins/response-tags) and register schedules (db/visibility-schedule), and never import cache/.',
      from: { path: MODULES },
      to: { path: '^src/cache/' },
    },
    {
      name: 'plugins-and-cache-point-down',
      severity: 'error',
      comment:
        'Plugins and the response cache serve every module: what they need from a module, the app passes in as an option.',
      from: { path: PLUGINS_AND_CACHE },
      to: { path: [MODULES, APP, BOOT, ENTRY] },
    },
    {
      name: 'db-points-down',
      severity: 'error',
      comment: 'db/ is the data floor: it knows nothing of HTTP, the cache or the modules.',
      from: { path: DB },
      to: { path: [PLUGINS_AND_CACHE, MODULES, APP, BOOT, ENTRY] },
    },
    {
      name: 'floor-points-nowhere-up',
      severity: 'error',
      comment:
        'lib/, errors/, schemas/ and config.ts are used by every layer and import none of them.',
      from: { path: FLOOR },
      to: { path: [DB, PLUGINS_AND_CACHE, MODULES, APP, BOOT, ENTRY] },
    },
    {
      name: 'errors-are-leaves',
      severity: 'error',
      comment: 'Error classes depend on nothing else of src/, so any layer can throw them.',
      from: { path: '^src/errors/' },
      to: { path: '^src/', pathNot: '^src/errors/' },
    },
    {
      name: 'lib-is-pure',
      severity: 'error',
      comment:
        'lib/ holds pure helpers: no database driver, no HTTP framework or server, no cache.',
      from: { path: '^src/lib/' },
      to: {
        path: [
          'node_modules/(fastify|@fastify/|fastify-[^/]+|pg|@prisma/|@electric-sql/|pglite-prisma-adapter|lru-cache)(/|$)',
          '^(node:)?(http|https|http2|net)$',
        ],
      },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // The generated Prisma client is not ours to arrange.
    exclude: { path: '^src/db/generated/' },
    // Type-only imports count: a circle of types is still a circle.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.d.ts', '.json'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
}
