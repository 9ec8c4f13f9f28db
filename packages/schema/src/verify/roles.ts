import type pg from 'pg';
import type { VerifyFinding } from './finding.js';

const ROLES = ['legal_owner', 'legal_app', 'legal_readonly', 'legal_system'] as const;
const UNDER_RLS = ['legal_app', 'legal_readonly'] as const;

/**
 * The roles: all four exist; the application and reporting roles neither bypass RLS
 * (nor are superusers), nor can become a role that does or that owns the schema, and
 * own nothing in this database.
 */
export async function checkRoles(client: pg.ClientBase): Promise<VerifyFinding[]> {
  const findings: VerifyFinding[] = [];
  const { rows } = await client.query<{ name: string; bypass: boolean; superuser: boolean }>(
    'select rolname as name, rolbypassrls as bypass, rolsuper as superuser from pg_roles where rolname = any($1::text[])',
    [ROLES],
  );
  const byName = new Map(rows.map((r) => [r.name, r]));
  for (const name of ROLES) {
    if (!byName.has(name)) findings.push({ rule: 'role_missing', object: `role ${name}`, message: 'does not exist' });
  }
  for (const name of UNDER_RLS) {
    const role = byName.get(name);
    if (!role) continue;
    if (role.bypass || role.superuser) {
      findings.push({
        rule: 'app_role_bypasses_rls',
        object: `role ${name}`,
        message: role.superuser ? 'is a superuser' : 'has BYPASSRLS',
      });
    }
    const { rows: assumable } = await client.query<{ name: string }>(
      `select r.rolname as name from pg_roles r
        where r.rolname <> $1 and pg_has_role($1, r.oid, 'MEMBER')
          and (r.rolsuper or r.rolbypassrls or r.rolname = 'legal_owner')`,
      [name],
    );
    for (const other of assumable) {
      findings.push({
        rule: 'app_role_can_assume_privileged_role',
        object: `role ${name}`,
        message: `is a member of ${other.name}, which bypasses RLS or owns the schema`,
      });
    }
    const { rows: owned } = await client.query<{ object: string }>(
      `select format('%s %s', kind, name) as object from (
         select 'relation' as kind, oid::regclass::text as name, relowner as owner from pg_class where relnamespace not in ('pg_catalog'::regnamespace, 'information_schema'::regnamespace)
         union all select 'function', oid::regprocedure::text, proowner from pg_proc where pronamespace not in ('pg_catalog'::regnamespace, 'information_schema'::regnamespace)
         union all select 'schema', nspname::text, nspowner from pg_namespace
         union all select 'type', oid::regtype::text, typowner from pg_type where typnamespace not in ('pg_catalog'::regnamespace, 'information_schema'::regnamespace) and typrelid = 0 and typcategory <> 'A'
       ) o where owner = (select oid from pg_roles where rolname = $1) order by 1`,
      [name],
    );
    for (const o of owned) {
      findings.push({ rule: 'app_role_owns_objects', object: `role ${name}`, message: `owns ${o.object}` });
    }
  }
  return findings;
}
