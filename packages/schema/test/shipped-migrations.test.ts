import { catalogSnapshot, query } from '@legal/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Session, sqlState } from './support/as-role.js';
import { appliedNames, cli, freshDatabase } from './support/cli.js';
import { legalDatabase } from './support/legal-database.js';

describe('the shipped migrations', () => {
  it('go up from empty, down to zero and up again with an identical catalog, and verify passes', async () => {
    const db = await freshDatabase();
    const up = await cli(['migrate', 'up', '--url', db.url]);
    expect(up.code, up.stderr).toBe(0);
    const head = await catalogSnapshot(db.url);
    expect(
      (await query<{ n: number }>(db.url, "select count(*)::int as n from pg_tables where schemaname = 'legal'"))[0]?.n,
    ).toBeGreaterThanOrEqual(31);

    const down = await cli(['migrate', 'down', '--to', '0', '--url', db.url]);
    expect(down.code, down.stderr).toBe(0);
    expect(await appliedNames(db.url)).toEqual([]);
    expect(
      await query(
        db.url,
        "select relname from pg_class where relnamespace = 'legal'::regnamespace and relname <> 'schema_migrations' and relkind = 'r'",
      ),
    ).toEqual([]);

    expect((await cli(['migrate', 'up', '--url', db.url])).code).toBe(0);
    expect(await catalogSnapshot(db.url)).toBe(head);
    expect((await cli(['verify', '--url', db.url])).code).toBe(0);
  });
});

const tenantDb = await legalDatabase();

describe('a new tenant', () => {
  let session: Session;
  beforeAll(async () => {
    session = await Session.open(tenantDb.url);
  });
  afterAll(() => session.close());

  it('is created by legal_system with its default roles, their permissions and document categories', async () => {
    await session.as('legal_system', {}, async (client) => {
      const { rows } = await client.query<{ id: string }>(
        "insert into legal.tenants (slug, name) values ('doe-law', 'Doe & Associates') returning id",
      );
      const id = rows[0]?.id;
      const roles = await client.query('select name from legal.roles where tenant_id = $1 order by name', [id]);
      expect(roles.rows.map((r) => r.name)).toEqual([
        'admin',
        'caseworker',
        'chair',
        'clerk',
        'lawyer',
        'paralegal',
        'pro_se',
        'viewer',
      ]);
      const perms = await client.query<{ name: string; codes: string[] }>(
        `select r.name, array_agg(p.permission_code order by p.permission_code) as codes
           from legal.roles r join legal.role_permissions p on p.tenant_id = r.tenant_id and p.role_id = r.id
          where r.tenant_id = $1 group by r.name`,
        [id],
      );
      const byRole = Object.fromEntries(perms.rows.map((r) => [r.name, r.codes]));
      expect(byRole.admin).toContain('users.manage');
      expect(byRole.admin).toHaveLength(
        (await client.query('select count(*)::int as n from legal.permissions')).rows[0].n,
      );
      expect(byRole.lawyer).toEqual(expect.arrayContaining(['cases.read_all', 'cases.transition']));
      expect(byRole.chair).toEqual(expect.arrayContaining(['audit.read', 'cases.assign']));
      expect(byRole.viewer).not.toContain('billing.manage');
      const categories = await client.query(
        'select count(*)::int as n from legal.document_categories where tenant_id = $1 and is_default',
        [id],
      );
      expect(categories.rows[0]).toEqual({ n: 8 });
      // The trigger restored the (absent) context: nothing leaks into the rest of the transaction.
      expect((await client.query("select current_setting('legal.tenant_id', true) as t")).rows[0]).toEqual({ t: '' });
    });
  });

  it('cannot be created by legal_app', async () => {
    await session.as('legal_app', {}, async (client) => {
      expect(await sqlState(client.query("insert into legal.tenants (slug, name) values ('evil', 'Evil')"))).toBe(
        '42501',
      );
    });
  });
});
