#!/usr/bin/env node
// Run after the test suite (part of `pnpm test`): fails when a PostgreSQL server started
// by @legal/testing (its data lives under a `legal-pg-*` directory), or one of the
// watchdogs that guard them, is still running, or when such a directory is left over.
// Waits up to 5 s for processes that are already on their way out.
//
// With LEGAL_TEST_RUN set (scripts/test.mjs sets it), only this run's servers and directories
// (`legal-pg-<run>-…`, named so by startPostgres) are judged: another run or demo on the
// machine, or a directory a killed machine left behind, is none of its business.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';

function leftovers() {
  const processes = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' })
    .split('\n')
    .map((line) => line.trim().replace(/\s+/g, ' '))
    .filter((line) => line.includes('legal-pg-') && !line.includes('assert-no-stray-postgres'));
  const dirs = readdirSync(tmpdir()).filter((name) => name.startsWith('legal-pg-'));
  return [...processes.map((p) => `process ${p.slice(0, 160)}`), ...dirs.map((d) => `directory ${tmpdir()}/${d}`)];
}

const run = (process.env.LEGAL_TEST_RUN ?? '').replace(/[^A-Za-z0-9]/g, '').slice(0, 24);
const ours = () => leftovers().filter((line) => !run || line.includes(`legal-pg-${run}-`));

let found = ours();
for (let i = 0; i < 50 && found.length > 0; i++) {
  await sleep(100);
  found = ours();
}
if (found.length > 0) {
  console.error(`Left behind by the test run:\n${found.map((line) => `  ${line}`).join('\n')}`);
  process.exit(1);
}
console.log('No PostgreSQL server, watchdog or data directory of the test run is left behind.');
