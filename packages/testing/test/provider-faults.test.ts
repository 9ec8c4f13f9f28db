import { chmod, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PostgresUnavailableError, startPostgres } from '../src/index.js';
import { findFreePort } from '../src/postgres/free-port.js';
import { entries } from './support/cluster.js';
import { hasLocalBinaries } from './support/local-binaries.js';
import { tempDir } from './support/temp-dir.js';

async function failure(promise: Promise<unknown>): Promise<PostgresUnavailableError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PostgresUnavailableError);
  return error as PostgresUnavailableError;
}

describe('a provider that fails midway', () => {
  it('names the initdb step and removes its temp dir', async () => {
    const tmp = await tempDir();
    const binDir = await tempDir('legal-fake-bin-');
    await chmod(binDir, 0o755);
    for (const name of ['initdb', 'pg_ctl', 'postgres']) {
      await writeFile(join(binDir, name), '#!/bin/sh\necho "simulated initdb failure" >&2\nexit 1\n', { mode: 0o755 });
    }
    const error = await failure(startPostgres({ provider: 'local', tmpDir: tmp, local: { binDir } }));
    expect(error.attempts[0]?.outcome).toBe('failed');
    expect(error.message).toContain('local provider failed at step "initdb"');
    expect(error.message).toContain('simulated initdb failure');
    expect(await entries(tmp)).toEqual([]);
  });

  it.runIf(hasLocalBinaries)(
    'names the start step, with the server log, when the server refuses its settings',
    async () => {
      const tmp = await tempDir();
      const error = await failure(
        startPostgres({ provider: 'local', tmpDir: tmp, local: { settings: { no_such_setting: 'on' } } }),
      );
      expect(error.message).toContain('local provider failed at step "start"');
      expect(error.message).toContain('unrecognized configuration parameter "no_such_setting"');
      expect(await entries(tmp)).toEqual([]);
    },
  );

  it.runIf(hasLocalBinaries)(
    'names the start step when the requested port is taken, and leaves no server behind',
    async () => {
      const tmp = await tempDir();
      const port = await findFreePort();
      const squatter = createServer();
      await new Promise<void>((resolve) => squatter.listen(port, '127.0.0.1', resolve));
      try {
        const error = await failure(startPostgres({ provider: 'local', tmpDir: tmp, local: { port } }));
        expect(error.message).toContain('local provider failed at step "start"');
        expect(error.message).toMatch(/could not bind|Address already in use/i);
        expect(await entries(tmp)).toEqual([]);
      } finally {
        await new Promise((resolve) => squatter.close(resolve));
      }
    },
  );

  it('is skipped, with the reason, when the binaries are missing', async () => {
    const binDir = await tempDir('legal-empty-bin-');
    const error = await failure(startPostgres({ provider: 'local', local: { binDir } }));
    expect(error.attempts[0]).toMatchObject({ provider: 'local', outcome: 'skipped' });
    expect(error.message).toContain(`${binDir} lacks initdb, pg_ctl, postgres`);
  });
});

describe('a temp dir the server user cannot reach', () => {
  it.runIf(hasLocalBinaries && process.getuid?.() === 0)(
    'is refused at the temp dir step with what to do',
    async () => {
      const tmp = await tempDir();
      await chmod(tmp, 0o700);
      const error = await failure(startPostgres({ provider: 'local', tmpDir: tmp }));
      expect(error.message).toContain('local provider failed at step "create temp dir"');
      expect(error.message).toContain('cannot read');
      expect(error.message).toContain(tmp);
      expect(error.message).toContain('chmod o+x');
      expect(await entries(tmp)).toEqual([]);
    },
  );
});
