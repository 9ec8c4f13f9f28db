import pg from 'pg';

/** Runs `fn` with a short-lived client on the server's maintenance database. */
export async function withAdminClient<T>(serverUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  client.on('error', () => {});
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** Quotes a database name after checking it is a plain lower-case identifier of at most 63 bytes. */
export function databaseIdentifier(name: string): string {
  if (!IDENTIFIER.test(name)) {
    throw new TypeError(
      `Invalid database name "${name}": use 1-63 characters of a-z, 0-9 and _, not starting with a digit`,
    );
  }
  return `"${name}"`;
}
