import { randomBytes } from 'node:crypto';
import { query } from '@legal/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Session, sqlState } from './support/as-role.js';
import { tenantForeignKeys, tenantTables } from './support/catalog.js';
import { legalDatabase, seedFirm, TENANT_A, TENANT_B } from './support/legal-database.js';

const db = await legalDatabase();
await seedFirm(db.url, TENANT_A, 'firm-a');
await seedFirm(db.url, TENANT_B, 'firm-b');
// Generated from the catalog: a table or foreign key added later is covered automatically.
const allTables = await tenantTables(db.url);
const tables = allTables.filter((t) => !t.audit);
const auditTables = allTables.filter((t) => t.audit);
const foreignKeys = await tenantForeignKeys(db.url);

let session: Session;
beforeAll(async () => {
  session = await Session.open(db.url);
});
afterAll(() => session.close());

const quoteList = (cols: readonly string[]) => cols.map((c) => `"${c}"`).join(', ');

/** A row of `table` in `tenant`, as jsonb, read as the superuser. */
async function rowOf(table: string, tenant: string): Promise<Record<string, unknown>> {
  const [row] = await query<{ row: Record<string, unknown> }>(
    db.url,
    `select to_jsonb(t) as row from ${table} t where tenant_id = $1 limit 1`,
    [tenant],
  );
  if (!row) throw new Error(`the isolation fixture (test/fixtures/sql/firm.sql) has no row in ${table}: add one`);
  return row.row;
}

describe('the schema has enough to isolate', () => {
  it('has at least 30 tenant tables and every one holds fixture rows for both firms', async () => {
    expect(tables.length).toBeGreaterThanOrEqual(30);
    for (const { name } of tables) {
      const [counts] = await query<{ a: number; b: number }>(
        db.url,
        `select count(*) filter (where tenant_id = $1)::int as a, count(*) filter (where tenant_id = $2)::int as b from ${name}`,
        [TENANT_A, TENANT_B],
      );
      expect(counts, `${name} needs rows for both firms in the fixture`).toEqual({
        a: expect.any(Number),
        b: expect.any(Number),
      });
      expect(counts?.a, name).toBeGreaterThan(0);
      expect(counts?.b, name).toBeGreaterThan(0);
    }
  });
});

/** Whether legal_app holds a table privilege at all (trust records: no UPDATE or DELETE, entries no INSERT). */
async function appMay(table: string, privilege: 'INSERT' | 'UPDATE' | 'DELETE'): Promise<boolean> {
  const [row] = await query<{ may: boolean }>(
    db.url,
    `select case when $2 = 'DELETE' then has_table_privilege('legal_app', $1, $2)
            else has_any_column_privilege('legal_app', $1, $2) end as may`,
    [table, privilege],
  );
  return row?.may === true;
}
/** A write legal_app may not make: refused outright (42501) without the privilege, else it touches no row. */
async function touchesNothing(table: string, privilege: 'UPDATE' | 'DELETE', write: () => Promise<pg.QueryResult>) {
  if (await appMay(table, privilege)) expect((await write()).rowCount, `${privilege} ${table}`).toBe(0);
  else expect(await sqlState(write()), `${privilege} ${table}`).toBe('42501');
}

/** Tables no application role reads at all (the sign-in functions handle them). */
const unreadable = new Set(['legal.password_reset_tokens', 'legal.privacy_keys']);

describe.each(tables.filter((t) => unreadable.has(t.name)))('$name', ({ name }) => {
  it('is out of reach of the application role: every command is refused, whatever the context', async () => {
    for (const context of [{ tenantId: TENANT_A }, {}, { raw: TENANT_A }]) {
      for (const statement of [
        `select count(*) from ${name}`,
        `update ${name} set tenant_id = tenant_id`,
        `delete from ${name}`,
        `insert into ${name} (tenant_id) values ('${TENANT_A}')`,
      ]) {
        await session.as('legal_app', context, async (client) => {
          expect(await sqlState(client.query(statement)), `${statement} in ${JSON.stringify(context)}`).toBe('42501');
        });
      }
    }
  });
});

describe.each(tables.filter((t) => !unreadable.has(t.name)))('$name under tenant A', ({ name, columns }) => {
  it("sees only A's rows, all of them (as A's administrator)", async () => {
    const [own] = await query<{ n: number }>(db.url, `select count(*)::int as n from ${name} where tenant_id = $1`, [
      TENANT_A,
    ]);
    await session.as('legal_app', { tenantId: TENANT_A }, async (client) => {
      const { rows } = await client.query(
        `select count(*)::int as total, count(*) filter (where tenant_id = $1)::int as other from ${name}`,
        [TENANT_B],
      );
      expect(rows[0]).toEqual({ total: own?.n, other: 0 });
    });
  });

  it("cannot update or delete B's rows", async () => {
    await session.as('legal_app', { tenantId: TENANT_A }, async (client) => {
      await touchesNothing(name, 'UPDATE', () =>
        client.query(`update ${name} set tenant_id = tenant_id where tenant_id = $1`, [TENANT_B]),
      );
    });
    await session.as('legal_app', { tenantId: TENANT_A }, async (client) => {
      await touchesNothing(name, 'DELETE', () => client.query(`delete from ${name} where tenant_id = $1`, [TENANT_B]));
    });
    const [left] = await query<{ n: number }>(db.url, `select count(*)::int as n from ${name} where tenant_id = $1`, [
      TENANT_B,
    ]);
    expect(left?.n).toBeGreaterThan(0);
  });

  it('cannot insert a row into B, nor move its own rows to B', async () => {
    const row = await rowOf(name, TENANT_B);
    await session.as('legal_app', { tenantId: TENANT_A }, async (client) => {
      const insert = client.query(
        `insert into ${name} (${quoteList(columns)}) select ${quoteList(columns)} from jsonb_populate_record(null::${name}, $1)`,
        [row],
      );
      expect(await sqlState(insert)).toBe('42501');
    });
    await session.as('legal_app', { tenantId: TENANT_A }, async (client) => {
      // refused by the policy's check, or no row of its own may be changed at all
      const moved = client.query(`update ${name} set tenant_id = $1`, [TENANT_B]);
      const outcome = await moved.then(
        (r) => `${r.rowCount} rows`,
        (e: { code?: string }) => e.code,
      );
      expect(['42501', '0 rows']).toContain(outcome);
    });
  });

  it('sees nothing and writes nothing without a tenant context', async () => {
    const row = await rowOf(name, TENANT_A);
    await session.as('legal_app', {}, async (client) => {
      expect((await client.query(`select count(*)::int as n from ${name}`)).rows[0]).toEqual({ n: 0 });
    });
    await session.as('legal_app', {}, async (client) => {
      await touchesNothing(name, 'UPDATE', () => client.query(`update ${name} set tenant_id = tenant_id`));
    });
    await session.as('legal_app', {}, async (client) => {
      await touchesNothing(name, 'DELETE', () => client.query(`delete from ${name}`));
    });
    await session.as('legal_app', {}, async (client) => {
      const insert = client.query(
        `insert into ${name} (${quoteList(columns)}) select ${quoteList(columns)} from jsonb_populate_record(null::${name}, $1)`,
        [row],
      );
      expect(await sqlState(insert)).toBe('42501');
    });
  });

  it('fails closed on an empty, malformed or forged context (no row, whatever the value)', async () => {
    for (const raw of ['', 'not-a-uuid', `${TENANT_B}' or '1'='1`, TENANT_A, TENANT_B]) {
      await session.as('legal_app', { raw }, async (client) => {
        expect((await client.query(`select count(*)::int as n from ${name}`)).rows[0]).toEqual({ n: 0 });
      });
    }
  });
});

describe.each(auditTables)('$name (append-only audit table) under tenant A', ({ name }) => {
  it('cannot be written at all by legal_app', async () => {
    for (const statement of [
      `insert into ${name} (tenant_id) values ('${TENANT_A}')`,
      `update ${name} set tenant_id = tenant_id`,
      `delete from ${name}`,
      `truncate ${name}`,
    ]) {
      await session.as('legal_app', { tenantId: TENANT_A }, async (client) => {
        expect(await sqlState(client.query(statement)), statement).toBe('42501');
      });
    }
  });

  it("shows legal_app its own tenant's rows only, or nothing", async () => {
    const [own] = await query<{ n: number }>(db.url, `select count(*)::int as n from ${name} where tenant_id = $1`, [
      TENANT_A,
    ]);
    await session.as('legal_app', { tenantId: TENANT_A }, async (client) => {
      const read = await client
        .query(`select count(*)::int as total, count(*) filter (where tenant_id <> $1)::int as other from ${name}`, [
          TENANT_A,
        ])
        .catch((e: { code: string }) => e);
      if ('code' in read) expect(read.code).toBe('42501');
      else expect(read.rows[0]).toEqual({ total: own?.n, other: 0 });
    });
  });
});

/** Tables whose rows are records: their keys cannot be updated at all (see conflict_check_guard). */
const RECORD_TABLES: readonly string[] = ['legal.conflict_checks'];
/**
 * Tables behind triggers that refuse a change of their links before any key is checked: trust
 * accounting's (records no role may change, rows only the schema writes) and a matter's
 * deadlines (their rule, task and matter are fixed). Their keys are attacked as the superuser
 * (whom foreign keys bind too) with those triggers off for the statement, so that it is the
 * foreign key that answers.
 */
const GUARDED = (table: string) => table.startsWith('legal.trust_') || table === 'legal.case_deadlines';

describe('composite foreign keys', () => {
  it('covers every foreign key between tenant tables', () => {
    expect(foreignKeys.length).toBeGreaterThan(50);
  });

  it.each(foreignKeys.map((fk) => [fk.name, fk] as const))(
    '%s rejects a reference into another tenant, even for legal_system (BYPASSRLS)',
    async (_name, fk) => {
      const cols = fk.columns;
      const targetCols = fk.targetColumns;
      // A key of the target that exists in B only (name-keyed targets may have twins in A).
      const [foreign] = await query<Record<string, unknown>>(
        db.url,
        `select ${quoteList(targetCols)} from ${fk.target} where tenant_id = $1
           and (${quoteList(targetCols)}) not in (select ${quoteList(targetCols)} from ${fk.target} where tenant_id = $2) limit 1`,
        [TENANT_B, TENANT_A],
      );
      expect(foreign, `${fk.target} needs a row of B without a twin in A`).toBeDefined();
      const notNull = cols.map((c) => `"${c}" is not null`).join(' and ');
      const [mine] = await query<{ n: number }>(
        db.url,
        `select count(*)::int as n from ${fk.table} where tenant_id = $1 and ${notNull}`,
        [TENANT_A],
      );
      expect(mine?.n, `the fixture needs a row of ${fk.table} in A with ${cols.join(', ')} set`).toBeGreaterThan(0);

      const values = targetCols.map((c) => (foreign as Record<string, unknown>)[c]);
      if (GUARDED(fk.table)) {
        const su = new pg.Client({ connectionString: db.url });
        await su.connect();
        try {
          await su.query('begin');
          await su.query(`alter table ${fk.table} disable trigger user`);
          const write = su.query(
            `update ${fk.table} set ${cols.map((c, i) => `"${c}" = $${i + 2}`).join(', ')}
              where ctid = (select ctid from ${fk.table} where tenant_id = $1 and ${notNull} limit 1)`,
            [TENANT_A, ...values],
          );
          expect(await sqlState(write)).toBe('23503');
        } finally {
          await su.query('rollback').catch(() => {});
          await su.end();
        }
        return;
      }
      // A record table refuses every update of its record columns (a trigger, before any key is
      // checked): the reference is then attempted by inserting a copy of the row.
      const copy = RECORD_TABLES.includes(fk.table)
        ? (
            await query<{ name: string }>(
              db.url,
              `select attname as name from pg_attribute where attrelid = $1::regclass and attnum > 0 and not attisdropped
                and attgenerated = '' and attname <> 'id' order by attnum`,
              [fk.table],
            )
          ).map((c) => c.name)
        : undefined;
      await session.as('legal_system', {}, async (client) => {
        const write = copy
          ? client.query(
              `insert into ${fk.table} (${quoteList(copy)})
               select ${copy.map((c) => (cols.includes(c) ? `$${cols.indexOf(c) + 2}` : `"${c}"`)).join(', ')}
                 from ${fk.table} where tenant_id = $1 and ${notNull} limit 1`,
              [TENANT_A, ...values],
            )
          : client.query(
              `update ${fk.table} set ${cols.map((c, i) => `"${c}" = $${i + 2}`).join(', ')}
                where ctid = (select ctid from ${fk.table} where tenant_id = $1 and ${notNull} limit 1)`,
              [TENANT_A, ...values],
            );
        expect(await sqlState(write)).toBe('23503');
      });
    },
  );
});

describe('roles', () => {
  it('an application login (member of legal_app only) cannot become legal_system or legal_owner', async () => {
    const login = `legal_test_app_${process.pid}_${Date.now()}`;
    const password = randomBytes(12).toString('hex');
    await query(db.url, `create role ${login} login password '${password}'; grant legal_app to ${login}`);
    const url = new URL(db.url);
    url.username = login;
    url.password = password;
    const app = new pg.Client({ connectionString: url.toString() });
    try {
      await app.connect();
      await app.query('set role legal_app');
      await app.query('reset role');
      for (const role of ['legal_system', 'legal_owner']) {
        expect(await sqlState(app.query(`set role ${role}`)), role).toBe('42501');
      }
      // It inherits legal_app's privileges, and RLS binds it too: without a context it sees nothing.
      expect((await app.query('select count(*)::int as n from legal.cases')).rows[0]).toEqual({ n: 0 });
    } finally {
      await app.end().catch(() => {});
      await query(db.url, `drop role ${login}`);
    }
  });

  it('legal_readonly reads under RLS and cannot write', async () => {
    await session.as('legal_readonly', { tenantId: TENANT_A }, async (client) => {
      expect(
        (await client.query('select count(*)::int as n from legal.cases where tenant_id = $1', [TENANT_B])).rows[0],
      ).toEqual({
        n: 0,
      });
      expect((await client.query('select count(*)::int as n from legal.cases')).rows[0]).toEqual({ n: 2 });
      expect(await sqlState(client.query("update legal.cases set title = 'changed'"))).toBe('42501');
    });
  });

  it('a tenant sees and updates only its own row of tenants, and cannot create or delete tenants', async () => {
    await session.as('legal_app', { tenantId: TENANT_A }, async (client) => {
      expect((await client.query('select id from legal.tenants')).rows).toEqual([{ id: TENANT_A }]);
      expect((await client.query("update legal.tenants set name = 'x' where id = $1", [TENANT_B])).rowCount).toBe(0);
      expect((await client.query("update legal.tenants set name = 'Renamed' where id = $1", [TENANT_A])).rowCount).toBe(
        1,
      );
    });
    await session.as('legal_app', { tenantId: TENANT_A }, async (client) => {
      expect(await sqlState(client.query("insert into legal.tenants (slug, name) values ('evil', 'Evil')"))).toBe(
        '42501',
      );
    });
    await session.as('legal_app', { tenantId: TENANT_A }, async (client) => {
      expect(await sqlState(client.query('delete from legal.tenants'))).toBe('42501');
    });
  });
});
