import type pg from 'pg';
import { connect } from '../migrator/connection.js';

/**
 * The database's context key (64 hex digits): what `createLegalDb({ contextKey })` needs to
 * open units. Readable only by the schema's owner, a superuser or the migrating role.
 *
 * @example
 * ```ts
 * const contextKey = await readContextKey(process.env.MIGRATION_DATABASE_URL);
 * ```
 */
export async function readContextKey(connection: string | pg.ClientBase): Promise<string> {
  const client = typeof connection === 'string' ? await connect(connection) : connection;
  try {
    const { rows } = await client.query<{ key: string }>(
      "select encode(key, 'hex') as key from legal.context_keys where id = 1",
    );
    const key = rows[0]?.key;
    if (!key) throw new Error('legal.context_keys has no key: is the schema migrated (0012 or later)?');
    return key;
  } finally {
    if (typeof connection === 'string') await (client as pg.Client).end().catch(() => {});
  }
}
