import type pg from 'pg';
import type { VerifyFinding } from './finding.js';

const COMMANDS = [
  { name: 'select', code: 'r', using: true, check: false },
  { name: 'insert', code: 'a', using: false, check: true },
  { name: 'update', code: 'w', using: true, check: true },
  { name: 'delete', code: 'd', using: true, check: false },
] as const;

/**
 * `tenant_id = legal.current_tenant_id()`, as PostgreSQL deparses it, without whitespace: the
 * function called directly (Citus refuses a policy with a subquery on a distributed table).
 */
const TENANT_PREDICATE = '(tenant_id=legal.current_tenant_id())';
/** A subquery in a deparsed policy expression. */
const SUBQUERY = /\(\s*SELECT\s/i;
const squash = (expr: string | null): string => (expr ?? '').replace(/\s+/g, '');

/**
 * A policy expression is tenant-scoped when it is the tenant predicate, or the tenant
 * predicate AND-ed with the firm's access rules (which can only narrow it): at the top level,
 * `((tenant predicate) AND …)`, never inside an OR.
 */
function tenantScoped(expr: string | null): boolean {
  const squashed = squash(expr);
  return squashed === TENANT_PREDICATE || squashed.startsWith(`(${TENANT_PREDICATE}AND`);
}

/** A policy for the schema's owner only (its security definer functions maintain every row). */
const ownerOnly = (p: { roles: string[] }): boolean => p.roles.length > 0 && p.roles.every((r) => r === 'legal_owner');

interface TenantTable {
  oid: number;
  audit: boolean;
  internal: boolean;
  name: string;
  rls: boolean;
  forced: boolean;
  tenantNotNull: boolean;
  tenantAttnum: number;
}

/**
 * The rules of every table in `legal` with a `tenant_id` column: RLS enabled and forced,
 * the four `<table>_<command>` policies on the context function and no other permissive
 * one, `tenant_id` NOT NULL and first in the primary key, in every unique index and in
 * every foreign key to another tenant table, and an index leading with `tenant_id` for
 * the table and for each of those foreign keys.
 */
export async function checkTenantTables(client: pg.ClientBase): Promise<VerifyFinding[]> {
  const { rows: tables } = await client.query<TenantTable>(`
    select c.oid::int as oid, coalesce(obj_description(c.oid, 'pg_class') like 'Audit:%', false) as audit,
           coalesce(obj_description(c.oid, 'pg_class') like 'Internal:%', false) as internal,
           format('%I.%I', n.nspname, c.relname) as name, c.relrowsecurity as rls,
           c.relforcerowsecurity as forced, a.attnotnull as "tenantNotNull", a.attnum::int as "tenantAttnum"
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped
     where n.nspname = 'legal' and c.relkind in ('r', 'p') and not c.relispartition
     order by c.relname`);
  const tenantOids = new Set(tables.map((t) => t.oid));
  const findings: VerifyFinding[] = [];
  for (const table of tables) {
    const add = (rule: VerifyFinding['rule'], message: string): void => {
      findings.push({ rule, object: table.name, message });
    };
    if (!table.rls) add('rls_disabled', 'row level security is not enabled');
    if (!table.forced) add('rls_not_forced', 'row level security is not forced (the owner would bypass it)');
    if (!table.tenantNotNull) add('tenant_id_nullable', 'tenant_id may be NULL');

    const { rows: policies } = await client.query<AuditablePolicy>(
      `select polname as name, polcmd as cmd, polpermissive as permissive,
              pg_get_expr(polqual, polrelid) as qual, pg_get_expr(polwithcheck, polrelid) as check,
              array(select case r when 0 then 'public' else pg_get_userbyid(r) end from unnest(polroles) r)::text[] as roles
         from pg_policy where polrelid = $1`,
      [table.oid],
    );
    const bare = table.name.slice('legal.'.length).replaceAll('"', '');
    const expected = new Set(COMMANDS.map((c) => `${bare}_${c.name}`));
    // Internal tables (maintained by the schema's functions) admit their owner only.
    if (table.internal) {
      for (const policy of policies.filter((p) => p.permissive && !ownerOnly(p))) {
        add('unexpected_policy', `internal table: permissive policy ${policy.name} admits more than its owner`);
      }
      continue;
    }
    // The audit tables are written by their owner only (checkAudit); tenants may read their own rows.
    for (const command of table.audit ? [] : COMMANDS) {
      const policy = policies.find((p) => p.name === `${bare}_${command.name}`);
      if (!policy || policy.cmd !== command.code) {
        add('policy_missing', `no ${command.name.toUpperCase()} policy named ${bare}_${command.name}`);
        continue;
      }
      const scoped =
        policy.permissive &&
        (command.using ? tenantScoped(policy.qual) : policy.qual === null) &&
        (command.check ? tenantScoped(policy.check) : policy.check === null);
      if (!scoped) {
        add(
          'policy_not_tenant_scoped',
          `policy ${policy.name} does not start with tenant_id = legal.current_tenant_id() AND …`,
        );
      }
    }
    for (const policy of policies.filter((p) => SUBQUERY.test(p.qual ?? '') || SUBQUERY.test(p.check ?? ''))) {
      add(
        'policy_with_subquery',
        `policy ${policy.name} contains a subquery (Citus refuses it on a distributed table)`,
      );
    }
    const extra = policies.filter((p) => p.permissive && !expected.has(p.name) && !ownerOnly(p));
    for (const policy of table.audit ? extra.filter((p) => !auditPolicyOk(p)) : extra) {
      add('unexpected_policy', `permissive policy ${policy.name} widens access beyond the tenant predicate`);
    }

    const { rows: indexes } = await client.query<{
      name: string;
      primary: boolean;
      unique: boolean;
      partial: boolean;
      keys: number[];
    }>(
      `select i.indexrelid::regclass::text as name, i.indisprimary as primary, i.indisunique as unique,
              i.indpred is not null as partial,
              (string_to_array(i.indkey::text, ' ')::int[])[1:i.indnkeyatts] as keys
         from pg_index i where i.indrelid = $1`,
      [table.oid],
    );
    const primary = indexes.find((i) => i.primary);
    if (!primary || primary.keys[0] !== table.tenantAttnum)
      add('pk_without_tenant', 'the primary key does not start with tenant_id');
    for (const index of indexes.filter((i) => i.unique && !i.primary)) {
      if (!index.keys.includes(table.tenantAttnum))
        add('unique_without_tenant', `unique index ${index.name} lacks tenant_id`);
    }
    if (!indexes.some((i) => i.keys[0] === table.tenantAttnum)) add('no_tenant_index', 'no index leads with tenant_id');

    const { rows: fks } = await client.query<{
      name: string;
      target: number;
      targetName: string;
      cols: number[];
      refs: number[];
    }>(
      `select k.conname as name, k.confrelid::int as target, k.confrelid::regclass::text as "targetName",
              k.conkey::int[] as cols, k.confkey::int[] as refs
         from pg_constraint k where k.conrelid = $1 and k.contype = 'f'`,
      [table.oid],
    );
    for (const fk of fks.filter((f) => tenantOids.has(f.target))) {
      const position = fk.cols.indexOf(table.tenantAttnum);
      const target = tables.find((t) => t.oid === fk.target);
      if (position === -1 || fk.refs[position] !== target?.tenantAttnum) {
        add('fk_without_tenant', `foreign key ${fk.name} to ${fk.targetName} does not pair tenant_id with tenant_id`);
        continue;
      }
      const covered = indexes.some(
        // a partial index serves only the rows its predicate keeps: it does not cover the key
        (i) => !i.partial && i.keys[0] === table.tenantAttnum && sameSet(i.keys.slice(0, fk.cols.length), fk.cols),
      );
      if (!covered) add('fk_not_indexed', `no index leads with (${'tenant_id'}, …) for foreign key ${fk.name}`);
    }
  }
  return findings;
}

interface AuditablePolicy {
  name: string;
  cmd: string;
  permissive: boolean;
  qual: string | null;
  check: string | null;
  roles: string[];
}

/** On an audit table a policy may let its owner write, legal_system read, and anyone read their own tenant's rows. */
function auditPolicyOk(p: AuditablePolicy): boolean {
  if (ownerOnly(p)) return true;
  if (p.cmd === 'r' && p.roles.every((r) => r === 'legal_system')) return true;
  return p.cmd === 'r' && tenantScoped(p.qual);
}

function sameSet(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}
