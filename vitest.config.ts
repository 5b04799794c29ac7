import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/setup/global-setup.ts'],
    // Each file gets its own database, so files run in parallel; tests inside a file run in order.
    fileParallelism: true,
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
})
