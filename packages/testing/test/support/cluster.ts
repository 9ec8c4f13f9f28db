import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';

/** The data directory and postmaster pid of the server behind `url`, read from the server itself. */
export async function clusterOf(url: string): Promise<{ dataDir: string; pid: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ dir: string }>("select current_setting('data_directory') as dir");
    const dataDir = rows[0]?.dir ?? '';
    const pid = Number.parseInt((await readFile(join(dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0] ?? '', 10);
    return { dataDir, pid };
  } finally {
    await client.end();
  }
}

export { isAlive } from '../../src/postgres/process-cleanup.js';

export async function entries(dir: string): Promise<string[]> {
  return readdir(dir).catch(() => []);
}

export { query } from '../../src/database/query.js';

export async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}
