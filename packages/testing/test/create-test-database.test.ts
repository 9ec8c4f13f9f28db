import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { createTestDatabase } from '../src/index.js';
import { canConnect, query } from './support/cluster.js';

const server = inject('legalPostgres');

const databaseExists = async (name: string) =>
  (await query(server.url, 'select 1 from pg_database where datname = $1', [name])).length === 1;

describe('createTestDatabase', () => {
  it('creates a database of its own, and drop() removes it even with connections open', async () => {
    const a = await createTestDatabase(server);
    const b = await createTestDatabase(server);
    expect(a.name).not.toBe(b.name);
    expect(new URL(a.url).pathname).toBe(`/${a.name}`);

    await query(a.url, 'create table only_in_a (id int)');
    expect(await query(a.url, "select to_regclass('only_in_a') is not null as found")).toEqual([{ found: true }]);
    expect(await query(b.url, "select to_regclass('only_in_a') is not null as found")).toEqual([{ found: false }]);

    const lingering = new pg.Client({ connectionString: a.url });
    lingering.on('error', () => {});
    await lingering.connect();
    await a.drop();
    await b.drop();
    await lingering.end().catch(() => {});
    expect(await databaseExists(a.name)).toBe(false);
    expect(await databaseExists(b.name)).toBe(false);
    await expect(a.drop()).resolves.toBeUndefined();
  });

  it('drops at the end of an `await using` block', async () => {
    let name = '';
    {
      await using db = await createTestDatabase(server, { prefix: 'legal_scoped' });
      name = db.name;
      expect(name).toMatch(/^legal_scoped_/);
      expect(await canConnect(db.url)).toBe(true);
    }
    expect(await databaseExists(name)).toBe(false);
  });

  it('clones a template built once, even when many callers race for it', async () => {
    const templateName = `legal_tpl_test_${randomBytes(4).toString('hex')}`;
    let builds = 0;
    const template = {
      name: templateName,
      async build(url: string) {
        builds++;
        await query(url, "create table matters (title text); insert into matters values ('Smith v. Jones')");
      },
    };
    const databases = await Promise.all([1, 2, 3, 4].map(() => createTestDatabase(server, { template })));
    try {
      expect(builds).toBe(1);
      for (const db of databases) {
        expect(await query(db.url, 'select title from matters')).toEqual([{ title: 'Smith v. Jones' }]);
      }
      // The template itself refuses connections, so no test can change it or block a clone.
      const [tpl] = await query<{ datistemplate: boolean; datallowconn: boolean }>(
        server.url,
        'select datistemplate, datallowconn from pg_database where datname = $1',
        [templateName],
      );
      expect(tpl).toEqual({ datistemplate: true, datallowconn: false });
    } finally {
      await Promise.all(databases.map((db) => db.drop()));
      await query(server.url, `alter database ${templateName} is_template false`);
      await query(server.url, `drop database ${templateName}`);
    }
  });

  it('leaves nothing behind when the template build fails, and builds it on the next call', async () => {
    const templateName = `legal_tpl_fail_${randomBytes(4).toString('hex')}`;
    let attempt = 0;
    const template = {
      name: templateName,
      async build(url: string) {
        attempt++;
        await query(url, 'create table t (id int)');
        if (attempt === 1) throw new Error('migration 0002 failed');
      },
    };
    await expect(createTestDatabase(server, { template })).rejects.toThrow('migration 0002 failed');
    expect(
      await query(server.url, 'select datname from pg_database where datname like $1', [`${templateName}%`]),
    ).toEqual([]);

    await using db = await createTestDatabase(server, { template });
    expect(attempt).toBe(2);
    expect(await query(db.url, "select to_regclass('t') is not null as found")).toEqual([{ found: true }]);
    await db.drop();
    await query(server.url, `alter database ${templateName} is_template false`);
    await query(server.url, `drop database ${templateName}`);
  });

  it('rejects a prefix that is not a plain identifier, before touching the server', async () => {
    await expect(createTestDatabase(server, { prefix: 'x"; drop database postgres; --' })).rejects.toThrow(
      /Invalid database name/,
    );
  });
});
