import { randomBytes } from 'node:crypto';
import { query } from '@legal/testing';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, cliJson } from './support/cli.js';
import { legalDatabase } from './support/legal-database.js';

const db = await legalDatabase();
const SCHEMA_CHAIN = '00000000-0000-0000-0000-000000000000';

/** A login that is a member of legal_owner: the schema's owner, as a hostile operator or a leaked migration credential. */
async function ownerLogin(): Promise<pg.Client> {
  const name = `owner_${randomBytes(4).toString('hex')}`;
  const password = randomBytes(12).toString('hex');
  await query(db.url, `create role ${name} login password '${password}'; grant legal_owner to ${name}`);
  afterAll(() => query(db.url, `drop role if exists ${name}`).catch(() => {}));
  const url = new URL(db.url);
  url.username = name;
  url.password = password;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  await client.query('set role legal_owner');
  afterAll(() => client.end());
  return client;
}

const ddlEvents = () =>
  query<{ seq: number; db_role: string; tag: string; objects: { object: string }[]; statement: string; login: string }>(
    db.url,
    `select seq::int, db_role, details->>'tag' as tag, details->'objects' as objects, details->>'statement' as statement,
            details->>'login' as login
       from legal.audit_log where tenant_id = $1 order by seq`,
    [SCHEMA_CHAIN],
  );

/** What the guards protect, as it stands. */
const state = async () =>
  (
    await query(
      db.url,
      `select (select jsonb_object_agg(tgname, tgenabled) from pg_trigger
                where tgrelid in ('legal.cases'::regclass, 'legal.audit_log_default'::regclass) and tgname like '%audit%') as triggers,
              (select jsonb_object_agg(relname, relrowsecurity and relforcerowsecurity) from pg_class
                where oid in ('legal.cases'::regclass, 'legal.tenants'::regclass, 'legal.audit_log'::regclass)) as rls,
              (select count(*)::int from pg_inherits where inhparent = 'legal.audit_log'::regclass) as partitions`,
    )
  )[0];

describe('DDL on schema legal is audited into the schema chain', () => {
  it('who, when, the command: one event per DDL statement, in a chain that verifies', async () => {
    const before = (await ddlEvents()).length;
    await query(db.url, 'create index cases_ddl_probe_idx on legal.cases (tenant_id, created_at)');
    await query(db.url, 'drop index legal.cases_ddl_probe_idx');
    await query(db.url, 'create temp table scratch (a int)'); // not schema legal: not recorded
    const events = (await ddlEvents()).slice(before);
    expect(events.map((e) => [e.tag, e.objects.map((o) => o.object)])).toEqual([
      ['CREATE INDEX', ['legal.cases_ddl_probe_idx']],
      ['DROP INDEX', ['legal.cases_ddl_probe_idx']],
    ]);
    expect(events[0]?.statement).toBe('create index cases_ddl_probe_idx on legal.cases (tenant_id, created_at)');
    expect(events[0]?.login).toBe(new URL(db.url).username || 'postgres');
    const run = await cli(['audit', 'verify', '--url', db.url, '--tenant', SCHEMA_CHAIN]);
    expect(run.code).toBe(0);
  });
});

describe("the schema's owner cannot switch the guarantees off", async () => {
  const owner = await ownerLogin();
  const refusals: [string, string, RegExp][] = [
    [
      'disable the append-only trigger of an audit partition',
      'alter table legal.audit_log_default disable trigger audit_log_append_only',
      /disabling audit trigger audit_log_append_only/,
    ],
    [
      "disable a table's audit trigger",
      'alter table legal.cases disable trigger cases_audit_update',
      /disabling audit trigger cases_audit_update/,
    ],
    [
      'make an audit trigger replica-only',
      'alter table legal.cases enable replica trigger cases_audit_insert',
      /disabling audit trigger cases_audit_insert/,
    ],
    [
      'drop an audit trigger',
      'drop trigger cases_audit_delete on legal.cases',
      /dropping audit trigger cases_audit_delete/,
    ],
    [
      'NO FORCE row level security',
      'alter table legal.cases no force row level security',
      /turning row level security off \(or NO FORCE\) on legal\.cases/,
    ],
    [
      'disable row level security on tenants',
      'alter table legal.tenants disable row level security',
      /on legal\.tenants is refused/,
    ],
    [
      'detach an audit partition',
      'alter table legal.audit_log detach partition legal.audit_log_default',
      /detaching audit partition legal\.audit_log_default/,
    ],
  ];

  it.each(refusals)('%s: refused, nothing changed', async (_what, sql, message) => {
    const before = await state();
    const error = await owner.query(sql).catch((e: { code?: string; message: string }) => e);
    expect(error).toMatchObject({ code: '42501' });
    expect((error as Error).message).toMatch(message);
    expect(await state()).toEqual(before);
  });

  it('renaming an audit trigger first does not help', async () => {
    await owner.query('alter trigger cases_audit_insert on legal.cases rename to innocent');
    await expect(owner.query('alter table legal.cases disable trigger innocent')).rejects.toMatchObject({
      code: '42501',
    });
    await owner.query('alter trigger innocent on legal.cases rename to cases_audit_insert');
  });

  it('rewriting audit rows, replica mode, or replacing the guards: refused too', async () => {
    await expect(owner.query(`update legal.audit_log set reason = 'forged'`)).rejects.toMatchObject({ code: 'LG005' });
    await expect(owner.query(`set session_replication_role = replica`)).rejects.toMatchObject({ code: '42501' });
    await expect(
      owner.query(
        `create or replace function legal_guard.ddl_check() returns event_trigger language plpgsql as $$ begin end $$`,
      ),
    ).rejects.toMatchObject({ code: '42501' });
    await expect(owner.query('alter event trigger legal_ddl_guard_check disable')).rejects.toMatchObject({
      code: '42501',
    });
    await expect(owner.query(`delete from legal_guard.ddl_snapshots`)).rejects.toMatchObject({ code: '42501' });
  });

  it('what the owner may still do is recorded, with the owner as who', async () => {
    await owner.query('create index cases_owner_idx on legal.cases (tenant_id, title)');
    const last = (await ddlEvents()).at(-1);
    expect(last).toMatchObject({ tag: 'CREATE INDEX', db_role: 'legal_owner' });
    expect(last?.login).toMatch(/^owner_/);
    await owner.query('drop index legal.cases_owner_idx');
  });

  it('a superuser still may (documented), and it is recorded', async () => {
    await query(db.url, 'alter table legal.cases no force row level security');
    expect((await ddlEvents()).at(-1)?.statement).toBe('alter table legal.cases no force row level security');
    await query(db.url, 'alter table legal.cases force row level security');
  });
});

describe('verify sees a missing guard', () => {
  it('a dropped or disabled event trigger is a finding (exit 5)', async () => {
    const probe = await legalDatabase();
    await query(probe.url, 'drop event trigger legal_ddl_guard_check; alter event trigger legal_ddl_audit disable');
    const { code, doc } = await cliJson<{ findings: { rule: string; object: string }[] }>([
      'verify',
      '--url',
      probe.url,
    ]);
    expect(code).toBe(5);
    expect(doc.findings.filter((f) => f.rule === 'ddl_audit_missing').map((f) => f.object)).toEqual([
      'event trigger legal_ddl_audit',
      'event trigger legal_ddl_guard_check',
    ]);
  });
});
