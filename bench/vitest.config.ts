import { defineConfig } from 'vitest/config'

// The bench's own tests: pure logic (percentiles, verdicts, scenarios), no database, no server.
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
  },
})
