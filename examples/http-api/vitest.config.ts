import { defineConfig } from 'vitest/config';

// As any app would: no source conditions, so @legal/* resolve to their built dist.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['@legal/testing/vitest'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
