import { availableParallelism } from 'node:os'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/setup/global-setup.ts'],
    // Each file gets its own database, so files run in parallel; tests inside a file run in order.
    fileParallelism: true,
    // A child process per worker: every file's app, pool and PGlite (when there is no
    // DATABASE_URL) live in a heap of their own, and a crash takes down one worker only.
    pool: 'forks',
    // One worker per core. Vitest's own default for `vitest run` is one fewer than the cores,
    // which on a 2-core machine is a single worker: the files then ran one after the other.
    // The tests mostly wait on the database, so every core can be given a file.
    // `--maxWorkers=N` or VITEST_MAX_WORKERS=N overrides this, e.g. on a machine others share.
    maxWorkers: availableParallelism(),
    // Per test and per hook (beforeAll opens and migrates the file's database). Files sharing the
    // cores run slower than alone: the slowest tests take a few seconds, well inside these.
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
})
