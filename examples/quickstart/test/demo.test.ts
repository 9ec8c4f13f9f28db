import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const exampleDir = fileURLToPath(new URL('..', import.meta.url));

it('pnpm demo starts the embedded server, prints its version and stops it', async () => {
  const { stdout } = await promisify(execFile)('pnpm', ['run', '--silent', 'demo'], {
    cwd: exampleDir,
    timeout: 120_000,
  });
  const lines = stdout.trim().split('\n');
  expect(lines[0]).toMatch(/^Started PostgreSQL 18\.\d+ \(provider: embedded\) in \d+ ms$/);
  expect(lines[1]).toMatch(/^PostgreSQL 18\.\d+ on /);
  expect(lines[2]).toMatch(/^Stopped the server and removed its files in \d+ ms$/);
});
