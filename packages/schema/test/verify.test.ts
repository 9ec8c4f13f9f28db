import { query } from '@legal/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifySchema } from '../src/index.js';
import { Session } from './support/as-role.js';
import { cli, cliJson } from './support/cli.js';
import { legalDatabase } from './support/legal-database.js';

const db = await legalDatabase();

let session: Session;
beforeAll(async () => {
  session = await Session.open(db.url);
});
afterAll(() => session.close());

/** The findings after `breakage`, inside a transaction that is rolled back (ALTER ROLE included). */
async function findingsAfter(breakage: string) {
  return session.rolledBack(async (client) => {
    await client.query(breakage);
    return (await verifySchema(client)).map(({ rule, object }) => ({ rule, object }));
  });
}

const NEW_TENANT_TABLE = (pk: string) => `
  create table legal.matter_notes (
    tenant_id uuid not null default legal.current_tenant_id() references legal.tenants (id),
    id uuid not null default gen_random_uuid(),
    body text,
    ${pk}
  );
  create index matter_notes_tenant_idx on legal.matter_notes (tenant_id);
  select legal.enable_tenant_isolation('legal.matter_notes');
  select legal.hand_over_ownership();`;

describe('legal-schema verify', () => {
  it('passes on head (the built bin, human and --json)', async () => {
    const human = await cli(['verify', '--url', db.url]);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('OK: every tenancy rule holds.');
    const json = await cliJson<{ ok: boolean; findings: unknown[] }>(['verify', '--url', db.url]);
    expect(json).toEqual({ code: 0, doc: { ok: true, command: 'verify', findings: [] } });
  });

  it('accepts a correctly built new tenant table', async () => {
    expect(await findingsAfter(NEW_TENANT_TABLE('primary key (tenant_id, id)'))).toEqual([]);
  });

  it.each([
    ['RLS off', 'alter table legal.cases disable row level security', 'rls_disabled', 'legal.cases'],
    ['RLS not forced', 'alter table legal.documents no force row level security', 'rls_not_forced', 'legal.documents'],
    ['a policy missing', 'drop policy cases_update on legal.cases', 'policy_missing', 'legal.cases'],
    [
      'a policy rewritten',
      'alter policy clients_select on legal.clients using (true)',
      'policy_not_tenant_scoped',
      'legal.clients',
    ],
    [
      'a policy with a subquery',
      'alter policy clients_select on legal.clients using (tenant_id = legal.current_tenant_id() and exists (select 1 from legal.users))',
      'policy_with_subquery',
      'legal.clients',
    ],
    [
      'an extra permissive policy',
      'create policy leak on legal.tasks for select using (true)',
      'unexpected_policy',
      'legal.tasks',
    ],
    ['a PK without tenant_id', NEW_TENANT_TABLE('primary key (id)'), 'pk_without_tenant', 'legal.matter_notes'],
    [
      'a unique index without tenant_id',
      'create unique index cases_global_matter on legal.cases (matter_number)',
      'unique_without_tenant',
      'legal.cases',
    ],
    [
      'a foreign key that does not pair tenant_id',
      'alter table legal.tasks add constraint tasks_crossed_fkey foreign key (case_id, tenant_id) references legal.cases (tenant_id, id) not valid',
      'fk_without_tenant',
      'legal.tasks',
    ],
    ['a foreign key without its index', 'drop index legal.tasks_created_by_idx', 'fk_not_indexed', 'legal.tasks'],
    [
      'a table neither tenant-scoped nor global',
      'create table legal.scratch (id int); select legal.hand_over_ownership()',
      'unclassified_table',
      'legal.scratch',
    ],
    ['BYPASSRLS on the app role', 'alter role legal_app bypassrls', 'app_role_bypasses_rls', 'role legal_app'],
    [
      'the app role able to become legal_system',
      'grant legal_system to legal_app',
      'app_role_can_assume_privileged_role',
      'role legal_app',
    ],
    [
      'the app role owning an object',
      'create table public.app_owned (id int); alter table public.app_owned owner to legal_app',
      'app_role_owns_objects',
      'role legal_app',
    ],
    [
      'a view without security_invoker',
      'create view legal.case_titles as select title from legal.cases; select legal.hand_over_ownership()',
      'view_without_security_invoker',
      'legal.case_titles',
    ],
    [
      'a SECURITY DEFINER function without search_path',
      'create function legal.peek() returns bigint language sql security definer as $$ select count(*) from legal.cases $$; revoke execute on function legal.peek() from public; select legal.hand_over_ownership()',
      'definer_without_search_path',
      'legal.peek()',
    ],
    [
      'a tenant table without its audit trigger',
      'drop trigger cases_audit_update on legal.cases',
      'audit_trigger_missing',
      'legal.cases',
    ],
    [
      'an audit trigger switched off',
      'alter table legal.documents disable trigger documents_audit_delete',
      'audit_trigger_missing',
      'legal.documents',
    ],
    [
      'the audit log writable by the app role',
      'grant update on legal.audit_log to legal_app',
      'audit_log_writable',
      'legal.audit_log',
      // …and a privilege the schema never grants
      [{ rule: 'grant_extra', object: 'table legal.audit_log' }],
    ],
    [
      'the app role without USAGE on the schema (a restore without its grants)',
      'revoke usage on schema legal from legal_app',
      'grant_missing',
      'schema legal',
    ],
    [
      'a security definer function executable by everyone',
      'grant execute on function legal.tenant_id_by_slug(text) to public',
      'grant_extra',
      'function legal.tenant_id_by_slug(text)',
    ],
    [
      'an owner policy gone (a restore without its roles)',
      // replica mode: the DDL audit would otherwise refuse it (its own insert policy is what goes)
      'set local session_replication_role = replica; drop policy audit_log_insert on legal.audit_log; set local session_replication_role = origin',
      'owner_policy_missing',
      'legal.audit_log',
    ],
    [
      'a foreign key covered only by a partial index',
      'drop index legal.documents_case_idx',
      'fk_not_indexed',
      'legal.documents',
    ],
    [
      'an object not owned by legal_owner',
      'alter function legal.touch_updated_at() owner to current_user',
      'not_owned_by_legal_owner',
      'legal.touch_updated_at()',
    ],
  ] as [string, string, string, string, { rule: string; object: string }[]?][])(
    '%s: reports exactly that finding',
    async (_what, breakage, rule, object, also = []) => {
      const byRule = (a: { rule: string }, b: { rule: string }) => a.rule.localeCompare(b.rule);
      expect((await findingsAfter(breakage)).sort(byRule)).toEqual([{ rule, object }, ...also].sort(byRule));
    },
  );

  it('exits 5 and names the table when a rule is broken (the built bin)', async () => {
    await query(db.url, 'alter table legal.expenses disable row level security');
    try {
      const run = await cli(['verify', '--url', db.url]);
      expect(run.code).toBe(5);
      expect(run.stdout).toContain('rls_disabled legal.expenses: row level security is not enabled');
      const json = await cliJson<{ findings: { rule: string; object: string }[] }>(['verify', '--url', db.url]);
      expect(json.code).toBe(5);
      expect(json.doc.findings).toEqual([expect.objectContaining({ rule: 'rls_disabled', object: 'legal.expenses' })]);
    } finally {
      await query(db.url, 'alter table legal.expenses enable row level security');
    }
  });
});
