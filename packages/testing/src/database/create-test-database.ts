import { randomBytes } from 'node:crypto';
import { databaseIdentifier, withAdminClient } from './admin-client.js';
import { withDatabase } from './database-url.js';
import { ensureTemplate, type TestDatabaseTemplate } from './ensure-template.js';

/** Options of {@link createTestDatabase}. */
export interface CreateTestDatabaseOptions {
  /** Template to clone (built on first use, see {@link ensureTemplate}). Default: none, an empty database. */
  template?: TestDatabaseTemplate | undefined;
  /** Prefix of the generated database name. Default: `legal_test`. */
  prefix?: string;
}

/** A database of its own for one test file. `drop()` is idempotent; `await using` calls it. */
export interface TestDatabase extends AsyncDisposable {
  /** Connection string of the new database (same credentials as the server URL). */
  readonly url: string;
  readonly name: string;
  /** Drops the database, terminating its remaining connections. */
  drop(): Promise<void>;
}

/**
 * Creates a fresh database on `server`, cloned with `CREATE DATABASE … TEMPLATE` from
 * `options.template` (built once per server) or empty.
 *
 * @example
 * ```ts
 * await using server = await startPostgres();
 * await using db = await createTestDatabase(server, { template: { name: 'app_tpl_v1', build: migrate } });
 * const pool = new pg.Pool({ connectionString: db.url });
 * ```
 */
export async function createTestDatabase(
  server: { readonly url: string },
  options: CreateTestDatabaseOptions = {},
): Promise<TestDatabase> {
  const prefix = options.prefix ?? 'legal_test';
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(5).toString('hex')}`;
  const identifier = databaseIdentifier(name);
  if (options.template) await ensureTemplate(server.url, options.template);
  const templateClause = options.template ? ` template ${databaseIdentifier(options.template.name)}` : '';
  await withAdminClient(server.url, (client) => client.query(`create database ${identifier}${templateClause}`));

  let dropping: Promise<void> | undefined;
  const drop = (): Promise<void> => {
    dropping ??= withAdminClient(server.url, async (client) => {
      await client.query(`drop database if exists ${identifier} with (force)`);
    });
    return dropping;
  };
  return { url: withDatabase(server.url, name), name, drop, [Symbol.asyncDispose]: drop };
}
