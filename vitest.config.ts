import { defineConfig } from 'vitest/config';

/** Vite's default server conditions, plus one that resolves @legal/* to their TypeScript sources: tests never need a build. */
const conditions = ['@legal/source', 'module', 'node', 'development|production'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'examples/quickstart/test/**/*.test.ts'],
    // examples/app-tests runs on its own (`pnpm --filter @legal/example-app-tests test`), against dist
    // One PostgreSQL server for the whole run; each test file gets its own database.
    globalSetup: ['./packages/testing/src/vitest.ts'],
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
