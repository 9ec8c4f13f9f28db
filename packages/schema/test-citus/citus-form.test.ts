/**
 * The shipped migrations on a Citus cluster (a coordinator and two workers): the schema comes
 * out distributed — firms by id, every table of a firm by tenant_id beside its firm, global
 * tables as reference tables — `legal-schema verify` (which checks that form) finds nothing,
 * and the audit trail stays append-only and verifiable with each firm's chain on one worker.
 */

import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertTenantIsolation, openUnit } from '@legal/testing';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createMigrator, migrationsDir, verifySchema } from '../src/index.js';
import { cli } from '../test/support/cli.js';
import { seedFirm, TENANT_A, TENANT_B } from '../test/support/legal-database.js';
import { citusDatabase, sqlRows } from './support/citus-database.js';

const url = await citusDatabase();
await seedFirm(url, TENANT_A, 'firm-a');
await seedFirm(url, TENANT_B, 'firm-b');

describe('the Citus form', () => {
  it('distributes every table of a firm by tenant_id beside legal.tenants, and makes global tables reference tables', async () => {
    const rows = await sqlRows<{
      name: string;
      method: string;
      col: string | null;
      colocated: boolean;
      tenant: boolean;
    }>(
      url,
      `select c.oid::regclass::text as name, p.partmethod::text as method,
              case when p.partmethod = 'h' then column_to_column_name(p.logicalrelid, p.partkey) end as col,
              p.colocationid = (select colocationid from pg_dist_partition where logicalrelid = 'legal.tenants'::regclass) as colocated,
              exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id') as tenant
         from pg_class c left join pg_dist_partition p on p.logicalrelid = c.oid
        where c.relnamespace = 'legal'::regnamespace and c.relkind in ('r', 'p') and not c.relispartition
        order by 1`,
    );
    const firmTables = rows.filter((r) => r.tenant);
    const global = rows.filter((r) => !r.tenant && r.name !== 'legal.tenants');
    console.log(
      `Citus form: ${firmTables.length} tables of a firm distributed by tenant_id, legal.tenants by id, ` +
        `${global.filter((r) => r.method === 'n').length} reference tables, ` +
        `local: ${global
          .filter((r) => !r.method)
          .map((r) => r.name)
          .join(', ')}`,
    );
    expect(firmTables.length).toBeGreaterThanOrEqual(35);
    for (const t of firmTables) expect(t, t.name).toMatchObject({ method: 'h', col: 'tenant_id', colocated: true });
    expect(rows.find((r) => r.name === 'legal.tenants')).toMatchObject({ method: 'h', col: 'id', colocated: true });
    expect(global.filter((r) => r.method === 'n').map((r) => r.name)).toEqual(
      expect.arrayContaining([
        'legal.permissions',
        'legal.case_statuses',
        'legal.case_status_transitions',
        'legal.context_keys',
      ]),
    );
    expect(global.filter((r) => !r.method).map((r) => r.name)).toEqual([
      'legal.schema_migrations',
      'legal.sign_in_misses',
    ]);
  });

  it("keeps each firm on one worker: all of a firm's shards (audit chain included) are placed together", async () => {
    const rows = await sqlRows<{ tenant: string; nodes: number; tables: number }>(
      url,
      `select t.tenant, count(distinct sp.nodeport)::int as nodes, count(distinct s.logicalrelid)::int as tables
         from (values ($1::uuid), ($2::uuid)) t(tenant)
         cross join lateral (select p.logicalrelid from pg_dist_partition p
                              where p.partmethod = 'h' and p.logicalrelid::text like 'legal.%') d
         join pg_dist_shard s on s.logicalrelid = d.logicalrelid
          and s.shardid = get_shard_id_for_distribution_column(d.logicalrelid, t.tenant)
         join pg_dist_shard_placement sp on sp.shardid = s.shardid
        group by t.tenant`,
      [TENANT_A, TENANT_B],
    );
    expect(rows).toHaveLength(2);
    for (const r of rows) expect(r.nodes, `firm ${r.tenant}`).toBe(1);
  });

  it('verify finds nothing (it checks the Citus form too), and finds a table left local', async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      expect(await verifySchema(client)).toEqual([]);
      const result = await cli(['verify', '--url', url]);
      expect(result.code, result.stdout + result.stderr).toBe(0);
      await client.query(
        `create table legal.stray_notes (tenant_id uuid not null references legal.tenants (id), id uuid not null, primary key (tenant_id, id));
         comment on table legal.stray_notes is 'a table of a firm someone created by hand'`,
      );
      const findings = await verifySchema(client);
      expect(findings).toContainEqual(
        expect.objectContaining({ rule: 'citus_not_distributed', object: 'legal.stray_notes' }),
      );
    } finally {
      await client.query('drop table if exists legal.stray_notes');
      await client.end();
    }
  });

  it('runs the isolation attack suite with zero leaks', async () => {
    const report = await assertTenantIsolation(url, { victimTenantId: TENANT_A, attackerTenantId: TENANT_B });
    console.log(
      `isolation attack suite on Citus: ${report.cases} cases (${report.tables} tables; ${Object.entries(
        report.byOperation,
      )
        .map(([op, n]) => `${op} ${n}`)
        .join(', ')}), ${report.leaks.length} leaks, ${report.uncovered.length} uncovered`,
    );
    expect(report.tables).toBeGreaterThanOrEqual(30);
    expect(report.leaks).toEqual([]);
    expect(report.uncovered).toEqual([]);
  });

  it('the suite bites on Citus too: a permissive policy planted on a distributed table is caught', async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(
        'create policy planted_all on legal.case_activities to legal_app using (true) with check (true)',
      );
      const error = await assertTenantIsolation(url, { victimTenantId: TENANT_A, attackerTenantId: TENANT_B }).catch(
        (e: unknown) => e,
      );
      const leaks = (error as { report?: { leaks: { table: string; operation: string }[] } }).report?.leaks ?? [];
      expect(new Set(leaks.filter((l) => l.table === 'legal.case_activities').map((l) => l.operation))).toEqual(
        new Set(['select', 'insert', 'update', 'delete']),
      );
    } finally {
      await client.query('drop policy if exists planted_all on legal.case_activities');
      await client.end();
    }
  });

  it('applies a later migration that alters firm and reference tables, and audits its DDL in a chain that verifies', async () => {
    // While an ALTER TABLE runs, Citus answers every SELECT on its tables with no row; the DDL
    // audit (an event trigger inside the command) must still find its chain head (0023). And
    // one migration may touch a firm table and a reference table (the migrator runs it in
    // Citus's sequential mode).
    const dir = await mkdtemp(join(tmpdir(), 'legal-later-migration-'));
    try {
      await cp(migrationsDir, dir, { recursive: true });
      await writeFile(
        join(dir, '9000_later_migration.up.sql'),
        `alter table legal.cases add column later_migration_probe integer;
         create index cases_later_migration_probe on legal.cases (tenant_id, later_migration_probe);
         alter table legal.permissions add column later_migration_probe integer;
         insert into legal.permissions (code, description) values ('probe.later', 'a permission of a later migration');
         alter table legal.cases drop column later_migration_probe;`,
      );
      await writeFile(
        join(dir, '9000_later_migration.down.sql'),
        `delete from legal.permissions where code = 'probe.later';
         alter table legal.permissions drop column later_migration_probe;`,
      );
      const [head] = await sqlRows<{ seq: string }>(
        url,
        'select last_seq as seq from legal.audit_chain_heads where tenant_id = legal.schema_chain_id()',
      );
      const before = Number(head?.seq);
      const migrator = createMigrator({ connectionString: url, migrationsDir: dir });
      expect((await migrator.up()).migrations.map((m) => m.name)).toEqual(['9000_later_migration']);
      const entries = await sqlRows<{ event: string; tag: string; objects: string }>(
        url,
        `select details->>'event' as event, details->>'tag' as tag,
                (select string_agg(o->>'object', ' ') from jsonb_array_elements(details->'objects') o) as objects
           from legal.audit_log where tenant_id = legal.schema_chain_id() and seq > $1 order by seq`,
        [before],
      );
      // (the shard of legal.permissions on the coordinator is left out: its command is the table's)
      expect(entries.map((e) => `${e.event} ${e.tag} ${e.objects}`)).toEqual([
        'ddl_command_end COMMENT legal.schema_migrations',
        'ddl_command_end ALTER TABLE legal.cases',
        'ddl_command_end CREATE INDEX legal.cases_later_migration_probe',
        'ddl_command_end ALTER TABLE legal.permissions',
        'sql_drop ALTER TABLE legal.cases.later_migration_probe legal.cases_later_migration_probe',
        'ddl_command_end ALTER TABLE legal.cases',
      ]);
      expect(await migrator.down()).toMatchObject({ migrations: [{ name: '9000_later_migration' }] });
      const [chain] = await sqlRows<{ checked: number; problem: string | null }>(
        url,
        'select checked::int, problem from legal.verify_audit_chain(legal.schema_chain_id())',
      );
      // the down's entries too: the history comment, the dropped column, the ALTER TABLE
      expect(chain).toMatchObject({ problem: null, checked: before + entries.length + 3 });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('survives a delegated call with a NULL firm from the application role (Citus crashed on it: 0031, 0032, 0033)', async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      for (const statement of [
        'select * from legal.conflict_search_at(null, $$x$$, 10)',
        'select legal.conflict_search_at(null, $$x$$, 10)',
        'select * from legal.log_event_to(null, $${}$$)',
        'select * from legal.privacy_erase_at(null, null, null)',
        'select * from legal.privacy_export_at(null, null)',
        'select * from legal.privacy_reveal_at(null, null)',
        'select legal.privacy_erase(null, $$x$$)', // no context: refused before delegation
        'select * from legal.conflict_search($$John Smith$$, 10)', // no context: refused before delegation
      ]) {
        await client.query('begin; set local role legal_app');
        const outcome = await client.query(statement).then(
          (r) => `rows ${JSON.stringify(r.rows)}`,
          (e: { code?: string }) => `error ${e.code}`,
        );
        await client.query('rollback');
        expect(outcome, statement).toMatch(/^(rows \[\{"[a-z_]+":null\}\]|error LG004)$/);
      }
      // the seven-argument log_event_at that crashed it is gone
      expect((await client.query(`select to_regproc('legal.log_event_at') as f`)).rows[0]).toEqual({ f: null });
    } finally {
      await client.end();
    }
    // the coordinator still answers (a crash drops every session and recovers)
    expect(await sqlRows(url, 'select 1 as alive')).toEqual([{ alive: 1 }]);
  });

  it("keeps the audit trail append-only for the application role, and each firm's chain verifies", async () => {
    const [user] = await sqlRows<{ id: string }>(url, 'select id from legal.users where tenant_id = $1 limit 1', [
      TENANT_A,
    ]);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      for (const statement of [
        'update legal.audit_log set action = $$forged$$',
        'delete from legal.audit_log',
        'update legal.audit_chain_heads set last_seq = 0',
      ]) {
        await client.query('begin; set local role legal_app');
        await openUnit(client, { tenantId: TENANT_A, userId: user?.id ?? '', url });
        const error = await client.query(statement).catch((e: unknown) => e);
        await client.query('rollback');
        expect(error, statement).toMatchObject({ code: expect.stringMatching(/^(42501|LG\w+|P0001)$/) });
      }
      // one call per firm: each walks its firm's chain on the worker that holds it
      for (const tenant of [TENANT_A, TENANT_B]) {
        const [chain] = await sqlRows<{ checked: number; problem: string | null }>(
          url,
          'select checked::int, problem from legal.verify_audit_chain($1)',
          [tenant],
        );
        expect(chain, tenant).toMatchObject({ problem: null });
        expect(chain?.checked, tenant).toBeGreaterThan(30);
      }
    } finally {
      await client.end();
    }
  });
});
