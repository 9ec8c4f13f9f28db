import type pg from 'pg';
import type { VerifyFinding } from './finding.js';

/**
 * Tables in `legal` without `tenant_id` must be deliberately global: their comment starts
 * with "Global:" (docs/tenancy.md lists them). `tenants` itself must have RLS enabled and
 * forced, and its select policy. The runner's history table is exempt.
 */
export async function checkGlobalTables(client: pg.ClientBase): Promise<VerifyFinding[]> {
  const { rows } = await client.query<{
    name: string;
    comment: string | null;
    rls: boolean;
    forced: boolean;
    policies: string[];
  }>(`
    select format('%I.%I', n.nspname, c.relname) as name, obj_description(c.oid, 'pg_class') as comment,
           c.relrowsecurity as rls, c.relforcerowsecurity as forced,
           array(select polname from pg_policy where polrelid = c.oid order by 1)::text[] as policies
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'legal' and c.relkind in ('r', 'p') and not c.relispartition and c.relname <> 'schema_migrations'
       and not exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped)
     order by c.relname`);
  const findings: VerifyFinding[] = [];
  for (const table of rows) {
    if (!table.comment?.startsWith('Global:')) {
      findings.push({
        rule: 'unclassified_table',
        object: table.name,
        message: "has no tenant_id and is not marked global (COMMENT ON TABLE … IS 'Global: …')",
      });
    }
    if (table.name === 'legal.tenants') {
      if (!table.rls)
        findings.push({ rule: 'rls_disabled', object: table.name, message: 'row level security is not enabled' });
      if (!table.forced)
        findings.push({ rule: 'rls_not_forced', object: table.name, message: 'row level security is not forced' });
      if (!table.policies.includes('tenants_select')) {
        findings.push({ rule: 'policy_missing', object: table.name, message: 'no SELECT policy named tenants_select' });
      }
    }
  }
  return findings;
}
