import pg from 'pg';

export interface ServerInfo {
  version: string;
  majorVersion: number;
}

/** Connects to `url` (retrying while the server finishes starting) and reads its version. */
export async function readServerInfo(url: string, timeoutMs: number): Promise<ServerInfo> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: Math.min(5_000, timeoutMs) });
    client.on('error', () => {});
    try {
      await client.connect();
      const { rows } = await client.query<{ version: string; num: number }>(
        "select current_setting('server_version') as version, current_setting('server_version_num')::int as num",
      );
      const row = rows[0];
      if (!row) throw new Error('server returned no version');
      return { version: row.version, majorVersion: Math.floor(row.num / 10_000) };
    } catch (error) {
      if (Date.now() > deadline || !isTransient(error)) throw error;
      await new Promise((r) => setTimeout(r, 200));
    } finally {
      await client.end().catch(() => {});
    }
  }
}

/** Errors that mean "not up yet": refused, reset, or 57P03 (the database system is starting up). */
function isTransient(error: unknown): boolean {
  const code = (error as { code?: string } | undefined)?.code;
  return code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === '57P03';
}
