#!/usr/bin/env node
// `pnpm test`: build, the API surface check, every test, the example apps' tests, then the check that this run left
// no PostgreSQL server or directory behind. The run gets an id (LEGAL_TEST_RUN) that
// @legal/testing puts in its clusters' directory names, so the check judges only this run's
// — another run or demo on the same machine is none of its business.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';

const run = `r${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
const env = { ...process.env, LEGAL_TEST_RUN: run };
const steps = [
  ['pnpm', ['build']],
  // the public API of every entry point against api/*.api.md and api/*.surface.d.ts
  ['node', ['scripts/api.mjs', '--check']],
  ['pnpm', ['exec', 'vitest', 'run', ...process.argv.slice(2)]],
  ['pnpm', ['--filter', '@legal/example-app-tests', 'test']],
  // the HTTP service example: real HTTP requests against a real PostgreSQL, on the built packages
  ['pnpm', ['--filter', '@legal/example-http-api', 'test']],
  ['node', ['scripts/assert-no-stray-postgres.mjs']],
];
for (const [command, args] of steps) {
  const result = spawnSync(command, args, { stdio: 'inherit', env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
