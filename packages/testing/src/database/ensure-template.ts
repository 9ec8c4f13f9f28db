import { databaseIdentifier, withAdminClient } from './admin-client.js';
import { withDatabase } from './database-url.js';

/** A template database that test databases are cloned from. */
export interface TestDatabaseTemplate {
  /**
   * Name of the template database (1-63 characters of `a-z0-9_`). Put a fingerprint of
   * what `build` creates in it (e.g. a hash of the migrations), so a changed schema gets
   * a fresh template instead of a stale one on a long-lived server.
   */
  name: string;
  /** Fills the template, e.g. runs the migrations against `url`. Must close its connections. */
  build(url: string): Promise<void>;
}

/**
 * Builds `template` on the server unless it exists already. Safe to call from many
 * processes at once: an advisory lock makes exactly one of them build it, the others
 * wait and find it done. The finished template refuses connections, so nothing can
 * modify it or block a clone.
 */
export async function ensureTemplate(serverUrl: string, template: TestDatabaseTemplate): Promise<void> {
  const target = databaseIdentifier(template.name);
  const buildingName = `${template.name.slice(0, 56)}_build`;
  const building = databaseIdentifier(buildingName);
  await withAdminClient(serverUrl, async (client) => {
    await client.query('select pg_advisory_lock(hashtextextended($1, 0))', [`legal-testing-template:${template.name}`]);
    try {
      const { rows } = await client.query<{ ready: boolean }>(
        'select datistemplate and not datallowconn as ready from pg_database where datname = $1',
        [template.name],
      );
      if (rows[0]?.ready) return;
      // Leftovers of an interrupted build (same lock, so nobody else is using them).
      await client.query(`drop database if exists ${building} with (force)`);
      if (rows[0]) await client.query(`alter database ${target} is_template false`);
      await client.query(`drop database if exists ${target} with (force)`);
      await client.query(`create database ${building}`);
      try {
        await template.build(withDatabase(serverUrl, buildingName));
        await client.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1', [buildingName]);
        await client.query(`alter database ${building} rename to ${target}`);
        await client.query(`alter database ${target} with is_template true allow_connections false`);
      } catch (error) {
        await client.query(`drop database if exists ${building} with (force)`).catch(() => {});
        throw error;
      }
    } finally {
      await client.query('select pg_advisory_unlock(hashtextextended($1, 0))', [
        `legal-testing-template:${template.name}`,
      ]);
    }
  });
}
