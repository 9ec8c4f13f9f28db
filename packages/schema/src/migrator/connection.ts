import pg from 'pg';
import { ConnectionError } from './errors.js';

/**
 * A connection string with its password replaced by `***`: the only form in which a URL
 * may be printed or logged.
 */
export function maskUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<unparseable connection string>';
  }
}

/** `host:port/database as user`, for messages about a connection; never the password. */
export function describeTarget(url: string): string {
  try {
    const parsed = new URL(url);
    const host = parsed.hostname || parsed.searchParams.get('host') || 'localhost';
    const port = parsed.port || '5432';
    const database = decodeURIComponent(parsed.pathname.slice(1)) || '(default database)';
    const user = decodeURIComponent(parsed.username) || '(default user)';
    return `${host}:${port}/${database} as ${user}`;
  } catch {
    return '<unparseable connection string>';
  }
}

/** Opens a client for the migrator; a failure becomes a {@link ConnectionError} naming host and port. */
export async function connect(connectionString: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString, application_name: 'legal-schema', connectionTimeoutMillis: 15_000 });
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => {});
    const e = error as { code?: string; message?: string };
    const reason = [e.code, e.message]
      .filter(Boolean)
      .join(': ')
      .replaceAll(connectionString, maskUrl(connectionString));
    throw new ConnectionError(describeTarget(connectionString), reason || 'unknown error', { cause: error });
  }
  return client;
}
