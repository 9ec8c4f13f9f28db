import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { startPostgres } from '../src/index.js';
import { canConnect, clusterOf, entries, isAlive } from './support/cluster.js';
import { hasLocalBinaries } from './support/local-binaries.js';
import { tempDir } from './support/temp-dir.js';

describe.runIf(hasLocalBinaries)('local provider', () => {
  it('starts a throwaway cluster of the machine binaries on loopback with fsync off, and removes it on stop', async () => {
    const tmp = await tempDir();
    const server = await startPostgres({ provider: 'local', tmpDir: tmp });
    expect(server.provider).toBe('local');
    expect(server.majorVersion).toBeGreaterThanOrEqual(15);
    expect(server.version).toMatch(/^\d+\.\d+/);
    expect(new URL(server.url).hostname).toBe('127.0.0.1');

    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    const { rows } = await client.query<{ fsync: string; listen: string; user: string }>(
      "select current_setting('fsync') as fsync, current_setting('listen_addresses') as listen, current_user as user",
    );
    await client.end();
    expect(rows[0]).toEqual({ fsync: 'off', listen: '127.0.0.1', user: 'postgres' });

    const { dataDir, pid } = await clusterOf(server.url);
    expect(dataDir.startsWith(tmp)).toBe(true);
    expect(isAlive(pid)).toBe(true);

    await server.stop();
    expect(isAlive(pid)).toBe(false);
    expect(await entries(tmp)).toEqual([]);
    expect(await canConnect(server.url)).toBe(false);
    // A second stop is a no-op.
    await expect(server.stop()).resolves.toBeUndefined();
  });

  it('runs the server as the postgres OS user, not root', async () => {
    await using server = await startPostgres({ provider: 'local' });
    const { pid } = await clusterOf(server.url);
    const { uid } = await import('node:fs/promises').then((fs) => fs.stat(`/proc/${pid}`));
    expect(uid).not.toBe(0);
  });

  it('stops at the end of an `await using` block', async () => {
    let pid = 0;
    {
      await using server = await startPostgres({ provider: 'local' });
      ({ pid } = await clusterOf(server.url));
      expect(isAlive(pid)).toBe(true);
    }
    expect(isAlive(pid)).toBe(false);
  });

  it('gives each server its own port, so two run side by side', async () => {
    await using a = await startPostgres({ provider: 'local' });
    await using b = await startPostgres({ provider: 'local' });
    expect(new URL(a.url).port).not.toBe(new URL(b.url).port);
    expect(await canConnect(a.url)).toBe(true);
    expect(await canConnect(b.url)).toBe(true);
  });

  it('applies extra server settings', async () => {
    await using server = await startPostgres({ provider: 'local', local: { settings: { work_mem: '7MB' } } });
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    const { rows } = await client.query("select current_setting('work_mem') as v");
    await client.end();
    expect(rows[0]?.v).toBe('7MB');
  });
});
