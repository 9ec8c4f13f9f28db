import { createTestDatabase, query, seedFirm, startPostgres } from '@legal/testing';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { runDoctor } from '../src/index.js';
import { cli, cliJson } from './support/cli.js';
import { legalDatabase } from './support/legal-database.js';

interface Check {
  name: string;
  status: string;
  summary: string;
  details: Record<string, unknown>[];
}

const db = await legalDatabase();
const firm = await seedFirm(db.url, { cases: 300, slug: 'doctor-firm' });
const CHECKS = [
  'schema',
  'connections',
  'lock_waits',
  'slow_statements',
  'missing_indexes',
  'unused_indexes',
  'duplicate_indexes',
  'bloat',
  'vacuum_analyze_age',
  'wraparound',
  'table_sizes',
  'audit_partitions',
  'replication',
  'audit_chains',
];
const byName = (checks: Check[]) => Object.fromEntries(checks.map((c) => [c.name, c]));

describe('legal-schema doctor on a seeded database', () => {
  it('maintenance analyze, then doctor: every check runs, no problem (exit 0), the chains are walked', async () => {
    const analyzed = await cli(['maintenance', 'analyze', '--url', db.url]);
    expect(analyzed.code).toBe(0);
    expect(analyzed.stdout).toMatch(/\[\d+\/\d+\] analyzed legal\.cases/);
    const { code, doc } = await cliJson<{ checks: Check[] }>(['doctor', '--url', db.url]);
    expect(doc.checks.map((c) => c.name)).toEqual(CHECKS);
    const checks = byName(doc.checks);
    expect(code).toBe(0);
    expect(doc.checks.filter((c) => c.status === 'problem')).toEqual([]);
    expect(checks.schema?.summary).toBe('verify: every rule holds');
    expect(checks.vacuum_analyze_age?.status).toBe('ok');
    // the firm's chain and the schema's own (the DDL of migrations after 0019)
    expect(checks.audit_chains?.summary).toMatch(/^2 audit chain\(s\), \d+ event\(s\), every link holds$/);
    expect(checks.slow_statements?.status).toBe('skipped'); // not installed on this server
    expect(checks.replication).toMatchObject({ status: 'skipped', summary: 'no replicas are connected' });
    expect(checks.wraparound?.summary).toMatch(/^transaction-ID age [\d,]+ \(\d+\.\d\d% of the wraparound limit/);
    expect(checks.table_sizes?.details.length).toBe(10);
    const human = await cli(['doctor', '--url', db.url]);
    expect(human.stdout).toMatch(/^ok\s+audit_chains\s+2 audit chain/m);
    expect(human.stdout).toContain('0 problem(s)');
    expect(firm.counts.cases).toBe(300);
  });

  it('a duplicate index and a forged audit row are problems (exit 8), named', async () => {
    const broken = await legalDatabase();
    const other = await seedFirm(broken.url, { cases: 5, slug: 'forged-firm' });
    await query(
      broken.url,
      `create index cases_title_copy_a on legal.cases (tenant_id, title);
       create index cases_title_copy_b on legal.cases (tenant_id, title);
       set session_replication_role = replica;
       update legal.audit_log set reason = 'forged' where tenant_id = '${other.tenantId}' and seq = 2`,
    );
    const { code, doc } = await cliJson<{ checks: Check[] }>(['doctor', '--url', broken.url]);
    const checks = byName(doc.checks);
    expect(code).toBe(8);
    expect(checks.duplicate_indexes).toMatchObject({
      status: 'problem',
      details: [{ table: 'legal.cases', indexes: ['legal.cases_title_copy_a', 'legal.cases_title_copy_b'] }],
    });
    // two chains: the firm's, and the schema's own (the CREATE INDEX above was recorded)
    expect(checks.audit_chains).toMatchObject({ status: 'problem', summary: '1 of 2 audit chain(s) broken' });
    expect(checks.audit_chains?.details).toEqual([expect.objectContaining({ tenant: other.tenantId })]);
  });

  it('a session waiting on a lock is reported with who blocks it', async () => {
    const holder = new pg.Client({ connectionString: db.url });
    const waiter = new pg.Client({ connectionString: db.url });
    const doctor = new pg.Client({ connectionString: db.url });
    await Promise.all([holder.connect(), waiter.connect(), doctor.connect()]);
    try {
      const [target] = await query<{ id: string }>(db.url, 'select id from legal.cases limit 1');
      await holder.query('begin');
      await holder.query('update legal.cases set title = title where id = $1', [target?.id]);
      const holderPid = (await holder.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]?.pid;
      const waiting = waiter
        .query('update legal.cases set title = title where id = $1', [target?.id])
        .catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 400));
      const checks = byName(
        (await runDoctor(doctor, { thresholds: { lockWaitMs: 100 }, auditChains: false })) as Check[],
      );
      expect(checks.lock_waits?.status).toBe('warn');
      expect(checks.lock_waits?.details[0]).toMatchObject({ blockedBy: [holderPid] });
      // a table locked outright does not hang the doctor: what needs that table is skipped, the rest runs
      const locker = new pg.Client({ connectionString: db.url });
      await locker.connect();
      await locker.query('begin; lock table legal.documents in access exclusive mode');
      const started = Date.now();
      const during = await runDoctor(doctor, { auditChains: false, lockTimeoutMs: 200 });
      await locker.query('rollback');
      await locker.end();
      expect(Date.now() - started).toBeLessThan(30_000);
      expect(during.find((c) => c.name === 'schema')?.summary).toMatch(/lock timeout/);
      expect(during.find((c) => c.name === 'wraparound')?.status).toBe('ok');
      await holder.query('rollback');
      await waiting;
    } finally {
      await Promise.all([holder.end(), waiter.end(), doctor.end()]);
    }
  });
});

describe('slow statements, where pg_stat_statements is loaded', async () => {
  const server = await startPostgres({
    provider: 'local',
    local: { settings: { shared_preload_libraries: 'pg_stat_statements' } },
  });
  afterAll(() => server.stop());
  const target = await createTestDatabase(server, { prefix: 'doctor_pgss' });

  it('lists the statements slower than --slow-ms, as a warning (exit 0; 8 with --strict)', async () => {
    expect((await cli(['migrate', 'up', '--url', target.url])).code).toBe(0);
    await query(target.url, 'create extension pg_stat_statements');
    await query(target.url, 'select pg_sleep(0.3) as slow_one');
    const { code, doc } = await cliJson<{ checks: Check[] }>(['doctor', '--url', target.url, '--slow-ms', '200']);
    const slow = byName(doc.checks).slow_statements;
    expect(slow?.status).toBe('warn');
    expect(slow?.details.some((d) => String(d.query).includes('pg_sleep'))).toBe(true);
    expect(code).toBe(0);
    const strict = await cli(['doctor', '--url', target.url, '--slow-ms', '200', '--strict']);
    expect(strict.code).toBe(8);
  });
});

describe('legal-schema maintenance vacuum', () => {
  it('vacuums (and analyzes) the named tables only; an unknown table is a usage error', async () => {
    const run = await cliJson<{ tables: { table: string }[] }>([
      'maintenance',
      'vacuum',
      '--table',
      'cases',
      'legal.documents',
      '--url',
      db.url,
    ]);
    expect(run.code).toBe(0);
    expect(run.doc.tables.map((t) => t.table)).toEqual(['legal.cases', 'legal.documents']);
    const [stats] = await query<{ vacuumed: boolean }>(
      db.url,
      `select last_vacuum is not null as vacuumed from pg_stat_user_tables where relid = 'legal.cases'::regclass`,
    );
    expect(stats?.vacuumed).toBe(true);
    const bad = await cli(['maintenance', 'vacuum', '--table', 'nope', '--url', db.url]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('no such table in schema legal: legal.nope');
  });
});
