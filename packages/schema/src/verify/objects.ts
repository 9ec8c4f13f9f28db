import type pg from 'pg';
import type { VerifyFinding } from './finding.js';

/**
 * The objects of `legal`: every view is `security_invoker` (so RLS applies to the caller,
 * not the view's owner), every SECURITY DEFINER function pins its search_path, and every
 * object but the runner's history table is owned by legal_owner.
 */
export async function checkObjects(client: pg.ClientBase): Promise<VerifyFinding[]> {
  const findings: VerifyFinding[] = [];
  const { rows: views } = await client.query<{ name: string }>(`
    select format('%I.%I', n.nspname, c.relname) as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'legal' and c.relkind in ('v', 'm')
       and not coalesce('security_invoker=true' = any(c.reloptions) or 'security_invoker=on' = any(c.reloptions), false)
     order by 1`);
  for (const view of views) {
    findings.push({
      rule: 'view_without_security_invoker',
      object: view.name,
      message: "view runs with its owner's rights: create it WITH (security_invoker = true)",
    });
  }
  const { rows: definers } = await client.query<{ name: string }>(`
    select p.oid::regprocedure::text as name from pg_proc p
     where p.pronamespace = 'legal'::regnamespace and p.prosecdef
       and not exists (select 1 from unnest(coalesce(p.proconfig, '{}')) c where c like 'search_path=%')
     order by 1`);
  for (const fn of definers) {
    findings.push({
      rule: 'definer_without_search_path',
      object: fn.name,
      message: 'SECURITY DEFINER function without SET search_path',
    });
  }
  const { rows: owners } = await client.query<{ name: string; owner: string }>(`
    select name, owner from (
      select c.oid::regclass::text as name, pg_get_userbyid(c.relowner) as owner from pg_class c
       where c.relnamespace = 'legal'::regnamespace and c.relkind in ('r', 'p', 'v', 'm', 'S', 'f') and c.relname <> 'schema_migrations'
      union all
      select p.oid::regprocedure::text, pg_get_userbyid(p.proowner) from pg_proc p where p.pronamespace = 'legal'::regnamespace
      union all
      select 'schema legal', pg_get_userbyid(nspowner) from pg_namespace where nspname = 'legal'
    ) o where owner <> 'legal_owner' order by 1`);
  for (const o of owners) {
    findings.push({ rule: 'not_owned_by_legal_owner', object: o.name, message: `owned by ${o.owner}` });
  }
  return findings;
}
