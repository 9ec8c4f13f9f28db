import type pg from 'pg';
import type { VerifyFinding } from './finding.js';

/** Global tables that stay on the coordinator only: the runner's history and the sign-in throttle (read by coordinator-side functions). */
const COORDINATOR_ONLY = new Set(['legal.schema_migrations', 'legal.sign_in_misses']);

/**
 * On a Citus coordinator, the Citus form of migration 0022: legal.tenants distributed by id;
 * every table of a firm distributed by tenant_id and colocated with it (a firm's rows and its
 * audit chain on one worker); the other global tables reference tables; every function of
 * the schema on every node (policies, triggers and delegated calls run there). Nothing on
 * plain PostgreSQL.
 */
export async function checkCitus(client: pg.ClientBase): Promise<VerifyFinding[]> {
  const { rows: on } = await client.query<{ on: boolean }>(
    "select exists (select 1 from pg_extension where extname = 'citus') as on",
  );
  if (!on[0]?.on) return [];
  const { rows: tables } = await client.query<{
    name: string;
    tenant: boolean;
    method: string | null;
    column: string | null;
    colocated: boolean;
  }>(`
    select format('%I.%I', n.nspname, c.relname) as name,
           exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped) as tenant,
           p.partmethod::text as method,
           case when p.partmethod = 'h' then column_to_column_name(p.logicalrelid, p.partkey) end as column,
           p.colocationid = (select t.colocationid from pg_dist_partition t where t.logicalrelid = 'legal.tenants'::regclass) as colocated
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      left join pg_dist_partition p on p.logicalrelid = c.oid
     where n.nspname = 'legal' and c.relkind in ('r', 'p') and not c.relispartition
     order by 1`);
  const findings: VerifyFinding[] = [];
  for (const t of tables) {
    if (COORDINATOR_ONLY.has(t.name)) continue;
    const want = t.name === 'legal.tenants' ? 'id' : t.tenant ? 'tenant_id' : undefined;
    if (want) {
      if (t.method !== 'h' || t.column !== want || !t.colocated) {
        findings.push({
          rule: 'citus_not_distributed',
          object: t.name,
          message: `is not distributed by ${want} beside legal.tenants (found ${t.method ? `${t.method} by ${t.column ?? '-'}` : 'a local table'}): apply 0022, or select create_distributed_table('${t.name}', '${want}', colocate_with => 'legal.tenants')`,
        });
      }
    } else if (t.method !== 'n') {
      findings.push({
        rule: 'citus_not_distributed',
        object: t.name,
        message: `is global but not a reference table (found ${t.method ?? 'a local table'}): select create_reference_table('${t.name}')`,
      });
    }
  }
  const { rows: local } = await client.query<{ fn: string }>(`
    select p.oid::regprocedure::text as fn
      from pg_proc p
     where p.pronamespace = 'legal'::regnamespace and p.prokind = 'f' and p.prorettype <> 'event_trigger'::regtype
       and not exists (select 1 from pg_dist_object o where o.classid = 'pg_proc'::regclass and o.objid = p.oid)
     order by 1`);
  for (const { fn } of local) {
    findings.push({
      rule: 'citus_not_distributed',
      object: `function ${fn}`,
      message: `exists on the coordinator only: select create_distributed_function('${fn}')`,
    });
  }
  return findings;
}
