import { defineConfig } from 'vitest/config';

/** `pnpm test:citus`: the tests that run on a Citus cluster (a coordinator and two workers, started once). */
const conditions = ['@legal/source', 'module', 'node', 'development|production'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    include: ['packages/*/test-citus/**/*.test.ts', 'examples/quickstart/test-citus/**/*.test.ts'],
    globalSetup: ['./packages/schema/test-citus/support/global-setup.ts'],
    // the cluster is shared: one file at a time keeps shard moves and counts of one test apart
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 600_000,
  },
});
