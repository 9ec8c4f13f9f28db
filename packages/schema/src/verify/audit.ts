import type pg from 'pg';
import type { VerifyFinding } from './finding.js';

/**
 * The audit trail: every tenant table (and tenants) carries an enabled audit trigger named
 * after it; the audit tables are writable by no application role.
 */
export async function checkAudit(client: pg.ClientBase): Promise<VerifyFinding[]> {
  const { rows: auditFunction } = await client.query<{ found: boolean }>(
    "select to_regprocedure('legal.audit_statement()') is not null as found",
  );
  if (!auditFunction[0]?.found) return [];
  const findings: VerifyFinding[] = [];
  const { rows: unaudited } = await client.query<{ name: string }>(`
    select format('%I.%I', n.nspname, c.relname) as name
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'legal' and c.relkind in ('r', 'p') and not c.relispartition
       and (c.relname = 'tenants' or exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped))
       and not coalesce(obj_description(c.oid, 'pg_class') like 'Audit:%', false)
       and not coalesce(obj_description(c.oid, 'pg_class') like 'Internal:%', false)
       and coalesce((
         select bit_or(t.tgtype & 28) from pg_trigger t          -- 4 INSERT | 8 DELETE | 16 UPDATE
          where t.tgrelid = c.oid and t.tgfoid = 'legal.audit_statement()'::regprocedure and t.tgenabled <> 'D'
            and (t.tgtype & 1) = 0                                -- FOR EACH STATEMENT, over transition tables
            and split_part(encode(t.tgargs, 'escape'), '\\000', 1) = c.relname), 0) <> 28
     order by 1`);
  for (const t of unaudited) {
    findings.push({
      rule: 'audit_trigger_missing',
      object: t.name,
      message: 'no enabled audit triggers (legal.enable_audit) for each of insert, update and delete',
    });
  }
  const { rows: writable } = await client.query<{ name: string; role: string; privilege: string }>(`
    select format('%I.%I', n.nspname, c.relname) as name, r.role, p.privilege
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      cross join unnest(array['legal_app', 'legal_readonly', 'legal_system']) r(role)
      cross join unnest(array['INSERT', 'UPDATE', 'DELETE', 'TRUNCATE']) p(privilege)
     where n.nspname = 'legal' and c.relkind in ('r', 'p') and obj_description(c.oid, 'pg_class') like 'Audit:%'
       and exists (select 1 from pg_roles where rolname = r.role)
       and has_table_privilege(r.role, c.oid, p.privilege)
     order by 1, 2, 3`);
  for (const w of writable) {
    findings.push({ rule: 'audit_log_writable', object: w.name, message: `${w.role} has ${w.privilege}` });
  }
  return findings;
}
